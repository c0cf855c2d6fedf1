// The options form and the settings: form entries to raw settings and back. Pure module: no browser globals.

import { DEFAULT_SETTINGS_MODULE, validateSettings } from './settings.js';
import { webAppFromLine, webAppToLine } from './web-app-policy.js';

const lines = (text) =>
  String(text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const words = (text) => String(text ?? '').split(/[\s,]+/).filter((w) => w !== '');
const numberish = (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number.parseInt(v, 10) : v);

/**
 * Turn options-form entries into a raw settings object for {@link validateSettings}.
 *
 * Form field names: `clientId`, `dc`, `scopes` (separated by commas, spaces or new lines), `crmVersion`,
 * `accountSourceType` (`users` | `module`), `module`, `nameField`, `fields` (commas, spaces or new lines),
 * `webApps` (one origin per line: `<origin>`, `<origin> crm <Module>[:<METHODS>|:write] …` or `<origin> token`,
 * see lib/web-app-policy.js), `redirectCaptures` (one URL
 * per line), `baseUrlAccounts`, `baseUrlApi`, `dcOverrides` (one line per data centre: `eu <accounts> [<api>]`),
 * `refreshEarlyMinutes`, `crmConcurrency`, `syncIntervalMinutes`. In text areas blank lines and lines starting
 * with `#` are ignored. Missing or empty single fields are left out, so they get their defaults; list indexes in
 * the resulting errors count non-ignored lines.
 *
 * @param {Iterable<[string, unknown]>|Record<string, unknown>} formEntries e.g. `new FormData(form)` or `.entries()`
 * @returns {Record<string, unknown>}
 */
export function settingsFromForm(formEntries) {
  const f = new Map();
  const it = formEntries && typeof formEntries[Symbol.iterator] === 'function' ? formEntries : Object.entries(formEntries ?? {});
  for (const [k, v] of it) if (!f.has(k)) f.set(k, typeof v === 'string' ? v : String(v ?? ''));
  const get = (k) => (f.has(k) && f.get(k).trim() !== '' ? f.get(k).trim() : undefined);
  const raw = {};
  if (f.has('clientId')) raw.clientId = f.get('clientId').trim();
  if (get('dc') !== undefined) raw.dc = get('dc');
  if (f.has('scopes')) raw.scopes = words(f.get('scopes'));
  if (get('crmVersion') !== undefined) raw.crmVersion = numberish(get('crmVersion'));
  const type = get('accountSourceType');
  if (type === 'module') {
    raw.accountSource = { type };
    if (get('module') !== undefined) raw.accountSource.module = get('module');
    if (get('nameField') !== undefined) raw.accountSource.nameField = get('nameField');
    if (get('fields') !== undefined) raw.accountSource.fields = words(get('fields'));
  } else if (type !== undefined) raw.accountSource = { type };
  if (f.has('webApps')) {
    raw.webApps = lines(f.get('webApps')).map(webAppFromLine);
  }
  if (f.has('redirectCaptures')) raw.redirectCaptures = lines(f.get('redirectCaptures'));
  if (f.has('baseUrlAccounts') || f.has('baseUrlApi')) {
    raw.baseUrlOverride = { accounts: get('baseUrlAccounts') ?? '', api: get('baseUrlApi') ?? '' };
  }
  if (f.has('dcOverrides')) {
    raw.dcOverrides = {};
    for (const line of lines(f.get('dcOverrides'))) {
      const [dc, accounts, api] = line.split(/\s+/);
      raw.dcOverrides[dc.toLowerCase()] = { accounts, api: api ?? accounts };
    }
  }
  if (get('refreshEarlyMinutes') !== undefined) raw.refreshEarlyMinutes = numberish(get('refreshEarlyMinutes'));
  if (get('crmConcurrency') !== undefined) raw.crmConcurrency = numberish(get('crmConcurrency'));
  if (get('syncIntervalMinutes') !== undefined) raw.syncIntervalMinutes = numberish(get('syncIntervalMinutes'));
  return raw;
}

/**
 * The inverse of {@link settingsFromForm}: form field values (all strings) for normalized settings.
 * @param {typeof import('./settings.js').DEFAULT_SETTINGS} settings
 * @returns {Record<string, string>}
 */
export function settingsToForm(settings) {
  const s = validateSettings(settings).settings;
  const src = s.accountSource.type === 'module' ? s.accountSource : { type: 'users', ...DEFAULT_SETTINGS_MODULE };
  return {
    clientId: s.clientId,
    dc: s.dc,
    scopes: s.scopes.join('\n'),
    crmVersion: String(s.crmVersion),
    accountSourceType: s.accountSource.type,
    module: src.module,
    nameField: src.nameField,
    fields: src.fields.join(', '),
    webApps: s.webApps.map(webAppToLine).join('\n'),
    redirectCaptures: s.redirectCaptures.join('\n'),
    baseUrlAccounts: s.baseUrlOverride.accounts,
    baseUrlApi: s.baseUrlOverride.api,
    dcOverrides: Object.entries(s.dcOverrides).map(([dc, o]) => `${dc} ${o.accounts} ${o.api}`.trim()).join('\n'),
    refreshEarlyMinutes: String(s.refreshEarlyMinutes),
    crmConcurrency: String(s.crmConcurrency),
    syncIntervalMinutes: String(s.syncIntervalMinutes),
  };
}
