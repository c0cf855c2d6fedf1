// Web-origin and redirect-URL validation (the per-origin policy built on it is lib/web-app-policy.js).
// Pure module: no browser globals.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether a URL hostname (as `URL#hostname` gives it) is a loopback name on which plain `http:` is accepted:
 * `localhost`, `127.0.0.1` or `[::1]`.
 * @param {string} hostname
 * @returns {boolean}
 */
export function isLoopbackHost(hostname) {
  return LOOPBACK_HOSTS.has(String(hostname).toLowerCase());
}

/**
 * Check the host of an already-parsed URL: DNS labels of `a-z0-9-` (IDNs arrive as punycode), at most 253
 * characters, no empty label or trailing dot, no wildcard; or the IPv6 loopback `[::1]`.
 * @param {string} hostname
 * @returns {string|null} an error sentence, or null when fine
 */
export function hostError(hostname) {
  if (hostname === '[::1]') return null;
  if (hostname.length === 0) return 'The address has no host name.';
  if (hostname.length > 253) return 'The host name is longer than 253 characters.';
  if (hostname.startsWith('[')) return 'IPv6 addresses other than [::1] are not supported.';
  if (hostname.includes('*')) return 'Wildcards are not allowed; list each origin on its own.';
  const labels = hostname.split('.');
  if (!labels.every((l) => LABEL.test(l))) return 'The host name is not a valid domain name.';
  return null;
}

/**
 * Validate and normalize a web origin such as `https://app.example.com`.
 *
 * Accepts `https:`; `http:` only for `localhost`, `127.0.0.1` and `[::1]`. Refuses a path other than `/`, a query,
 * a fragment, user info, wildcards and hosts over 253 characters. Surrounding white space is ignored.
 * The result is lower-case with the default port removed and no trailing slash (`URL#origin`).
 *
 * @param {unknown} str
 * @returns {{ok: true, origin: string, error: null} | {ok: false, origin: null, error: string}}
 */
export function validateOrigin(str) {
  const fail = (error) => ({ ok: false, origin: null, error });
  if (typeof str !== 'string' || str.trim() === '') return fail('Enter an origin such as https://app.example.com.');
  const raw = str.trim();
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw)) {
    return fail('An origin starts with https:// (for example https://app.example.com).');
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    return fail('This is not a valid web address.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('An origin starts with https:// (for example https://app.example.com).');
  }
  if (url.username || url.password || raw.slice(raw.indexOf('//') + 2).split(/[/?#]/)[0].includes('@')) {
    return fail('An origin cannot contain a user name or password.');
  }
  if (raw.includes('?')) return fail('An origin cannot contain a query (the part after "?").');
  if (raw.includes('#')) return fail('An origin cannot contain a fragment (the part after "#").');
  if (url.pathname !== '/') return fail('An origin has no path: remove everything after the host name and port.');
  const hostProblem = hostError(url.hostname);
  if (hostProblem) return fail(hostProblem);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail('Use https://; plain http:// is allowed only for localhost, 127.0.0.1 and [::1].');
  }
  return { ok: true, origin: url.origin, error: null };
}

/**
 * Check a redirect URL to capture: absolute `https:` (or `http:` on localhost, 127.0.0.1, [::1]), no fragment,
 * no user info. Returns the normalized URL (`URL#href`) or an error sentence.
 * @param {unknown} value
 * @returns {{ok: true, url: string} | {ok: false, error: string}}
 */
export function validateRedirectCapture(value) {
  const bad = (error) => ({ ok: false, error });
  if (typeof value !== 'string' || value.trim() === '') return bad('Enter the full redirect URL, starting with https://.');
  const raw = value.trim();
  if (raw.includes('#')) return bad('Leave out the fragment (the part from "#" on): Zoho adds it when it redirects.');
  let u;
  try {
    u = new URL(raw);
  } catch {
    return bad('This is not a full web address; it must start with https://.');
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    return bad('The redirect URL must start with https:// (http:// only on localhost or 127.0.0.1).');
  }
  if (u.username || u.password) return bad('The redirect URL cannot contain a user name or password.');
  const hostProblem = hostError(u.hostname);
  if (hostProblem) return bad(hostProblem);
  return { ok: true, url: u.href };
}
