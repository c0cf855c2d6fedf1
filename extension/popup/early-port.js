// Opens the popup's `ui` port while the page is still being parsed, before its modules have loaded, so the
// background's first message (with the list's first screen) is already on its way while popup.js loads (issue 15:
// first results at once). A classic script, run where it stands in popup.html; popup.js takes the port and any
// message that came before it from `globalThis.zcrmEarlyPort`.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const port = api.runtime.connect({ name: 'ui' });
  const early = [];
  const keep = (m) => early.push(m);
  port.onMessage.addListener(keep);
  globalThis.zcrmEarlyPort = {
    port,
    // Hands over: the messages kept so far, in order, then every later one. Events are dispatched on later turns,
    // so none arrives between the two steps.
    take(listener) {
      port.onMessage.removeListener(keep);
      for (const m of early.splice(0)) listener(m);
      port.onMessage.addListener(listener);
    },
  };
})();
