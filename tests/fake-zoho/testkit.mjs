// Helpers for driving the fake over plain HTTP (used by test/*.test.mjs; usable by other suites too).
// Kept outside test/ because node --test treats every module inside a test/ directory as a test file.
import { startFakeZoho } from './server.mjs';

export const CLIENT = '1000.TEST';
export const REDIRECT = 'https://abc.chromiumapp.org/cb';
export const SCOPE = 'ZohoCRM.users.READ,ZohoCRM.modules.ALL,ZohoCRM.org.READ';

/** A clock tests move by hand: start({ now: clock.now }); clock.advance(60_000). */
export function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; return t; }, set: (ms) => { t = ms; } };
}

export function start(opts = {}) {
  return startFakeZoho({ clients: [{ clientId: CLIENT, redirectUris: [REDIRECT, 'https://other.example/cb'] }],
    users: 5, records: { Accounts: 3000 }, ...opts });
}

/** Authorization params as the JS SDK sends them (override or drop with undefined). */
export function authParams(over = {}) {
  const p = { client_id: CLIENT, response_type: 'token', redirect_uri: REDIRECT, scope: SCOPE, state: 'st-1', ...over };
  return new URLSearchParams(Object.entries(p).filter(([, v]) => v !== undefined));
}

/** GET without following redirects; cookie is an optional "zfake_session=..." string. */
export function get(url, cookie) {
  return fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

// `fake` may be the fake or one of its data centres (fake.dc.eu): anything with a `url`.
export const authorize = (fake, over, cookie) => get(`${fake.url}/oauth/v2/auth?${authParams(over)}`, cookie);
export const refresh = (fake, over, cookie) => get(`${fake.url}/oauth/v2/auth/refresh?${authParams(over)}`, cookie);

/** POSTs the consent form as a browser would; `at` is the origin to post to (default fake.url); `org` an org id. */
export function approve(fake, { over, email, session = true, action = 'accept', cookie, at = fake.url, org } = {}) {
  const form = authParams(over);
  if (email !== undefined) form.set('email', email);
  else form.set('email', fake.users[0].email);
  if (session) form.set('session', 'true');
  if (org !== undefined) form.set('org', org);
  form.set('action', action);
  return fetch(`${at}/oauth/v2/auth/approve`, { method: 'POST', redirect: 'manual', body: form,
    headers: cookie ? { cookie } : {} });
}

/** POSTs a revoke for token to `at` (an origin). */
export const revoke = (at, token) => fetch(`${at}/oauth/v2/token/revoke?token=${encodeURIComponent(token)}`,
  { method: 'POST' });

/** The fragment of a redirect's Location header as URLSearchParams. */
export function fragment(res) {
  const loc = res.headers.get('location') || '';
  return new URLSearchParams(loc.slice(loc.indexOf('#') + 1));
}

/** "zfake_session=..." from a Set-Cookie header. */
export const cookieOf = (res) => (res.headers.get('set-cookie') || '').split(';')[0];

/** Signs in through the form; returns { token, cookie, frag }. */
export async function signIn(fake, opts = {}) {
  const res = await approve(fake, opts);
  if (res.status !== 302) throw new Error(`approve answered ${res.status}`);
  const frag = fragment(res);
  return { token: frag.get('access_token'), cookie: cookieOf(res), frag };
}

/** GET a CRM path with a token; returns { status, body } (body null when empty); `at` defaults to fake.url. */
export async function crm(fake, path, token, { version = 8, headers = {}, at = fake.url } = {}) {
  const res = await fetch(`${at}/crm/v${version}/${path}`, {
    headers: { ...(token ? { Authorization: `Zoho-oauthtoken ${token}` } : {}), ...headers } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, text };
}

/**
 * Any CRM call: method, path (after /crm/v{n}/), token (null: no Authorization header), options body (sent as
 * JSON), headers, version, at. Returns { status, body, headers, text }.
 */
export async function crmCall(fake, method, path, token, { body, version = 8, headers = {}, at = fake.url } = {}) {
  const res = await fetch(`${at}/crm/v${version}/${path}`, { method,
    headers: { ...(token ? { Authorization: `Zoho-oauthtoken ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

/**
 * Waits until check() is true, looking again after each turn of the event loop (the fake runs in this process, so
 * its counters are seen as soon as they change). No verdict rests on a sleep: this only fails after timeoutMs.
 */
export async function until(check, what, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
