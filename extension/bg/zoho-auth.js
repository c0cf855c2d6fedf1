// Talks to Zoho Accounts through the browser: interactive sign-in, silent refresh, revoke.

import { buildAuthUrl, newState } from '../lib/auth-url.js';
import { capturePrefix, parseRedirect } from '../lib/fragment.js';
import { api, redirectUrl } from '../platform/browser.js';

export class SignInError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Runs one OAuth round trip and returns the parsed token. Never logs or stores the token.
 * @param {{accounts: string, clientId: string, scopes: string[], refresh: boolean}} options
 */
export async function authorize({ accounts, clientId, scopes, refresh }) {
  const state = newState(crypto.getRandomValues(new Uint8Array(24)));
  const url = buildAuthUrl({ accounts, clientId, scopes, redirectUri: redirectUrl(), state, refresh });
  let redirect;
  try {
    redirect = await api.identity.launchWebAuthFlow({ url, interactive: !refresh });
  } catch (e) {
    throw flowError(String(e?.message ?? e), refresh);
  }
  const parsed = parseRedirect(redirect, { expectedState: state });
  if (!parsed.ok) throw signInErrorOf(parsed.error);
  return parsed.token;
}

// Zoho's throttle keeps its own code: it is an access_denied that the person did not choose.
function signInErrorOf(error) {
  return new SignInError(error.code === 'zoho_throttled' ? error.code : error.zoho_error ?? error.code, error.message);
}

function flowError(message, refresh) {
  if (refresh) {
    // A refresh that needs a page (Zoho asking to sign in, or a throttle page) cannot complete silently.
    return new SignInError('interaction_required', 'Zoho wants you to sign in again: your Zoho session has ended.');
  }
  if (/did not approve|closed|cancel/i.test(message)) {
    return new SignInError('cancelled', 'Sign-in was cancelled before Zoho sent you back.');
  }
  return new SignInError('flow_failed', `Sign-in could not finish: ${message}`);
}

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
 */
export async function authorizeInTab({ accounts, clientId, scopes, redirectUri }) {
  const state = newState(crypto.getRandomValues(new Uint8Array(24)));
  const url = buildAuthUrl({ accounts, clientId, scopes, redirectUri, state, refresh: true });
  const ours = (to) => capturePrefix(to, [redirectUri]) !== null && parseRedirect(to).state === state;
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
    tabId = await openBackgroundTab('about:blank');
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
}

// A session rule that sends this tab's landing on the redirect URL elsewhere. Best effort: it needs host access to
// the redirect URL's site; without it the tab is still closed on Zoho's redirect and the URL forgotten.
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
  if (!api.sessions?.forgetClosedTab) return; // Chromium has no way to forget a closed tab (nothing committed there)
  const closed = await api.sessions.getRecentlyClosed().catch(() => []);
  for (const entry of closed) {
    if (entry.tab && capturePrefix(entry.tab.url, [landing.split('#')[0]]) !== null) {
      await api.sessions.forgetClosedTab(entry.tab.windowId, entry.tab.sessionId).catch(() => {});
    }
  }
}

// A tab that does not take the focus; with no browser window open (background apps) a minimized window.
async function openBackgroundTab(url) {
  try {
    return (await api.tabs.create({ url, active: false })).id;
  } catch {
    const win = await api.windows.create({ url, focused: false, state: 'minimized' });
    return win.tabs[0].id;
  }
}

/** Revokes the token at Zoho; true when Zoho confirmed. */
export async function revoke(accounts, accessToken) {
  try {
    const res = await fetch(`${accounts}/oauth/v2/token/revoke?token=${encodeURIComponent(accessToken)}`, {
      method: 'POST',
    });
    return res.ok;
  } catch {
    return false;
  }
}
