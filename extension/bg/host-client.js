// One long-lived connectNative port to the zcrm-bridge host, with request/answer correlation and timeouts.
// A process per request (sendNativeMessage) costs 7-30 ms; a message on an open port costs well under 1 ms.
// Each port starts with `hello`: requests wait for its answer, and a host that speaks another protocol gets none.

import { ErrorCode, errorMessage } from '../lib/host-errors.js';
import { helloProblem } from '../lib/protocol.js';
import { createCorrelator } from '../lib/requests.js';
import { HOST_NAME } from '../platform/browser.js';

// Long enough for a host waiting on the vault lock (5 s) plus a slow disk.
const REQUEST_TIMEOUT_MS = 15000;

export class HostError extends Error {
  constructor(code, message, retryAfterMs) {
    super(message);
    this.code = code;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

export class HostClient {
  #runtime;
  #hostName;
  #extensionVersion;
  #timeoutMs;
  // The open port: {port, ready (hello answered with our protocol), queue (requests waiting for ready), closed,
  // error (why it closed)}.
  #conn = null;
  #correlator = createCorrelator();
  #waiting = new Map(); // id -> {resolve, reject, timer, conn}

  /**
   * @param {{runtime: {connectNative: Function, lastError?: {message: string}}, extensionVersion: string,
   *   hostName?: string, timeoutMs?: number}} options `runtime` is the browser's `runtime` API (a fake in tests);
   *   `extensionVersion` the manifest's version, named when the host speaks another protocol.
   */
  constructor({ runtime, extensionVersion, hostName = HOST_NAME, timeoutMs = REQUEST_TIMEOUT_MS }) {
    this.#runtime = runtime;
    this.#extensionVersion = extensionVersion;
    this.#hostName = hostName;
    this.#timeoutMs = timeoutMs;
  }

  /** Sends one request; resolves with the answer (ok: true) or rejects with a HostError. */
  request(type, fields = {}) {
    let conn;
    try {
      conn = this.#connect();
    } catch (e) {
      return Promise.reject(new HostError(ErrorCode.HOST_UNAVAILABLE, hostProblem(String(e?.message ?? e))));
    }
    return this.#send(conn, type, fields);
  }

  #send(conn, type, fields, { now = false } = {}) {
    if (conn.closed) return Promise.reject(conn.error); // the port failed while this request was being made
    const { id, message } = this.#correlator.next(type, fields);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#timeout(id), this.#timeoutMs);
      this.#waiting.set(id, { resolve, reject, timer, conn });
      if (now || conn.ready) this.#post(conn, message);
      else conn.queue.push({ id, message });
    });
  }

  #post(conn, message) {
    try {
      conn.port.postMessage(message);
    } catch (e) {
      this.#drop(conn, new HostError(ErrorCode.HOST_UNAVAILABLE, hostProblem(String(e?.message ?? e))));
    }
  }

  #connect() {
    if (this.#conn) return this.#conn;
    const port = this.#runtime.connectNative(this.#hostName);
    const conn = { port, ready: false, queue: [], closed: false, error: null };
    port.onMessage.addListener((answer) => this.#onAnswer(answer));
    port.onDisconnect.addListener((p) => {
      const why = this.#runtime.lastError?.message ?? p?.error?.message ?? 'The zcrm-bridge host stopped.';
      this.#drop(conn, new HostError(ErrorCode.HOST_UNAVAILABLE, hostProblem(why)), { disconnect: false });
    });
    this.#conn = conn;
    this.#send(conn, 'hello', {}, { now: true }).then((hello) => {
      const problem = helloProblem(hello, this.#extensionVersion);
      if (problem) {
        this.#drop(conn, new HostError(ErrorCode.HOST_VERSION_MISMATCH, problem));
        return;
      }
      conn.ready = true;
      const queued = conn.queue.splice(0);
      for (const { message } of queued) if (!conn.closed) this.#post(conn, message);
    }, (error) => this.#drop(conn, error));
    return conn;
  }

  #onAnswer(answer) {
    const entry = this.#correlator.resolve(answer);
    const waiter = entry && this.#waiting.get(entry.id);
    if (!waiter) return; // an answer to a request that already timed out
    this.#waiting.delete(entry.id);
    clearTimeout(waiter.timer);
    if (answer.ok === true) waiter.resolve(answer);
    else {
      const err = answer.error ?? {};
      const code = err.code ?? ErrorCode.INTERNAL;
      waiter.reject(new HostError(code, err.message ?? errorMessage(code), err.retry_after_ms));
    }
  }

  #timeout(id) {
    const waiter = this.#waiting.get(id);
    if (!waiter) return;
    this.#correlator.cancel(id);
    this.#waiting.delete(id);
    const queue = waiter.conn.queue;
    const at = queue.findIndex((q) => q.id === id);
    if (at >= 0) queue.splice(at, 1); // never sent: it will not be
    waiter.reject(new HostError(ErrorCode.HOST_TIMEOUT, errorMessage(ErrorCode.HOST_TIMEOUT)));
  }

  /**
   * Ends a port: every request on it fails with `error`, and the next request opens a new port (and says hello
   * again, so a host updated meanwhile is used). `disconnect` closes a port the host has not closed itself.
   */
  #drop(conn, error, { disconnect = true } = {}) {
    if (this.#conn === conn) this.#conn = null;
    if (!conn.closed) {
      conn.closed = true;
      conn.error = error;
      if (disconnect) {
        try {
          conn.port.disconnect();
        } catch {
          // already gone
        }
      }
    }
    conn.queue.length = 0;
    for (const [id, waiter] of this.#waiting) {
      if (waiter.conn !== conn) continue;
      this.#correlator.cancel(id);
      this.#waiting.delete(id);
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

/** The browser's terse error, with what a person can do about it. */
function hostProblem(message) {
  if (/not found/i.test(message)) {
    return 'The zcrm-bridge host is not installed for this browser. Run the installer, then `zcrm-bridge doctor`.';
  }
  if (/forbidden/i.test(message)) return 'This browser profile may not start the zcrm-bridge host: reinstall it.';
  return `The zcrm-bridge host stopped: ${message} Run \`zcrm-bridge doctor\` to find out why.`;
}
