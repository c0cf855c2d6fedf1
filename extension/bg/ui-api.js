// Requests from the extension's own pages (popup, options), and the state pushed to them on every change.

import { api } from '../platform/browser.js';
import { saveSettings } from './settings-store.js';

export function listenForPages(session, accounts) {
  const ports = new Set();
  const view = () => ({ ...session.state, accounts: accounts.progress, source: session.settings?.accountSource ?? null,
    redirectUrl: api.identity.getRedirectURL('cb') });
  const push = () => {
    const v = view();
    for (const p of ports) p.postMessage({ type: 'state', state: v });
  };
  session.onChange(push);
  // What a page is sent when it connects: the state and the list's first screen (the empty query), so it shows the
  // chooser from this one message instead of asking again (issue 15: popup within 1.2× of a bare page).
  const firstMessage = () => ({ type: 'state', state: view(), results: accounts.search('', session.state.recent) });
  // A background that has just started reads the cached first screen after a page may have connected: it goes to
  // the open pages as soon as it is there (a page that shows a list already keeps it).
  accounts.onFirstScreen(() => {
    const message = firstMessage();
    for (const p of ports) p.postMessage(message);
  });

  api.runtime.onConnect.addListener((port) => {
    if (port.name !== 'ui' || port.sender?.id !== api.runtime.id || port.sender?.tab?.url?.startsWith('http')) return;
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
    port.postMessage(firstMessage());
    session.refreshStatus({ listTokens: true }); // a page that lists who is signed in on this computer is shown
  });

  const commands = {
    state: async () => view(),
    signIn: () => session.signIn(),
    signOut: async () => {
      accounts.reset();
      return session.signOut();
    },
    refresh: () => session.refresh(),
    // The active user: another profile's installation from the signed-in list, or null for this profile's own.
    useUser: (m) => session.useUser(typeof m.installation === 'string' ? m.installation : null),
    // The names of this profile's Firefox containers, for the list of who is signed in ({} elsewhere).
    containerNames: async () => ({ ok: true, names: await session.containers?.names() ?? {} }),
    // Signs out the user of one of this profile's Firefox containers (its row in the list of who is signed in).
    signOutContainer: async (m) => session.containers?.signOut(typeof m.installation === 'string' ? m.installation : '')
      ?? { ok: false, error: { code: 'ERROR', message: 'This browser has no containers.' } },
    choose: async (m) => ({ ok: true, account: await session.choose(m.account) }),
    search: async (m) => ({ ok: true, results: accounts.search(m.query, session.state.recent),
      remote: accounts.remoteSearchDue(m.query) }),
    // While the first sync runs: the local results merged with Zoho's search (one CRM call).
    searchRemote: async (m) => ({ ok: true, results: await accounts.searchMerged(m.query, session.state.recent) }),
    loadAccounts: async () => {
      await accounts.load(push);
      return { ok: !accounts.progress.error, progress: accounts.progress };
    },
    syncAccounts: async () => {
      await accounts.syncNow(push);
      return { ok: !accounts.progress.error, progress: accounts.progress };
    },
    loadUser: async () => {
      await accounts.loadUser();
      return { ok: true, user: session.state.user };
    },
    getSettings: async () => ({ ok: true, settings: session.settings }),
    saveSettings: async (m) => saveSettings(m.settings),
  };

  api.runtime.onMessage.addListener((message, sender, reply) => {
    // Only the extension's own pages: content scripts (which have sender.tab) go through the web-app bridge.
    if (sender.id !== api.runtime.id || sender.tab?.url?.startsWith('http') || !commands[message?.cmd]) return false;
    commands[message.cmd](message).then(reply, (e) => reply({ ok: false, error: { code: e.code ?? 'ERROR', message: e.message } }));
    return true;
  });
}
