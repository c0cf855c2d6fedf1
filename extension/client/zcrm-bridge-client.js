// zcrm-bridge-client, generated from src/index.mjs by build.mjs: do not edit, run `node extension/client/build.mjs`.
// In a page: <script src="zcrm-bridge-client.js"></script> defines the global ZcrmBridge {BridgeError, connect}.
// With require(): module.exports is the same object.
(function (root, factory) {
  if (typeof module === 'object' && module && module.exports) module.exports = factory();
  else root.ZcrmBridge = factory();
})(typeof globalThis !== 'undefined' ? globalThis : this, function () {
'use strict';

// zcrm-bridge-client: how a web page talks to the zcrm-bridge extension. The page never holds the Zoho token: it
// reads the account the person chose, hears when it changes, and asks the extension to make Zoho CRM calls.
//   const bridge = connect({ extensionId });  // the ID from README.md; timeoutMs: 20000
//   const account = await bridge.getAccount();            // {id, name, kind, module?} or null
//   const stop = bridge.onAccountChange((account) => …);  // called at once, then on every change
//   const { status, body } = await bridge.crm.request('GET', '/crm/v8/Accounts', { params: { per_page: 20 } });
//   await bridge.signIn();                                // opens Zoho's sign-in (sites allowed CRM calls)
//   const { access_token } = await bridge.getToken();    // only sites the person trusted with the token
// Every call rejects with a BridgeError whose .code says why (docs/WEB-APPS.md has every code).
// Chromium-family browsers talk to the extension directly (externally_connectable); elsewhere (Firefox, and
// origins outside externally_connectable) the extension's content script relays window.postMessage.
//
// The package's source is src/index.mjs (an ES module); build.mjs wraps it into zcrm-bridge-client.js (for a
// <script> tag, which defines the global ZcrmBridge, and for require()). It imports nothing, and it reads the
// browser's globals only when connect() is called.

const CHANNEL = 'zcrm-bridge';
const DEFAULT_TIMEOUT_MS = 20000;
const NOT_INSTALLED = 'The zcrm-bridge extension did not answer: is it installed and enabled?';
const NO_ANSWER = 'The zcrm-bridge extension did not answer: is it installed and is this site allowed?';
// Message IDs are unique in the page, also between two copies of this script: a random start, then counting.
let nextId = Math.floor(Math.random() * 2 ** 31) * 4096 + 1;

/** A refusal or failure, with the code that says why and, for a busy Zoho, when to try again. */
class BridgeError extends Error {
  constructor(code, message, retryAfterMs) {
    super(message || code);
    this.name = 'BridgeError';
    this.code = code;
    if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
      this.retryAfterMs = retryAfterMs;
    }
  }
}

function errorOf(answer) {
  const e = answer.error ?? {};
  return new BridgeError(typeof e.code === 'string' && e.code ? e.code : 'ERROR', e.message ?? 'Refused.', e.retry_after_ms);
}

function unwrap(answer) {
  if (!answer || typeof answer !== 'object') throw new BridgeError('NOT_INSTALLED', NOT_INSTALLED);
  if (answer.ok === false) throw errorOf(answer);
  return answer;
}

function directTransport(runtime, extensionId) {
  return {
    kind: 'direct',
    heard: () => true, // the browser itself says at once when the extension is not there
    request: (message) => new Promise((resolve, reject) => {
      runtime.sendMessage(extensionId, message, (answer) => {
        if (runtime.lastError) reject(new BridgeError('NOT_INSTALLED', runtime.lastError.message || NOT_INSTALLED));
        else resolve(answer);
      });
    }),
    subscribe(onMessage) {
      const port = runtime.connect(extensionId, { name: 'account' });
      port.onMessage.addListener(onMessage);
      return () => port.disconnect();
    },
  };
}

function windowTransport(global, defaultTimeoutMs) {
  if (typeof global.addEventListener !== 'function' || typeof global.postMessage !== 'function' || !global.location) {
    // Not a browser page (a server-side render, a worker): there is no extension to ask.
    const absent = () => Promise.reject(new BridgeError('NOT_INSTALLED', 'zcrm-bridge works in a browser page only.'));
    return { kind: 'window', heard: () => false, request: absent, subscribe: () => () => {} };
  }
  let heard = false;
  const pending = new Map();
  const subscribers = new Map();
  global.addEventListener('message', (event) => {
    // Only the content script in this very window answers; it posts with this page's own origin.
    if (event.source !== global || event.origin !== global.location.origin) return;
    const m = event.data;
    if (!m || m.channel !== CHANNEL || m.direction !== 'to-page') return;
    if (pending.has(m.id)) {
      heard = true;
      pending.get(m.id)(m.answer);
      pending.delete(m.id);
    } else if (subscribers.has(m.id)) subscribers.get(m.id)(m.answer);
  });
  const post = (id, message) =>
    global.postMessage({ channel: CHANNEL, direction: 'to-extension', id, message }, global.location.origin);
  return {
    kind: 'window',
    heard: () => heard,
    // `timeoutMs` null: wait for the answer as long as it takes (the content script answers every request it
    // relays, with NOT_INSTALLED when the extension has gone).
    request: (message, timeoutMs = defaultTimeoutMs) => new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = timeoutMs === null ? null : setTimeout(() => {
        pending.delete(id);
        reject(new BridgeError('NOT_INSTALLED', NO_ANSWER));
      }, timeoutMs);
      pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      try {
        post(id, message);
      } catch (e) {
        clearTimeout(timer);
        pending.delete(id);
        reject(new BridgeError('BAD_REQUEST', `The request cannot be sent: ${e?.message ?? e}`));
      }
    }),
    subscribe(onMessage) {
      const id = nextId++;
      subscribers.set(id, onMessage);
      post(id, { type: 'subscribe' });
      return () => {
        subscribers.delete(id);
        post(id, { type: 'unsubscribe' });
      };
    },
  };
}

// What crosses to the extension is JSON (Chromium's messaging is JSON): the same copy on both transports, and a
// value JSON cannot carry (a BigInt, a cycle) is refused here rather than half sent.
function asJson(message) {
  try {
    return JSON.parse(JSON.stringify(message));
  } catch (e) {
    throw new BridgeError('BAD_REQUEST', `The request is not JSON: ${e?.message ?? e}`);
  }
}

/**
 * Connects to the zcrm-bridge extension. `extensionId` (Chromium-family browsers) lets the page message the
 * extension directly where the extension lists the page's origin; otherwise the content-script relay is used.
 * `timeoutMs` is how long the relay waits for an answer before NOT_INSTALLED.
 */
function connect({ extensionId, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const global = globalThis;
  const runtime = global.chrome?.runtime;
  const direct = Boolean(extensionId && runtime?.sendMessage);
  const transport = direct ? directTransport(runtime, extensionId) : windowTransport(global, timeoutMs);
  const ask = async (message, wait) => unwrap(await transport.request(message, wait));
  // A call that may take long (a person signing in, a queued CRM call) first makes sure, within timeoutMs, that
  // the extension answers at all (any answer will do); then it waits for its own answer as long as it takes.
  const askLong = async (message) => {
    if (!transport.heard()) {
      await ask({ type: 'getAccount' }).catch((e) => {
        if (!transport.heard()) throw e;
      });
    }
    return ask(message, null);
  };
  return {
    transport: transport.kind,
    getAccount: async () => (await ask({ type: 'getAccount' })).account ?? null,
    getToken: async () => {
      const { access_token, api_domain, expires_at } = await ask({ type: 'getToken' });
      return { access_token, api_domain, expires_at };
    },
    signIn: async () => {
      await askLong({ type: 'signIn' });
    },
    onAccountChange(callback, onError) {
      return transport.subscribe((m) => {
        if (m?.ok === false) onError?.(errorOf(m));
        else if (m?.type === 'account') callback(m.account ?? null);
      });
    },
    crm: {
      async request(method, path, { params, body, headers } = {}) {
        const message = asJson({ type: 'crm.request', method: typeof method === 'string' ? method.toUpperCase() : method,
          path, params, body, headers });
        const answer = await askLong(message);
        return { status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? null };
      },
    },
  };
}

return Object.freeze({ BridgeError: BridgeError, connect: connect });
});
