// What web apps may ask (docs/WEB-APPS.md): the chosen account and changes to it (every allowed origin), Zoho CRM
// calls made by the extension and starting a sign-in (level crm), the token itself (level token). Origins are
// checked on every message against the settings.

import { webAppPolicy } from '../lib/web-app-policy.js';
import { signInAnswer, webError } from '../lib/web-errors.js';
import { webSenderOrigin } from '../lib/web-sender.js';
import { api } from '../platform/browser.js';

const FORBIDDEN = webError('FORBIDDEN', 'This site is not allowed to use zcrm-bridge. Add its origin in the extension options.');

function publicAccount(account) {
  return account ? { id: account.id, name: account.name, kind: account.kind, module: account.module } : null;
}

/** Answers one web-app request; never throws. `proxy` makes the CRM calls (bg/crm-proxy.js). */
export async function answerWebApp(session, origin, request, proxy) {
  const policy = webAppPolicy(session.settings ?? {}, origin);
  if (!policy.allowed) return FORBIDDEN;
  try {
    switch (request?.type) {
      case 'getAccount':
        return { ok: true, account: publicAccount(await session.chosenAccount()) };
      case 'getToken': {
        if (!policy.canReadToken) return webError('FORBIDDEN', 'This site may not read the token; it can call Zoho CRM through zcrm-bridge where the person allowed it (crm.request).');
        const t = await session.token(origin);
        return { ok: true, access_token: t.access_token, api_domain: t.endpoints.api, expires_at: t.expires_at };
      }
      case 'signIn':
        // Opening Zoho's sign-in spends the person's sign-in budget: only a site trusted with CRM calls may.
        if (!policy.canSignIn) return webError('FORBIDDEN', 'This site may read the chosen account, not start a sign-in.');
        return signInAnswer(await session.signIn());
      case 'crm.request':
        return await proxy.request(origin, policy, request);
      default:
        return webError('UNKNOWN_TYPE');
    }
  } catch (e) {
    return { ok: false, error: { code: e.code ?? 'ERROR', message: e.message } };
  }
}

/** A subscription: the current account at once, then every change, for as long as the port is open. */
export function subscribeWebApp(session, port, origin) {
  if (!webAppPolicy(session.settings ?? {}, origin).allowed) {
    port.postMessage(FORBIDDEN);
    port.disconnect();
    return;
  }
  let last = JSON.stringify(publicAccount(session.state.account));
  const send = (account) => port.postMessage({ ok: true, type: 'account', account });
  const off = session.onChange((state) => {
    const now = JSON.stringify(publicAccount(state.account));
    if (now !== last) {
      last = now;
      send(publicAccount(state.account));
    }
  });
  port.onDisconnect.addListener(off);
  session.chosenAccount().then((a) => send(publicAccount(a)), () => send(null));
}

// Who sent a web-app message: the origin of a tab's top frame, as the browser says it (lib/web-sender.js), or
// nobody (''), whom every policy refuses.
const originOf = (sender) => webSenderOrigin(sender).origin ?? '';

export function listenForWebApps(session, proxy) {
  // The content-script bridge (both browsers): only our own content script relays, for the page it runs in.
  api.runtime.onMessage.addListener((message, sender, reply) => {
    if (!message?.bridge || sender.id !== api.runtime.id || !sender.tab) return false;
    answerWebApp(session, originOf(sender), message.bridge, proxy).then(reply);
    return true;
  });
  api.runtime.onConnect.addListener((port) => {
    if (port.name !== 'bridge-subscription' || !port.sender?.tab) return;
    subscribeWebApp(session, port, originOf(port.sender));
  });
  // Pages messaging the extension directly through externally_connectable (Chromium family only).
  if (!api.runtime.onMessageExternal || !api.runtime.onConnectExternal) return;
  api.runtime.onMessageExternal.addListener((request, sender, reply) => {
    answerWebApp(session, originOf(sender), request, proxy).then(reply);
    return true;
  });
  api.runtime.onConnectExternal.addListener((port) => subscribeWebApp(session, port, originOf(port.sender)));
}
