// Wires the background together: host port, session, redirect capture, page and web-app APIs, refresh alarm.

import { api, setBadge } from './platform/browser.js';
import { AccountsService } from './bg/accounts-service.js';
import { createCrm, currentOrg, currentUser } from './bg/crm.js';
import { CrmProxy } from './bg/crm-proxy.js';
import { watchRedirects } from './bg/capture.js';
import { makeContainerTokens } from './bg/containers.js';
import { HostClient } from './bg/host-client.js';
import { cacheOpener } from './bg/index-store.js';
import { REFRESH_ALARM, Session } from './bg/session.js';
import * as settingsStore from './bg/settings-store.js';
import { loadSettings, onSettingsChanged, saveSettings } from './bg/settings-store.js';
import * as zohoAuth from './bg/zoho-auth.js';
import { listenForPages } from './bg/ui-api.js';
import { listenForWebApps } from './bg/web-api.js';
import { syncBridgeScripts } from './bg/bridge-scripts.js';
import { exposeForTests } from './bg/test-access.js';

// The host client gets the browser's runtime (connectNative) and the version a host of another protocol is told.
const host = new HostClient({ runtime: api.runtime, extensionVersion: api.runtime.getManifest().version });
// The org a new token is bound to, read with that token before it is stored (Zoho CRM tokens are org-specific).
const readOrg = (token, api) =>
  currentOrg(createCrm(async () => ({ accessToken: token.access_token, api }), session.settings.crmVersion));
// Its Zoho user, kept with it so the popups of every profile can list who is signed in on this machine.
const readUser = (token, api) =>
  currentUser(createCrm(async () => ({ accessToken: token.access_token, api }), session.settings.crmVersion));
const session = new Session(host, { alarms: api.alarms, store: settingsStore, zoho: zohoAuth, readOrg, readUser });
// Firefox containers (bg/containers.js): each keeps its own Zoho session, so its own token, renewed in it.
session.containers = makeContainerTokens(session, host, { store: settingsStore, zoho: zohoAuth,
  identities: api.contextualIdentities, alarms: api.alarms, readOrg, readUser });
// The badge is one more listener of the sign-in's state: "!" wherever the person has to act.
const ACT = new Set(['signin_needed', 'host_unavailable']);
session.onChange((state) => setBadge(ACT.has(state.phase.name) ? '!' : '').catch(() => {}));
// One queue for every Zoho CRM call the extension makes (its own and web apps'): Zoho limits calls per org.
const proxy = new CrmProxy(session);
// The account index is cached encrypted in IndexedDB under a key the host derives (bg/index-store.js).
const accounts = new AccountsService(session, { fetch: proxy.queuedFetch, openCache: cacheOpener(host) });

// Listeners first: a service worker woken by an event must have its listener registered synchronously.
listenForPages(session, accounts);
listenForWebApps(session, proxy);
watchRedirects(session, api, session.containers);
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) session.refresh();
  else session.containers.onAlarm(alarm.name).catch(() => {});
});
// First run: the client ID is needed before anything, so the options page opens, unless the organisation's policy
// already set it (docs/MANAGED.md): then the person signs in from the popup straight away.
let firstRun = Promise.resolve();
api.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== 'install') return;
  firstRun = loadSettings()
    .then((settings) => settings.clientId, () => '') // settings that cannot be read count as none
    .then((clientId) => (clientId ? undefined : api.runtime.openOptionsPage()));
});
api.permissions.onAdded?.addListener(() => syncBridgeScripts(session.settings).catch(() => {}));

async function apply(settings) {
  await syncBridgeScripts(settings).catch(() => {}); // the bridge is an extra; settings still apply without it
  await session.configure(settings);
}

onSettingsChanged(async () => {
  accounts.reset();
  proxy.reset();
  await apply(await loadSettings());
});

export const ready = loadSettings().then(apply);
// The chooser's first screen from the encrypted cache, while nothing asks yet: a popup opened next lists accounts
// with the background's first message instead of waiting for the index (issue 15: first results at once).
ready.then(() => accounts.preloadFirstScreen(), () => {});
exposeForTests({ session, accounts, proxy, ready, saveSettings, firstRun: () => firstRun });
