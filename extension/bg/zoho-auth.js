// Talks to Zoho Accounts through the browser: interactive sign-in, silent refresh, revoke.

import { buildAuthUrl, newState } from '../lib/auth-url.js';
import { parseRedirect } from '../lib/fragment.js';
import { api, redirectUrl } from '../platform/browser.js';
import { flowError, SignInError, signInErrorOf } from './signin-error.js';
import { makeTabRefresh, refreshStates } from './tab-refresh.js';

export { refreshStates, SignInError };

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

/** The tab refresh (bg/tab-refresh.js) with this browser's API. */
export function authorizeInTab(options) {
  return makeTabRefresh(api)(options);
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
