// zcrm-bridge client for web apps: include this file, then
//   const bridge = ZcrmBridge.connect({ extensionId: 'mciafbmjacfgnhggggcgpdideanjcieg' });  // timeoutMs: 20000
//   const account = await bridge.getAccount();          // {id, name, kind, module?} or null
//   const stop = bridge.onAccountChange((account) => …);  // called at once, then on every change
//   const { access_token, api_domain, expires_at } = await bridge.getToken();  // only where the user allowed it
//   await bridge.signIn();                               // opens Zoho's sign-in
// Errors reject with an Error whose .code is FORBIDDEN (origin not allowed), NOT_INSTALLED, or a host/Zoho code.
// Chromium-family browsers talk to the extension directly (externally_connectable); elsewhere (Firefox) the
// extension's content script relays window.postMessage for allowed origins.
(function (global) {
  'use strict';
  const BRIDGE = 'zcrm-bridge';
  const DEFAULT_TIMEOUT_MS = 20000;

  function fail(code, message) {
    const e = new Error(message);
    e.code = code;
    return e;
  }

  function unwrap(answer) {
    if (!answer) throw fail('NOT_INSTALLED', 'The zcrm-bridge extension did not answer: is it installed and enabled?');
    if (answer.ok === false) throw fail(answer.error?.code ?? 'ERROR', answer.error?.message ?? 'Refused.');
    return answer;
  }

  function directTransport(extensionId) {
    const runtime = global.chrome?.runtime;
    return {
      request: (message) => new Promise((resolve, reject) => {
        runtime.sendMessage(extensionId, message, (answer) => {
          if (runtime.lastError) reject(fail('NOT_INSTALLED', runtime.lastError.message));
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

  function windowTransport(timeoutMs) {
    let next = 1;
    const pending = new Map();
    const subscribers = new Map();
    global.addEventListener('message', (event) => {
      // Only the content script in this very window answers; it posts with this page's own origin.
      if (event.source !== global || event.origin !== global.location.origin) return;
      const m = event.data;
      if (!m || m.channel !== BRIDGE || m.direction !== 'to-page') return;
      if (pending.has(m.id)) {
        pending.get(m.id)(m.answer);
        pending.delete(m.id);
      } else if (subscribers.has(m.id)) subscribers.get(m.id)(m.answer);
    });
    const post = (id, message) =>
      global.postMessage({ channel: BRIDGE, direction: 'to-extension', id, message }, global.location.origin);
    return {
      request: (message) => new Promise((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(fail('NOT_INSTALLED', 'The zcrm-bridge extension did not answer: is it installed and is this site allowed?'));
        }, timeoutMs);
        pending.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        post(id, message);
      }),
      subscribe(onMessage) {
        const id = next++;
        subscribers.set(id, onMessage);
        post(id, { type: 'subscribe' });
        return () => {
          subscribers.delete(id);
          post(id, { type: 'unsubscribe' });
        };
      },
    };
  }

  function connect({ extensionId, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const direct = Boolean(extensionId && global.chrome?.runtime?.sendMessage);
    const transport = direct ? directTransport(extensionId) : windowTransport(timeoutMs);
    const ask = async (message) => unwrap(await transport.request(message));
    return {
      transport: direct ? 'direct' : 'window',
      getAccount: async () => (await ask({ type: 'getAccount' })).account,
      getToken: async () => {
        const { access_token, api_domain, expires_at } = await ask({ type: 'getToken' });
        return { access_token, api_domain, expires_at };
      },
      signIn: async () => {
        await ask({ type: 'signIn' });
      },
      onAccountChange(callback, onError) {
        return transport.subscribe((m) => {
          if (m?.ok === false) onError?.(fail(m.error?.code ?? 'ERROR', m.error?.message ?? 'Refused.'));
          else if (m?.type === 'account') callback(m.account);
        });
      },
    };
  }

  global.ZcrmBridge = { connect };
})(typeof window !== 'undefined' ? window : globalThis);
