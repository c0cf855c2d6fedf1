// One long-lived connectNative port to the zcrm-bridge host, with request/answer correlation and timeouts.
// A process per request (sendNativeMessage) costs 7-30 ms; a message on an open port costs well under 1 ms.

import { createCorrelator } from '../lib/requests.js';
import { api, HOST_NAME } from '../platform/browser.js';

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
  #port = null;
  #correlator = createCorrelator();
  #waiting = new Map(); // id -> {resolve, reject, timer}

  /** Sends one request; resolves with the answer (ok: true) or rejects with a HostError. */
  request(type, fields = {}) {
    const port = this.#connect();
    const { id, message } = this.#correlator.next(type, fields);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#correlator.cancel(id);
        this.#waiting.delete(id);
        reject(new HostError('HOST_TIMEOUT', 'The zcrm-bridge host did not answer in time.'));
      }, REQUEST_TIMEOUT_MS);
      this.#waiting.set(id, { resolve, reject, timer });
      try {
        port.postMessage(message);
      } catch (e) {
        this.#fail(new HostError('HOST_UNAVAILABLE', String(e?.message ?? e)));
      }
    });
  }

  #connect() {
    if (this.#port) return this.#port;
    const port = api.runtime.connectNative(HOST_NAME);
    port.onMessage.addListener((answer) => this.#onAnswer(answer));
    port.onDisconnect.addListener((p) => {
      const why = api.runtime.lastError?.message ?? p?.error?.message ?? 'The zcrm-bridge host stopped.';
      if (this.#port === port) this.#port = null;
      this.#fail(new HostError('HOST_UNAVAILABLE', hostProblem(why)));
    });
    this.#port = port;
    return port;
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
      waiter.reject(new HostError(err.code ?? 'INTERNAL', err.message ?? 'The host refused.', err.retry_after_ms));
    }
  }

  #fail(error) {
    for (const entry of this.#correlator.rejectAll(error)) {
      const waiter = this.#waiting.get(entry.id);
      if (!waiter) continue;
      this.#waiting.delete(entry.id);
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
