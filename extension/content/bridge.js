// Web-app bridge (content script, top frame only): relays window.postMessage requests from the page itself to the
// background and answers only that page. Used where a page cannot message the extension directly (Firefox), and by
// the client script everywhere it finds no externally_connectable. The background checks the origin again.
(() => {
  'use strict';
  if (window !== window.top || globalThis.__zcrmBridge) return;
  globalThis.__zcrmBridge = true;
  const api = globalThis.browser ?? globalThis.chrome;
  const CHANNEL = 'zcrm-bridge';
  const subscriptions = new Map();

  const answer = (id, payload) =>
    window.postMessage({ channel: CHANNEL, direction: 'to-page', id, answer: payload }, window.location.origin);

  window.addEventListener('message', (event) => {
    // Only this very page: not a frame, not another window, not another origin.
    if (event.source !== window || event.origin !== window.location.origin) return;
    const m = event.data;
    if (!m || m.channel !== CHANNEL || m.direction !== 'to-extension' || typeof m.id !== 'number') return;
    const type = m.message?.type;
    if (type === 'subscribe') {
      const port = api.runtime.connect({ name: 'bridge-subscription' });
      port.onMessage.addListener((update) => answer(m.id, update));
      subscriptions.set(m.id, port);
    } else if (type === 'unsubscribe') {
      subscriptions.get(m.id)?.disconnect();
      subscriptions.delete(m.id);
    } else {
      api.runtime.sendMessage({ bridge: m.message }).then(
        (reply) => answer(m.id, reply),
        (e) => answer(m.id, { ok: false, error: { code: 'NOT_INSTALLED', message: String(e?.message ?? e) } }),
      );
    }
  });
})();
