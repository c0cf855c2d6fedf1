// Whether a token that lands on a web app's capture URL really came from Zoho. A page of any origin can navigate a
// person to `https://app.example.com/LoginRedirect#access_token=…`; only the redirect itself, seen by the browser as
// the `Location` of an answer from one of Zoho's accounts servers to `/oauth/v2/auth(/refresh)`, proves where the
// token came from. Pure module: no browser globals.

import { mayIssue, reachableServers } from './datacenters.js';
import { capturePrefix, parseParams, parseRedirect } from './fragment.js';

/** Zoho's implicit-grant endpoints whose redirects may carry a token (sign-in and silent refresh). */
export const ZOHO_AUTH_PATHS = Object.freeze(['/oauth/v2/auth', '/oauth/v2/auth/refresh']);

const refuse = (code, message) => ({ capture: true, ok: false, error: { code, message } });

function parse(url) {
  try {
    return new URL(String(url));
  } catch {
    return null;
  }
}

function isAuthRequest(url, issuers) {
  return Boolean(url) && issuers.has(url.origin) && ZOHO_AUTH_PATHS.includes(url.pathname);
}

/**
 * Whether `url` begins a Zoho implicit-grant sign-in or refresh on one of the accounts servers of the settings.
 * @param {unknown} url
 * @param {object} settings for the server overrides
 * @returns {boolean}
 */
export function startsZohoSignIn(url, settings) {
  return isAuthRequest(parse(url), new Set(reachableServers(settings).map((s) => s.accounts)));
}

/**
 * Whether a URL carries an access token anywhere a page could have put one (fragment or query).
 * @param {unknown} url
 * @returns {boolean}
 */
export function carriesToken(url) {
  const u = parse(url);
  if (!u) return false;
  return parseParams(u.hash.slice(1)).has('access_token') || parseParams(u.search.slice(1)).has('access_token');
}

/**
 * Whether a URL carries an access token in its query, where Zoho never puts one.
 * @param {unknown} url
 * @returns {boolean}
 */
export function tokenInQuery(url) {
  const u = parse(url);
  return Boolean(u) && parseParams(u.search.slice(1)).has('access_token');
}

/**
 * Judge a redirect the browser observed (`from` answered with `Location: to`) against the settings. `startedWith`
 * is the URL of the `/oauth/v2/auth(/refresh)` request that began the sign-in in the same tab (Zoho's consent
 * form posts elsewhere on the accounts server, and that answer carries the token).
 *
 * - `to` is not a configured capture URL, `from` is not on one of Zoho's accounts servers (Zoho's table or the
 *   overrides), or no `/oauth/v2/auth` or `/oauth/v2/auth/refresh` request on one of them began the flow:
 *   `{capture: false}`, not Zoho's answer to an implicit grant.
 * - Otherwise it is Zoho's answer, and it is refused (`{capture: true, ok: false, error}`) when: the sign-in was
 *   for another client ID (`other_client`: a client anyone can register with the same redirect URL); the token is
 *   in the query (`token_in_query`: Zoho puts it in the fragment; a query reaches servers and logs); the redirect
 *   carries an OAuth error or no usable token (the codes of {@link parseRedirect}); the token's `location` is a
 *   data centre this accounts server does not issue tokens for (`wrong_issuer`).
 * - Else `{capture: true, ok: true, token, prefix, dc}`: `prefix` is the configured capture URL that matched (what
 *   is kept and used for refreshes; never the observed URL), `dc` the token's data centre.
 *
 * @param {{from: unknown, to: unknown, startedWith?: unknown, settings: {clientId?: string,
 *   redirectCaptures?: string[], baseUrlOverride?: object}}} observed
 * @returns {{capture: false} | {capture: true, ok: false, error: {code: string, message: string}}
 *   | {capture: true, ok: true, token: object, prefix: string, dc: string}}
 */
export function judgeZohoRedirect({ from, to, startedWith, settings }) {
  const prefix = capturePrefix(to, settings?.redirectCaptures);
  const source = parse(from);
  if (!prefix || !source) return { capture: false };
  const issuers = new Set(reachableServers(settings).map((s) => s.accounts));
  const start = isAuthRequest(source, issuers) ? source : parse(startedWith);
  if (!issuers.has(source.origin) || !start || !isAuthRequest(start, issuers)) return { capture: false };

  if (start.searchParams.get('client_id') !== settings.clientId) {
    return refuse('other_client', 'A Zoho sign-in for another client ID was ignored.');
  }
  if (tokenInQuery(to)) {
    return refuse('token_in_query', 'A sign-in with the token in the address query was ignored (Zoho never sends one).');
  }
  const parsed = parseRedirect(to);
  if (!parsed.ok) return { capture: true, ok: false, error: parsed.error };
  // No `location`: the token belongs to the issuing server's own data centre (us where several share an origin).
  const own = reachableServers(settings).filter((s) => s.accounts === source.origin).map((s) => s.code);
  const dc = parsed.token.location ?? (own.includes('us') ? 'us' : own[0]);
  if (!mayIssue(dc, source.origin, settings)) {
    return refuse('wrong_issuer', `A sign-in for data centre ${dc} sent by another data centre's Zoho server was ignored.`);
  }
  return { capture: true, ok: true, token: { ...parsed.token, location: dc }, prefix, dc };
}
