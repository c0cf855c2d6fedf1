// Settings set by an organisation (enterprise policy, read from storage.managed): each field checked with the same
// validation as the person's settings, then laid over them field by field, locked. Pure module: no browser globals.
//
// Chrome, Edge and Brave fill storage.managed from policy (`3rdparty.extensions.<id>`, checked against
// managed_schema.json by type); Firefox from policies.json (`3rdparty.Extensions.<id>`, not checked at all). A field
// that fails validation is ignored as a whole (the person's own value stays, unlocked) and reported, never applied
// in part and never a crash.

import { DEFAULT_SETTINGS, validateSettings } from './settings.js';

/** Every setting an organisation may set: all of them (the keys of DEFAULT_SETTINGS), in that order. */
export const MANAGEABLE = Object.freeze(Object.keys(DEFAULT_SETTINGS));

/** The options form's fields that show each setting (lib/settings-form.js names). Frozen. */
export const FORM_FIELDS = Object.freeze({
  clientId: ['clientId'], dc: ['dc'], scopes: ['scopes'], crmVersion: ['crmVersion'],
  accountSource: ['accountSourceType', 'module', 'nameField', 'fields'], webApps: ['webApps'],
  redirectCaptures: ['redirectCaptures'], baseUrlOverride: ['baseUrlAccounts', 'baseUrlApi'],
  dcOverrides: ['dcOverrides'], refreshEarlyMinutes: ['refreshEarlyMinutes'], crmConcurrency: ['crmConcurrency'],
  syncIntervalMinutes: ['syncIntervalMinutes'],
});

// A valid client ID to validate the other fields alone (validateSettings always asks for one).
const SOME_CLIENT_ID = '1000.CHECK';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Check what storage.managed holds.
 *
 * `values` has each valid field, normalized as validateSettings normalizes it; `errors` has a sentence per problem
 * under the path validateSettings uses (`dc`, `webApps.2.origin`, …), plus `<key>` for a key that is no setting
 * and `*` when the whole thing is not an object; `invalid` lists the settings left out because of an error.
 * @param {unknown} raw what storage.managed.get() answered (undefined when the browser has no managed storage)
 * @returns {{values: Record<string, unknown>, errors: Record<string, string>, invalid: string[], unknown: string[]}}
 */
export function readManaged(raw) {
  const out = { values: {}, errors: {}, invalid: [], unknown: [] };
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) {
    out.errors['*'] = 'The managed settings are not an object of setting names and values; all are ignored.';
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!MANAGEABLE.includes(key)) {
      out.unknown.push(key);
      out.errors[key] = `"${key.slice(0, 64)}" is not a zcrm-bridge setting (known: ${MANAGEABLE.join(', ')}); it is ignored.`;
      continue;
    }
    if (value === undefined) continue;
    const checked = validateSettings(key === 'clientId' ? { clientId: value } : { clientId: SOME_CLIENT_ID, [key]: value });
    const own = Object.entries(checked.errors).filter(([path]) => path === key || path.startsWith(`${key}.`));
    if (own.length) {
      out.invalid.push(key);
      for (const [path, message] of own) out.errors[path] = message;
    } else out.values[key] = checked.settings[key];
  }
  return out;
}

/**
 * The settings in force: the person's, with every valid managed field in its place.
 * @param {unknown} personal the person's settings as stored (validated field by field here)
 * @param {unknown} managedRaw what storage.managed.get() answered
 * @returns {{settings: typeof DEFAULT_SETTINGS, locked: string[], managedErrors: Record<string, string>}}
 *   locked: the settings set by the organisation, in MANAGEABLE order
 */
export function effectiveSettings(personal, managedRaw) {
  const managed = readManaged(managedRaw);
  const base = isObject(personal) ? personal : {};
  const settings = validateSettings({ ...base, ...managed.values }).settings;
  return { settings, locked: MANAGEABLE.filter((k) => k in managed.values), managedErrors: managed.errors };
}

/**
 * What to validate and what to keep when the person saves: the form's entries with the locked fields taken from
 * the organisation (`check`, so that e.g. a managed client ID satisfies validation and errors concern only the
 * person's fields), and the person's own earlier values for the locked fields (`keep`, so that their settings come
 * back unchanged once the policy is lifted; a locked field they never had is left out and gets its default).
 * @param {Record<string, unknown>} raw from settingsFromForm (locked fields are disabled, hence absent)
 * @param {unknown} previous the person's stored settings
 * @param {Record<string, unknown>} values readManaged(...).values
 * @returns {{check: Record<string, unknown>, keep: Record<string, unknown>}}
 */
export function personalSave(raw, previous, values) {
  const input = isObject(raw) ? raw : {};
  const before = isObject(previous) ? previous : {};
  const keep = { ...input };
  for (const key of Object.keys(values)) {
    if (key in before) keep[key] = before[key];
    else delete keep[key];
  }
  return { check: { ...input, ...values }, keep };
}

/**
 * The form fields to show as "Set by your organisation" (disabled).
 * @param {string[]} locked setting names, from effectiveSettings
 * @returns {string[]}
 */
export function lockedFormFields(locked) {
  return locked.flatMap((k) => FORM_FIELDS[k] ?? []);
}

/**
 * For each form field, the sentences about the organisation's invalid values that belong to it (the options page
 * shows them next to the field, the person's own value being in force).
 * @param {Record<string, string>} managedErrors from readManaged or effectiveSettings
 * @returns {Record<string, string[]>} form field name (or `*` for no field) -> sentences
 */
export function managedErrorsByField(managedErrors) {
  const out = {};
  for (const [path, message] of Object.entries(managedErrors ?? {})) {
    const [head, sub] = path.split('.');
    let field = FORM_FIELDS[head]?.[0] ?? '*';
    if (head === 'baseUrlOverride' && sub === 'api') field = 'baseUrlApi';
    if (head === 'accountSource' && FORM_FIELDS.accountSource.includes(sub)) field = sub;
    (out[field] ??= []).push(message);
  }
  return out;
}
