// Extension settings: defaults, validation with sentences for a person, and the options-form mapping.
// Pure module: no browser globals.

import { isDataCenter, DC_CODES } from './datacenters.js';
import { validateRedirectCapture } from './origins.js';
import { DEFAULT_INTERVAL_MS } from './sync-planner.js';
import { validateWebApps } from './web-app-policy.js';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,128}$/;
const SCOPE = /^[A-Za-z0-9._]+$/;
const MODULE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const MAX_FIELDS = 50;
// Zoho CRM's concurrency limit per org is 5 (the smallest edition) to 25 (zoho.md "CRM API"): the default asks
// no more of Zoho than any edition allows, an admin may raise it to the org's edition.
const MAX_CRM_CONCURRENCY = 25;
/**
 * Bounds of syncIntervalMinutes, the account list's sync interval: at least a minute (each sync costs Zoho API
 * credits of the org's daily allowance), at most a day (a list older than that misses too much). Frozen.
 */
export const SYNC_INTERVAL_MINUTES = Object.freeze({ min: 1, max: 24 * 60 });

/** Name field of Zoho CRM's standard modules; other modules default to `Name`. */
export const MODULE_NAME_FIELDS = Object.freeze({
  Accounts: 'Account_Name', Contacts: 'Full_Name', Leads: 'Full_Name', Deals: 'Deal_Name',
  Vendors: 'Vendor_Name', Products: 'Product_Name', Campaigns: 'Campaign_Name',
});

function deepFreeze(o) {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

/**
 * Defaults for every setting (deeply frozen; {@link validateSettings} returns fresh copies).
 * `accountSource` is `{type: 'users'}` (choose a CRM user) or
 * `{type: 'module', module, nameField, fields}` (choose a record, e.g. of `Accounts`).
 */
export const DEFAULT_SETTINGS = deepFreeze({
  clientId: '',
  dc: 'us',
  scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.accounts.READ', 'ZohoCRM.org.READ'],
  crmVersion: '8',
  accountSource: { type: 'users' },
  webApps: [{ origin: 'https://app.example.com', level: 'account', modules: [] }],
  redirectCaptures: ['https://app.example.com/LoginRedirect'],
  baseUrlOverride: { accounts: '', api: '' },
  dcOverrides: {},
  refreshEarlyMinutes: 5,
  crmConcurrency: 5,
  syncIntervalMinutes: DEFAULT_INTERVAL_MS / 60_000,
});

/** CRM API versions Zoho serves (`/crm/v{n}/`), oldest first; the default is Zoho's current one. */
export const CRM_VERSIONS = Object.freeze(['2', '2.1', '2.2', '3', '4', '5', '6', '7', '8']);

/** What a module source starts with when the person switches to it. Frozen. */
export const DEFAULT_SETTINGS_MODULE = deepFreeze({ module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] });

const copy = (v) => JSON.parse(JSON.stringify(v));
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;
const str = (v) => (typeof v === 'string' ? v.trim() : v);

function integer(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return null;
}

function overrideUrl(value) {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { ok: true, url: '' };
  const bad = { ok: false, error: 'Enter an address such as https://proxy.example.com (no path), or leave it empty.' };
  if (typeof value !== 'string') return bad;
  const raw = value.trim();
  let u;
  try {
    u = new URL(raw);
  } catch {
    return bad;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return bad;
  if (u.username || u.password || u.pathname !== '/' || raw.includes('?') || raw.includes('#')) return bad;
  return { ok: true, url: u.origin };
}

// Servers per data centre, for tests and proxies: {eu: {accounts, api}}; a data centre left out uses
// baseUrlOverride, then Zoho's own servers.
function validateDcOverrides(raw, errors) {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.dcOverrides = 'The per-data-centre servers are a data-centre code with two addresses each.';
    return {};
  }
  const out = {};
  for (const [dc, pair] of Object.entries(raw)) {
    if (!isDataCenter(dc)) {
      errors.dcOverrides = `Per-data-centre servers name a data centre: ${DC_CODES.join(', ')}.`;
      continue;
    }
    const accounts = overrideUrl(pair?.accounts);
    const api = overrideUrl(pair?.api);
    if (!accounts.ok) errors[`dcOverrides.${dc}.accounts`] = accounts.error;
    if (!api.ok) errors[`dcOverrides.${dc}.api`] = api.error;
    if (accounts.ok && api.ok && (accounts.url || api.url)) out[dc] = { accounts: accounts.url, api: api.url };
  }
  return out;
}

function validateAccountSource(raw, errors) {
  if (raw === undefined) return copy(DEFAULT_SETTINGS.accountSource);
  if (!raw || typeof raw !== 'object' || (raw.type !== 'users' && raw.type !== 'module')) {
    errors['accountSource.type'] = 'Choose whether you work as a CRM user or as a record of a module.';
    return copy(DEFAULT_SETTINGS.accountSource);
  }
  if (raw.type === 'users') return { type: 'users' };
  let ok = true;
  const module = has(raw, 'module') ? str(raw.module) : 'Accounts';
  if (typeof module !== 'string' || !MODULE.test(module)) {
    errors['accountSource.module'] = 'Enter the API name of a CRM module, such as Accounts (letters, digits and "_", starting with a letter).';
    ok = false;
  }
  const defaultName = MODULE_NAME_FIELDS[module] ?? 'Name';
  const nameField = has(raw, 'nameField') ? str(raw.nameField) : defaultName;
  if (typeof nameField !== 'string' || !FIELD.test(nameField)) {
    errors['accountSource.nameField'] = 'Enter the API name of the field that holds the record name, such as Account_Name.';
    ok = false;
  }
  let fields = has(raw, 'fields') ? raw.fields : [nameField];
  if (!Array.isArray(fields) || fields.length === 0) {
    errors['accountSource.fields'] = 'List at least one field to show for each record.';
    ok = false;
  } else {
    fields = fields.map(str);
    const wrong = fields.filter((f) => typeof f !== 'string' || !FIELD.test(f));
    if (wrong.length) {
      errors['accountSource.fields'] = `These are not field API names: ${wrong.map(String).join(', ')}.`;
      ok = false;
    } else {
      fields = [...new Set([nameField, ...fields])];
      if (fields.length > MAX_FIELDS) {
        errors['accountSource.fields'] = `Zoho returns at most ${MAX_FIELDS} fields per request, the name field included; remove ${fields.length - MAX_FIELDS}.`;
        ok = false;
      }
    }
  }
  if (!ok) return { type: 'module', ...copy(DEFAULT_SETTINGS_MODULE) };
  return { type: 'module', module, nameField, fields };
}

function validateCaptures(raw, errors) {
  if (raw === undefined) return copy(DEFAULT_SETTINGS.redirectCaptures);
  if (!Array.isArray(raw)) {
    errors.redirectCaptures = 'List the redirect URLs, one per line.';
    return [];
  }
  const out = [];
  raw.forEach((value, i) => {
    const v = validateRedirectCapture(value);
    if (!v.ok) errors[`redirectCaptures.${i}`] = v.error;
    else if (!out.includes(v.url)) out.push(v.url);
  });
  return out;
}

/**
 * Validate and normalize settings (e.g. from storage or from {@link settingsFromForm}).
 *
 * Missing fields get their default; unknown keys are dropped; an invalid field gets its default in `settings`
 * (invalid list entries are left out) and a sentence in `errors` under its path, e.g. `clientId`, `dc`, `scopes`,
 * `crmVersion`, `accountSource.type|module|nameField|fields`, `webApps`, `webApps.<i>.origin|level|modules`, `redirectCaptures`,
 * `redirectCaptures.<i>`, `baseUrlOverride.accounts|api`, `dcOverrides`, `dcOverrides.<dc>.accounts|api`,
 * `refreshEarlyMinutes`, `crmConcurrency`, `syncIntervalMinutes` (`<i>` = index in the input list).
 * Strings are trimmed; `dc` is lower-cased; numeric strings are accepted for the numbers; scopes are de-duplicated;
 * the module's name field is always fetched (added to `fields` when missing).
 *
 * @param {unknown} raw
 * @returns {{ok: boolean, settings: typeof DEFAULT_SETTINGS, errors: Record<string, string>}}
 */
export function validateSettings(raw) {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const errors = {};
  const s = copy(DEFAULT_SETTINGS);

  const clientId = str(input.clientId);
  if (clientId === undefined || clientId === null || clientId === '') {
    errors.clientId = "Enter your Zoho client ID (from Zoho's API console, api-console.zoho.com).";
  } else if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    errors.clientId = 'A Zoho client ID has 1 to 128 letters, digits, ".", "_" or "-", such as 1000.ABC123.';
  } else s.clientId = clientId;

  if (has(input, 'dc')) {
    const dc = typeof input.dc === 'string' ? input.dc.trim().toLowerCase() : input.dc;
    if (isDataCenter(dc)) s.dc = dc;
    else errors.dc = `Choose a Zoho data centre: ${DC_CODES.join(', ')}.`;
  }

  if (has(input, 'scopes')) {
    const list = Array.isArray(input.scopes) ? input.scopes.map(str).filter((x) => x !== '') : null;
    if (!list || list.length === 0) errors.scopes = 'List at least one Zoho scope, such as ZohoCRM.users.READ.';
    else {
      const wrong = list.filter((x) => typeof x !== 'string' || !SCOPE.test(x));
      if (wrong.length) errors.scopes = `These are not Zoho scopes (letters, digits, "." and "_" only): ${wrong.map(String).join(', ')}.`;
      else s.scopes = [...new Set(list)];
    }
  }

  if (has(input, 'crmVersion')) {
    const v = String(input.crmVersion).trim().replace(/^v/i, '');
    if (!CRM_VERSIONS.includes(v)) errors.crmVersion = `The CRM API version is one of ${CRM_VERSIONS.join(', ')} (8 is Zoho's current one).`;
    else s.crmVersion = v;
  }

  s.accountSource = validateAccountSource(input.accountSource, errors);
  s.webApps = validateWebApps(input.webApps, errors, DEFAULT_SETTINGS.webApps);
  s.redirectCaptures = validateCaptures(input.redirectCaptures, errors);

  const bo = input.baseUrlOverride;
  if (bo !== undefined && (bo === null || typeof bo !== 'object')) {
    errors.baseUrlOverride = 'The server overrides must be addresses or empty.';
  } else if (bo) {
    for (const key of ['accounts', 'api']) {
      const v = overrideUrl(bo[key]);
      if (v.ok) s.baseUrlOverride[key] = v.url;
      else errors[`baseUrlOverride.${key}`] = v.error;
    }
  }

  s.dcOverrides = validateDcOverrides(input.dcOverrides, errors);

  if (has(input, 'refreshEarlyMinutes')) {
    const v = integer(input.refreshEarlyMinutes);
    if (v === null || v < 0 || v > 30) errors.refreshEarlyMinutes = 'Refresh between 0 and 30 minutes before the token expires.';
    else s.refreshEarlyMinutes = v;
  }

  if (has(input, 'crmConcurrency')) {
    const v = integer(input.crmConcurrency);
    if (v === null || v < 1 || v > MAX_CRM_CONCURRENCY) errors.crmConcurrency = `Allow 1 to ${MAX_CRM_CONCURRENCY} CRM calls at a time (Zoho's limit per org is 5 to 25 by edition).`;
    else s.crmConcurrency = v;
  }

  if (has(input, 'syncIntervalMinutes')) {
    const v = integer(input.syncIntervalMinutes);
    const { min, max } = SYNC_INTERVAL_MINUTES;
    if (v === null || v < min || v > max) errors.syncIntervalMinutes = `Sync the account list every ${min} to ${max} minutes (24 hours).`;
    else s.syncIntervalMinutes = v;
  }

  return { ok: Object.keys(errors).length === 0, settings: s, errors };
}
