// Parsing Zoho's implicit-grant redirect (`…#&access_token=…&expires_in=3600&…`) and recognising captured
// redirects of web apps. Pure module: no browser globals.

import { isDataCenter } from './datacenters.js';
import { isLoopbackHost } from './origins.js';

function loopbackHttp(value) {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' && isLoopbackHost(u.hostname) && (u.pathname === '/' || u.pathname === '') && !u.search;
  } catch {
    return false;
  }
}

/** Longest expiry accepted, in seconds (the native host's bound). */
export const MAX_EXPIRES_IN = 86400;

const ZOHO_ERRORS = {
  access_denied: 'You declined access at Zoho.',
  client_not_granted:
    'Zoho needs you to sign in again (your Zoho session ended or session access was not granted).',
  prompt_required:
    'Zoho needs you to approve access again, because the requested permissions were not granted before.',
  invalid_scope: 'Zoho does not accept one of the requested scopes; check the scopes in the settings.',
  invalid_client:
    'Zoho does not know this client ID in this data centre; check the client ID and data centre in the settings.',
  invalid_redirect_uri: 'Zoho refused the redirect URL; it must be registered exactly as is for this client.',
  unauthorized_client: 'This Zoho client is not allowed to use sign-in from the browser (client-based flow).',
  unsupported_response_type: 'This Zoho client is not allowed to use sign-in from the browser (client-based flow).',
  server_error: 'Zoho had a problem; try again in a moment.',
  temporarily_unavailable: 'Zoho is busy; try again in a moment.',
};

const OAUTH_KEYS = ['access_token', 'error', 'state', 'expires_in', 'expires_in_sec', 'token_type', 'api_domain'];

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null; // malformed percent-encoding
  }
}

/**
 * Parse `a=1&b=2` form-encoded text: empty pieces (Zoho's leading `#&`) are skipped, `+` is a space, values are
 * percent-decoded, the first occurrence of a key wins, pieces with malformed encoding are dropped.
 * @param {string} text without the leading `#` or `?`
 * @returns {Map<string, string>}
 */
export function parseParams(text) {
  const out = new Map();
  if (typeof text !== 'string') return out;
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = decode(eq < 0 ? piece : piece.slice(0, eq));
    const value = decode(eq < 0 ? '' : piece.slice(eq + 1));
    if (key === null || value === null || key === '' || out.has(key)) continue;
    out.set(key, value);
  }
  return out;
}

function parseExpiry(value) {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value.trim())) return null;
  const n = Number.parseInt(value.trim(), 10);
  return n >= 1 && n <= MAX_EXPIRES_IN ? n : null;
}

function clean(text, secret) {
  let s = String(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (secret) s = s.split(secret).join('[token]');
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

// Zoho answers too many authorisations with access_denied too, told apart only by its description ("You have made
// too many requests continuously. Please try again after some time.", CRM token-validity page): a throttle, not a
// refusal by the person.
const THROTTLE_TEXT = /too many requests/i;

/**
 * Whether a Zoho error is its throttle: `access_denied` (redirect) or `Access Denied` (JSON body of the token
 * endpoints) with the "too many requests" description.
 * @param {unknown} error e.g. `access_denied` or `Access Denied`
 * @param {unknown} description Zoho's `error_description`
 * @returns {boolean}
 */
export function isZohoThrottle(error, description) {
  const e = typeof error === 'string' ? error.trim().toLowerCase().replace(/\s+/g, '_') : '';
  return e === 'access_denied' && typeof description === 'string' && THROTTLE_TEXT.test(description);
}

function zohoError(code, description, secret) {
  if (isZohoThrottle(code, description)) {
    return { ok: false, error: { code: 'zoho_throttled', zoho_error: clean(code, secret), description: clean(description, secret),
      message: 'Zoho is blocking new sign-ins and refreshes for this client for a while: too many were asked for.' } };
  }
  const known = Object.prototype.hasOwnProperty.call(ZOHO_ERRORS, code) ? ZOHO_ERRORS[code] : null;
  const desc = description ? clean(description, secret) : '';
  let message = known;
  if (!message) {
    const name = clean(code, secret);
    message = desc ? `Zoho refused the sign-in (${name}): ${desc}` : `Zoho refused the sign-in (${name}).`;
  }
  const error = { code: 'zoho_error', zoho_error: clean(code, secret), message };
  if (desc) error.description = desc;
  return { ok: false, error };
}

const fail = (code, message) => ({ ok: false, error: { code, message } });

/**
 * Parse the URL Zoho redirected to after `{accounts}/oauth/v2/auth` or `/auth/refresh` with `response_type=token`.
 *
 * Reads the fragment (and the query, where Zoho may put errors; the fragment wins for a key in both).
 * `expires_in` (or, failing that, `expires_in_sec`) must be an integer of 1..86400 seconds; `granted_for_session`
 * becomes a boolean; `location` is kept only when it is a known data-centre code (lower-cased); `api_domain` only
 * when it is an `https:` URL. Checks, in order: a parseable URL with OAuth parameters (`not_a_redirect`); Zoho's
 * `error` (`zoho_error`, unless it carries a state that does not match `expectedState`); `state` equals
 * `expectedState` when one is given (`state_mismatch`); `access_token` of 1..4096 characters without white space
 * (`missing_token`); expiry (`bad_expiry`). Error messages never contain the token.
 *
 * @param {unknown} url
 * @param {{expectedState?: string}} [options]
 * @returns {{ok: true, token: {access_token: string, expires_in: number, api_domain?: string, location?: string,
 *   scope?: string, granted_for_session?: boolean, token_type?: string}, state: string|null}
 *   | {ok: false, error: {code: 'zoho_error'|'state_mismatch'|'missing_token'|'bad_expiry'|'not_a_redirect',
 *   message: string, zoho_error?: string, description?: string}}}
 */
export function parseRedirect(url, { expectedState } = {}) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    return fail('not_a_redirect', 'This is not a web address Zoho could have sent you back to.');
  }
  const params = parseParams(parsed.hash.slice(1));
  for (const [k, v] of parseParams(parsed.search.slice(1))) if (!params.has(k)) params.set(k, v);
  if (!OAUTH_KEYS.some((k) => params.has(k))) {
    return fail('not_a_redirect', 'The page Zoho sent you back to carries no sign-in answer.');
  }
  const state = params.has('state') ? params.get('state') : null;
  const secret = params.get('access_token') || '';
  const stateOk = typeof expectedState !== 'string' || state === expectedState;

  if (params.has('error') && (stateOk || state === null)) {
    return zohoError(params.get('error'), params.get('error_description'), secret);
  }
  if (!stateOk) {
    return fail('state_mismatch', 'This sign-in answer does not belong to the sign-in the extension started; try again.');
  }
  const token = params.get('access_token');
  if (!token || token.length > 4096 || /\s/.test(token)) {
    return fail('missing_token', 'Zoho sent you back without a usable access token; try signing in again.');
  }
  const expiresIn = parseExpiry(params.get('expires_in')) ?? parseExpiry(params.get('expires_in_sec'));
  if (expiresIn === null) {
    return fail('bad_expiry', 'Zoho did not say for how long the access token is valid (1 second to 24 hours).');
  }

  const out = { access_token: token, expires_in: expiresIn };
  const apiDomain = params.get('api_domain');
  // http only on loopback, as the host accepts it (a local test server or proxy); apiDomainProblem decides use.
  if (apiDomain && (/^https:\/\/[^\s/?#]+\/?$/i.test(apiDomain) || loopbackHttp(apiDomain))) {
    out.api_domain = apiDomain.replace(/\/$/, '');
  }
  const location = (params.get('location') || '').trim().toLowerCase();
  if (isDataCenter(location)) out.location = location;
  if (params.get('scope')) out.scope = params.get('scope');
  const granted = (params.get('granted_for_session') || '').toLowerCase();
  if (granted === 'true' || granted === 'false') out.granted_for_session = granted === 'true';
  if (params.get('token_type')) out.token_type = params.get('token_type');
  return { ok: true, token: out, state };
}

function parsePrefix(prefix) {
  try {
    const u = new URL(prefix);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * The `state` a redirect carries (fragment first, then query), whether it brings a token or an error; null if none.
 * @param {unknown} url
 * @returns {string|null}
 */
export function redirectState(url) {
  try {
    const u = new URL(String(url));
    return parseParams(u.hash.slice(1)).get('state') ?? parseParams(u.search.slice(1)).get('state') ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether `url` (its fragment ignored) is a redirect the extension should capture: it starts with one of
 * `prefixes` with the same scheme, host and port, and a path equal to the prefix's path or below it on a segment
 * boundary (`/LoginRedirect` matches `/LoginRedirect` and `/LoginRedirect/x`, not `/LoginRedirectX`).
 * A prefix with a query matches only that exact query; without one any query matches. URLs with user info never
 * match.
 *
 * @param {unknown} url
 * @param {readonly string[]} prefixes e.g. `settings.redirectCaptures`
 * @returns {boolean}
 */
export function isCapturedRedirect(url, prefixes) {
  return capturePrefix(url, prefixes) !== null;
}

/**
 * The configured capture URL that `url` lands on (see {@link isCapturedRedirect} for the matching rules), or null.
 * @param {unknown} url
 * @param {readonly string[]} prefixes e.g. `settings.redirectCaptures`
 * @returns {string|null} the prefix exactly as configured
 */
export function capturePrefix(url, prefixes) {
  if (!Array.isArray(prefixes) || prefixes.length === 0) return null;
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  for (const prefix of prefixes) {
    const p = parsePrefix(prefix);
    if (!p || p.protocol !== u.protocol || p.hostname !== u.hostname || p.port !== u.port) continue;
    if (p.search && p.search !== u.search) continue;
    const pp = p.pathname;
    if (u.pathname === pp) return prefix;
    if (u.pathname.startsWith(pp) && (pp.endsWith('/') || u.pathname[pp.length] === '/')) return prefix;
  }
  return null;
}
