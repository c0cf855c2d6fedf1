// Zoho data centres and how to pick the servers to talk to.
// Pure module: no browser globals, safe to import under node:test.

/**
 * @typedef {object} DataCenter
 * @property {string} code      Short code Zoho uses (`us`, `eu`, …); also the `location` Zoho returns in a token.
 * @property {string} label     Name for a person.
 * @property {string} accounts  Origin of the Zoho Accounts (OAuth) server, no trailing slash.
 * @property {string} api       Origin of the Zoho API server, no trailing slash.
 */

const table = [
  { code: 'us', label: 'United States', accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com' },
  { code: 'eu', label: 'Europe', accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu' },
  { code: 'in', label: 'India', accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in' },
  { code: 'au', label: 'Australia', accounts: 'https://accounts.zoho.com.au', api: 'https://www.zohoapis.com.au' },
  { code: 'jp', label: 'Japan', accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp' },
  { code: 'ca', label: 'Canada', accounts: 'https://accounts.zohocloud.ca', api: 'https://www.zohoapis.ca' },
  { code: 'sa', label: 'Saudi Arabia', accounts: 'https://accounts.zoho.sa', api: 'https://www.zohoapis.sa' },
  { code: 'uk', label: 'United Kingdom', accounts: 'https://accounts.zoho.uk', api: 'https://www.zohoapis.uk' },
  { code: 'cn', label: 'China', accounts: 'https://accounts.zoho.com.cn', api: 'https://www.zohoapis.com.cn' },
];

/**
 * Zoho data centres keyed by code (`us`, `eu`, `in`, `au`, `jp`, `ca`, `sa`, `uk`, `cn`). Frozen.
 * @type {Readonly<Record<string, Readonly<DataCenter>>>}
 */
export const DATACENTERS = Object.freeze(
  Object.fromEntries(table.map((dc) => [dc.code, Object.freeze({ ...dc })])),
);

/**
 * Data-centre codes in display order. Frozen.
 * @type {readonly string[]}
 */
export const DC_CODES = Object.freeze(table.map((dc) => dc.code));

// Registrable API domains (e.g. `zohoapis.com.au`); an `api_domain` from a token must be one of these or a
// subdomain of one, so a forged redirect cannot point the extension's CRM requests at another server.
const API_SUFFIXES = table.map((dc) => new URL(dc.api).hostname.replace(/^www\./, ''));

/**
 * Whether `code` is one of the data-centre codes in {@link DATACENTERS} (exact, lower-case).
 * @param {unknown} code
 * @returns {boolean}
 */
export function isDataCenter(code) {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DATACENTERS, code);
}

/**
 * Whether `value` is an `https://` URL on a Zoho API domain (`zohoapis.<tld>` of a known data centre, or a
 * subdomain of one) with no path, query or credentials. Returns its origin, or null.
 * @param {unknown} value
 * @returns {string|null}
 */
export function zohoApiOrigin(value) {
  if (typeof value !== 'string' || value === '') return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/') return null;
  const host = url.hostname;
  const known = API_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
  return known ? url.origin : null;
}

function overrideOrigin(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Work out which Zoho servers to use.
 *
 * Precedence, per field:
 * - `dc`: the token's `location` (when it is a known code, any case) → the token's `dc` (as the native host's
 *   `token.get` answers it) → `settings.dc` (when known) → `'us'`.
 * - `accounts`: `settings.baseUrlOverride.accounts` → the accounts server of `dc`.
 * - `api`: `settings.baseUrlOverride.api` → the token's `api_domain` (only when it is an https Zoho API domain,
 *   see {@link zohoApiOrigin}) → the API server of `dc`.
 *
 * @param {{dc?: string, baseUrlOverride?: {accounts?: string, api?: string}}} [settings]
 * @param {{location?: string, dc?: string, api_domain?: string}|null} [token] A parsed token or the host's
 *   `token.get` answer.
 * @returns {{dc: string, accounts: string, api: string}} Origins without trailing slash.
 */
export function resolveEndpoints(settings = {}, token = null) {
  const s = settings && typeof settings === 'object' ? settings : {};
  const t = token && typeof token === 'object' ? token : {};
  const code = (v) => (typeof v === 'string' ? v.trim().toLowerCase() : '');
  let dc = 'us';
  if (isDataCenter(code(t.location))) dc = code(t.location);
  else if (isDataCenter(code(t.dc))) dc = code(t.dc);
  else if (isDataCenter(s.dc)) dc = s.dc;

  const override = s.baseUrlOverride && typeof s.baseUrlOverride === 'object' ? s.baseUrlOverride : {};
  const accounts = overrideOrigin(override.accounts) ?? DATACENTERS[dc].accounts;
  const api = overrideOrigin(override.api) ?? zohoApiOrigin(t.api_domain) ?? DATACENTERS[dc].api;
  return { dc, accounts, api };
}

/**
 * The accounts and API servers of every data centre as this installation reaches them: Zoho's table, with the
 * settings' server overrides (tests, proxies) in place of Zoho's origins.
 * @param {{baseUrlOverride?: {accounts?: string, api?: string}}} [settings]
 * @returns {Array<{code: string, accounts: string, api: string}>}
 */
export function reachableServers(settings = {}) {
  const override = settings?.baseUrlOverride && typeof settings.baseUrlOverride === 'object' ? settings.baseUrlOverride : {};
  return DC_CODES.map((code) => ({
    code,
    accounts: overrideOrigin(override.accounts) ?? DATACENTERS[code].accounts,
    api: overrideOrigin(override.api) ?? DATACENTERS[code].api,
  }));
}

/**
 * Whether a token that says it lives in data centre `location` may have been issued by the accounts server at
 * `issuer` (an origin). Zoho's shared multi-DC sign-in starts at the us server, which hands out tokens of every
 * data centre but China's; every other server issues only its own data centre's tokens.
 * @param {string} location a data-centre code
 * @param {string} issuer origin of the accounts server that sent the redirect
 * @param {object} [settings] for the server overrides
 * @returns {boolean}
 */
export function mayIssue(location, issuer, settings = {}) {
  if (!isDataCenter(location)) return false;
  const servers = reachableServers(settings);
  const own = servers.find((s) => s.code === location).accounts;
  const hub = location !== 'cn' ? servers.find((s) => s.code === 'us').accounts : null;
  return issuer === own || issuer === hub;
}
