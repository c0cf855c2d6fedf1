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
