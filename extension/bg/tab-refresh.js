// Silent refresh in a background tab, for tokens captured from a web app's own sign-in. Takes the browser API as a
// parameter (makeTabRefresh(api)) so node's test runner can drive it with a fake browser.

import { buildAuthUrl, newState } from '../lib/auth-url.js';
import { capturePrefix, parseRedirect, redirectState } from '../lib/fragment.js';
import { flowError, signInErrorOf } from './signin-error.js';

// `state` values of refreshes running in tabs; the redirect capture leaves their answers alone.
export const refreshStates = new Set();
// Zoho answers a refresh with a redirect at once; a page that waits longer wants a person.
const TAB_REFRESH_TIMEOUT_MS = 15000;
// Where the refresh tab is sent instead of the web app's page: the token never commits as a URL, so it never
// reaches history, session restore or "recently closed". Its own fragment stops the token's from carrying over.
const DIVERTED_TO = 'about:blank#zcrm-bridge-refresh';
let nextRuleId = 1 + Math.floor(Math.random() * 1e6);

/**
 * Silent refresh of a token captured from a web app's own sign-in: the web app's Zoho session lives in the
 * browser's normal cookies, which launchWebAuthFlow may not share, so the refresh runs in a background tab that
 * Zoho sends back to the web app's registered redirect URL. The token is read from Zoho's redirect as the browser
 * sees it (webRequest); the landing is diverted (declarativeNetRequest) and the tab closed at once, and the URL is
 * removed from history and closed-tab lists in any case, before the token is used.
 * @param {object} api the browser API: tabs, windows, webRequest, webNavigation, declarativeNetRequest, history,
 *   sessions
 */
export function makeTabRefresh(api) {
  // A session rule that sends this tab's landing on the redirect URL elsewhere. Best effort: it needs host access
  // to the redirect URL's site; without it the tab is still closed on Zoho's redirect and the URL forgotten.
  async function divertLanding(tabId, redirectUri) {
    if (!api.declarativeNetRequest?.updateSessionRules) return null;
    const id = nextRuleId++;
    try {
      await api.declarativeNetRequest.updateSessionRules({ addRules: [{ id, priority: 1,
        action: { type: 'redirect', redirect: { url: DIVERTED_TO } },
        condition: { urlFilter: `|${redirectUri}`, tabIds: [tabId], resourceTypes: ['main_frame'] } }] });
      return id;
    } catch {
      return null;
    }
  }

  // Removes a URL that carried a token from history and, where the browser allows it, from recently closed tabs.
  async function forgetUrl(landing) {
    await api.history?.deleteUrl({ url: landing }).catch(() => {});
    if (!api.sessions?.forgetClosedTab) return; // Chromium cannot forget a closed tab (nothing committed there)
    const closed = await api.sessions.getRecentlyClosed().catch(() => []);
    for (const entry of closed) {
      if (entry.tab && capturePrefix(entry.tab.url, [landing.split('#')[0]]) !== null) {
        await api.sessions.forgetClosedTab(entry.tab.windowId, entry.tab.sessionId).catch(() => {});
      }
    }
  }

  // A tab that does not take the focus; with no browser window open (background apps) a minimized window. With a
  // cookieStoreId (a Firefox container, bg/containers.js) both are opened in that container, or not at all: a tab
  // of another container would ask Zoho with another person's session.
  async function openBackgroundTab(url, cookieStoreId) {
    const where = cookieStoreId ? { cookieStoreId } : {};
    try {
      return (await api.tabs.create({ url, active: false, ...where })).id;
    } catch {
      try {
        const win = await api.windows.create({ url, focused: false, state: 'minimized', ...where });
        return win.tabs[0].id;
      } catch (e) {
        if (cookieStoreId) throw Object.assign(new Error(`no tab could be opened in ${cookieStoreId}`), { containerGone: true });
        throw e;
      }
    }
  }

  return async function authorizeInTab({ accounts, clientId, scopes, redirectUri, cookieStoreId = null }) {
    const state = newState(crypto.getRandomValues(new Uint8Array(24)));
    const url = buildAuthUrl({ accounts, clientId, scopes, redirectUri, state, refresh: true });
    // Zoho's answer to this refresh, a token or an error (throttle, client_not_granted): its state is ours.
    const ours = (to) => capturePrefix(to, [redirectUri]) !== null && redirectState(to) === state;
    refreshStates.add(state);
    let tabId = null;
    let ruleId = null;
    let settle;
    const answered = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    const onRedirect = (d) => {
      if (!ours(d.redirectUrl)) return;
      if (d.tabId >= 0) api.tabs.remove(d.tabId).catch(() => {});
      settle.resolve(d.redirectUrl);
    };
    const onCommitted = (d) => {
      if (d.frameId !== 0 || d.tabId !== tabId) return;
      if (ours(d.url)) settle.resolve(d.url); // the redirect went unseen (no host access): the commit still tells
      else if (!d.url.startsWith('about:blank')) settle.reject(flowError('page', true)); // Zoho shows a page: a person is needed
    };
    api.webRequest.onBeforeRedirect.addListener(onRedirect, { urls: ['<all_urls>'], types: ['main_frame'] });
    api.webNavigation.onCommitted.addListener(onCommitted);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(flowError('timeout', true)), TAB_REFRESH_TIMEOUT_MS);
    });
    try {
      tabId = await openBackgroundTab('about:blank', cookieStoreId);
      ruleId = await divertLanding(tabId, redirectUri);
      await api.tabs.update(tabId, { url });
      const landing = await Promise.race([answered, timeout]);
      await forgetUrl(landing);
      const parsed = parseRedirect(landing, { expectedState: state });
      if (!parsed.ok) throw signInErrorOf(parsed.error);
      return parsed.token;
    } finally {
      clearTimeout(timer);
      api.webRequest.onBeforeRedirect.removeListener(onRedirect);
      api.webNavigation.onCommitted.removeListener(onCommitted);
      refreshStates.delete(state);
      if (ruleId !== null) api.declarativeNetRequest.updateSessionRules({ removeRuleIds: [ruleId] }).catch(() => {});
      if (tabId !== null) api.tabs.remove(tabId).catch(() => {});
    }
  };
}
