// Talks to Zoho Accounts through the browser: interactive sign-in, silent refresh, revoke.

import { buildAuthUrl, newState } from '../lib/auth-url.js';
import { parseRedirect } from '../lib/fragment.js';
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
  if (!parsed.ok) throw new SignInError(parsed.error.zoho_error ?? parsed.error.code, parsed.error.message);
  return parsed.token;
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

/**
 * Silent refresh of a token captured from a web app's own sign-in: the web app's Zoho session lives in the
 * browser's normal cookies, which launchWebAuthFlow may not share, so the refresh runs in a background tab that
 * Zoho sends back to the web app's registered redirect URL. The tab is closed as soon as that URL commits.
 */
export async function authorizeInTab({ accounts, clientId, scopes, redirectUri }) {
  const state = newState(crypto.getRandomValues(new Uint8Array(24)));
  const url = buildAuthUrl({ accounts, clientId, scopes, redirectUri, state, refresh: true });
  refreshStates.add(state);
  let opening = null;
  let onCommitted;
  const landed = new Promise((resolve) => {
    // Registered before the tab exists: Zoho's redirect can commit before tabs.create returns.
    onCommitted = (d) => {
      if (d.frameId === 0 && d.url.startsWith(redirectUri) && parseRedirect(d.url).state === state) resolve(d);
    };
    api.webNavigation.onCommitted.addListener(onCommitted);
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(flowError('timeout', true)), TAB_REFRESH_TIMEOUT_MS);
  });
  try {
    opening = openBackgroundTab(url);
    await Promise.race([opening, timeout]);
    const commit = await Promise.race([landed, timeout]);
    const parsed = parseRedirect(commit.url, { expectedState: state });
    if (!parsed.ok) throw new SignInError(parsed.error.zoho_error ?? parsed.error.code, parsed.error.message);
    return parsed.token;
  } finally {
    clearTimeout(timer);
    api.webNavigation.onCommitted.removeListener(onCommitted);
    refreshStates.delete(state);
    // Closed even when it opened only after the timeout.
    opening?.then((id) => api.tabs.remove(id)).catch(() => {});
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
