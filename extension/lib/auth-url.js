// Building Zoho's implicit-grant authorization URLs. Pure module: no browser globals.

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Fewest random bytes {@link newState} accepts (128 bits). */
export const MIN_STATE_BYTES = 16;

function required(name, value) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`buildAuthUrl: ${name} is required`);
  return value;
}

/**
 * Build the URL that starts a sign-in (`{accounts}/oauth/v2/auth`) or a silent refresh
 * (`{accounts}/oauth/v2/auth/refresh`) with the implicit grant.
 *
 * Query, in this order: `response_type=token`, `client_id`, `scope` (scopes joined by literal commas, as Zoho
 * documents), `redirect_uri`, `state`, and `prompt` when given. `access_type` is never sent: it has no meaning for
 * `response_type=token`.
 *
 * @param {object} p
 * @param {string} p.accounts Accounts server origin, e.g. `https://accounts.zoho.eu` (a trailing slash is ignored).
 * @param {string} p.clientId Zoho client ID.
 * @param {readonly string[]} p.scopes At least one scope.
 * @param {string} p.redirectUri Exactly as registered at Zoho (e.g. `identity.getRedirectURL()`).
 * @param {string} p.state From {@link newState}.
 * @param {boolean} [p.refresh=false] Use the silent-refresh endpoint.
 * @param {string} [p.prompt] e.g. `consent`; omitted when empty.
 * @returns {string}
 * @throws {TypeError} when a required field is missing or `scopes` is empty.
 */
export function buildAuthUrl({ accounts, clientId, scopes, redirectUri, state, refresh = false, prompt } = {}) {
  const base = required('accounts', accounts).replace(/\/+$/, '');
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && s !== '')) {
    throw new TypeError('buildAuthUrl: scopes must be a non-empty array of strings');
  }
  const enc = encodeURIComponent;
  const query = [
    'response_type=token',
    `client_id=${enc(required('clientId', clientId))}`,
    `scope=${scopes.map(enc).join(',')}`,
    `redirect_uri=${enc(required('redirectUri', redirectUri))}`,
    `state=${enc(required('state', state))}`,
  ];
  if (typeof prompt === 'string' && prompt !== '') query.push(`prompt=${enc(prompt)}`);
  return `${base}/oauth/v2/auth${refresh ? '/refresh' : ''}?${query.join('&')}`;
}

/**
 * Turn random bytes into an OAuth `state`: unpadded base64url (`A-Za-z0-9-_`), so it survives any URL unchanged.
 * The caller supplies the bytes (e.g. `crypto.getRandomValues(new Uint8Array(32))`) to keep this function pure.
 *
 * @param {Uint8Array|ArrayLike<number>} randomBytes at least {@link MIN_STATE_BYTES} bytes
 * @returns {string}
 * @throws {TypeError} when fewer than 16 bytes are given or a value is not a byte.
 */
export function newState(randomBytes) {
  const bytes = randomBytes && typeof randomBytes.length === 'number' ? Array.from(randomBytes) : null;
  if (!bytes || bytes.length < MIN_STATE_BYTES) {
    throw new TypeError(`newState: needs at least ${MIN_STATE_BYTES} random bytes`);
  }
  if (!bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new TypeError('newState: every value must be a byte (0..255)');
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64URL[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}
