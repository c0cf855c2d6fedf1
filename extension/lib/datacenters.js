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
  // Documented on Zoho's multi-DC pages (WorkDrive, CRM): accounts.zoho.ae / www.zohoapis.ae.
  { code: 'ae', label: 'United Arab Emirates', accounts: 'https://accounts.zoho.ae', api: 'https://www.zohoapis.ae' },
];

/**
 * Zoho data centres keyed by code (`us`, `eu`, `in`, `au`, `jp`, `ca`, `sa`, `uk`, `cn`, `ae`). Frozen. The one table of
 * the project: the host's list of codes is checked against it (test/datacenters.test.mjs).
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
 * - `accounts`: the override for `dc` (`settings.dcOverrides[dc].accounts`) → the override for every data centre
 *   (`settings.baseUrlOverride.accounts`) → Zoho's accounts server of `dc`.
 * - `api`: the token's `api_domain` when it is one of `dc`'s API servers (see {@link apiDomainProblem}) → the
 *   overrides as for `accounts` → Zoho's API server of `dc`.
 *
 * @param {{dc?: string, baseUrlOverride?: {accounts?: string, api?: string},
 *   dcOverrides?: Record<string, {accounts?: string, api?: string}>}} [settings]
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
  const servers = serversOf(s, dc);
  const fromToken = t.api_domain && apiDomainProblem(dc, t.api_domain, s) === null ? originOf(t.api_domain) : null;
  return { dc, accounts: servers.accounts, api: fromToken ?? servers.api };
}

function originOf(value) {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

// One data centre's servers with the overrides applied: the data centre's own first, then the one for all.
function serversOf(settings, code) {
  const all = settings?.baseUrlOverride && typeof settings.baseUrlOverride === 'object' ? settings.baseUrlOverride : {};
  const perDc = settings?.dcOverrides && typeof settings.dcOverrides === 'object' ? settings.dcOverrides[code] ?? {} : {};
  return {
    code,
    accounts: overrideOrigin(perDc.accounts) ?? overrideOrigin(all.accounts) ?? DATACENTERS[code].accounts,
    api: overrideOrigin(perDc.api) ?? overrideOrigin(all.api) ?? DATACENTERS[code].api,
    overridden: Boolean(overrideOrigin(perDc.api) ?? overrideOrigin(all.api)),
  };
}

/**
 * Why a token's `api_domain` cannot be used for data centre `location`, or null when it can. Accepted: the
 * data centre's API server as this installation reaches it (an override), or, without an override, Zoho's
 * `www.`, `sandbox.` or `developer.` API host of that data centre (a CRM org's environment). Anything else would
 * send the token to a server the data centre does not name, so it is refused.
 * @param {string} location a data-centre code
 * @param {unknown} apiDomain the token's `api_domain`
 * @param {object} [settings] for the overrides
 * @returns {string|null}
 */
export function apiDomainProblem(location, apiDomain, settings = {}) {
  if (!isDataCenter(location)) return `Zoho named an unknown data centre.`;
  const servers = serversOf(settings, location);
  const origin = typeof apiDomain === 'string' ? originOf(apiDomain.replace(/\/+$/, '')) : null;
  if (origin && origin === servers.api) return null;
  if (!servers.overridden && origin) {
    const tld = new URL(DATACENTERS[location].api).hostname.replace(/^www\.zohoapis\./, '');
    const ok = ['www', 'sandbox', 'developer'].some((env) => origin === `https://${env}.zohoapis.${tld}`);
    if (ok) return null;
  }
  return `Zoho named an API server that is not data centre ${location}'s (${DATACENTERS[location].api}); the sign-in was not kept.`;
}

/**
 * The accounts and API servers of every data centre as this installation reaches them: Zoho's table, with the
 * settings' server overrides (tests, proxies) in place of Zoho's origins.
 * @param {{baseUrlOverride?: {accounts?: string, api?: string}, dcOverrides?: object}} [settings]
 * @returns {Array<{code: string, accounts: string, api: string}>}
 */
export function reachableServers(settings = {}) {
  return DC_CODES.map((code) => {
    const { accounts, api } = serversOf(settings, code);
    return { code, accounts, api };
  });
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
