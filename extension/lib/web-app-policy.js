// What each web origin may do with the person's Zoho sign-in: the three levels, their validation, the options
// form's line syntax, and the decision for one request. Pure module: no browser globals.

import { validateOrigin } from './origins.js';

/**
 * The levels, least trust first. `account`: the chosen account and its changes. `crm`: also Zoho CRM calls made
 * by the extension for the listed modules and methods, and starting a sign-in. `token`: also the token itself.
 */
export const LEVELS = Object.freeze(['account', 'crm', 'token']);

/** Methods that only read; every other method changes data and is allowed per module only when listed. */
export const READ_METHODS = Object.freeze(['GET']);

/** Methods that change data; `write` in the options stands for all of them. */
export const WRITE_METHODS = Object.freeze(['POST', 'PUT', 'PATCH', 'DELETE']);

const METHODS = [...READ_METHODS, ...WRITE_METHODS];
// A module as it appears in a CRM path: Zoho's API names (Accounts, Custom_Module1) and the API's other first
// segments (users, org, settings, coql, …).
const MODULE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

// Zoho's COQL endpoint takes its query in a POST body but only reads: listing `coql` allows that POST.
const READ_BY_POST = new Set(['coql']);

function validateModules(raw, at, errors) {
  const out = [];
  if (!Array.isArray(raw)) {
    errors[`${at}.modules`] = 'List the modules this site may call, such as Accounts or Contacts:write.';
    return out;
  }
  raw.forEach((m, j) => {
    const name = typeof m === 'string' ? m : m?.name;
    if (typeof name !== 'string' || !MODULE.test(name)) {
      errors[`${at}.modules.${j}`] = `"${String(name).slice(0, 64)}" is not a Zoho CRM module name (letters, digits and _).`;
      return;
    }
    const asked = Array.isArray(m?.methods) ? m.methods.map((x) => String(x).toUpperCase()) : [];
    const wrong = asked.filter((x) => !METHODS.includes(x));
    if (wrong.length) {
      errors[`${at}.modules.${j}`] = `${name}: ${wrong.join(', ')} is not a method; use ${METHODS.join(', ')} or write.`;
      return;
    }
    const methods = METHODS.filter((x) => READ_METHODS.includes(x) || asked.includes(x));
    const same = out.find((o) => o.name.toLowerCase() === name.toLowerCase());
    if (same) same.methods = METHODS.filter((x) => same.methods.includes(x) || methods.includes(x));
    else out.push({ name, methods });
  });
  if (out.length === 0 && !errors[`${at}.modules`]) {
    errors[`${at}.modules`] = 'A site at the CRM-calls level needs at least one module, such as Accounts.';
  }
  return out;
}

/**
 * Validate the `webApps` setting. Each entry is `{origin, level, modules?}`; an entry of older settings with only
 * `canReadToken` keeps its meaning (`true` → token, else account). `modules` (only at level `crm`) is a list of
 * `{name, methods}`; GET is always in `methods`. Errors go to `errors` under `webApps`, `webApps.<i>.origin`,
 * `webApps.<i>.level`, `webApps.<i>.modules(.<j>)`.
 * @param {unknown} raw
 * @param {Record<string, string>} errors
 * @param {ReadonlyArray<object>} fallback the default list, for a missing setting
 * @returns {Array<{origin: string, level: string, modules: Array<{name: string, methods: string[]}>}>}
 */
export function validateWebApps(raw, errors, fallback = []) {
  if (raw === undefined) return JSON.parse(JSON.stringify(fallback));
  if (!Array.isArray(raw)) {
    errors.webApps = 'List the web apps as origins, one per line.';
    return [];
  }
  const out = [];
  const seen = new Set();
  raw.forEach((app, i) => {
    const entry = app && typeof app === 'object' ? app : { origin: app };
    const v = validateOrigin(entry.origin);
    const level = entry.level ?? (entry.canReadToken === true ? 'token' : 'account');
    if (!v.ok) errors[`webApps.${i}.origin`] = v.error;
    else if (seen.has(v.origin)) errors[`webApps.${i}.origin`] = `${v.origin} is listed twice; keep one line for it.`;
    else if (!LEVELS.includes(level)) {
      errors[`webApps.${i}.level`] = `${v.origin}: the level is one of ${LEVELS.join(', ')}.`;
    } else {
      const before = Object.keys(errors).length;
      const modules = level === 'crm' ? validateModules(entry.modules, `webApps.${i}`, errors) : [];
      // An entry with a wrong module is left out whole: never more rights than the person wrote.
      if (Object.keys(errors).length === before) {
        seen.add(v.origin);
        out.push({ origin: v.origin, level, modules });
      }
    }
  });
  return out;
}

/**
 * One options-form line to a raw web-app entry: `<origin>` (account), `<origin> token`, or
 * `<origin> crm <Module>[:<METHOD>,…|:write] …`.
 * @param {string} line
 * @returns {{origin: string, level: string, modules?: Array<{name: string, methods: string[]}>}}
 */
export function webAppFromLine(line) {
  const [origin, word, ...rest] = String(line).trim().split(/\s+/);
  const level = (word ?? 'account').toLowerCase();
  if (level !== 'crm') return { origin, level };
  const modules = rest.map((item) => {
    const [name, list = ''] = item.split(':');
    const methods = list.split(',').filter(Boolean).flatMap((m) => (m.toLowerCase() === 'write' ? WRITE_METHODS : [m]));
    return { name, methods };
  });
  return { origin, level, modules };
}

/**
 * The inverse of {@link webAppFromLine} for a validated entry.
 * @param {{origin: string, level: string, modules: Array<{name: string, methods: string[]}>}} app
 * @returns {string}
 */
export function webAppToLine(app) {
  if (app.level === 'account') return app.origin;
  if (app.level === 'token') return `${app.origin} token`;
  const mods = app.modules.map((m) => {
    const extra = m.methods.filter((x) => !READ_METHODS.includes(x));
    if (extra.length === WRITE_METHODS.length) return `${m.name}:write`;
    return extra.length ? `${m.name}:${extra.join(',')}` : m.name;
  });
  return [app.origin, 'crm', ...mods].join(' ');
}

/**
 * What a web page at `origin` may do, according to `settings.webApps`. An origin that is invalid or not listed
 * gets nothing. Comparison is on normalized origins.
 * @param {{webApps?: Array<object>}} settings validated settings
 * @param {unknown} origin the sender's origin as the browser reports it
 * @returns {{allowed: boolean, level: string|null, canReadToken: boolean, canCallCrm: boolean, canSignIn: boolean,
 *   modules: Array<{name: string, methods: string[]}>}}
 */
export function webAppPolicy(settings, origin) {
  const none = { allowed: false, level: null, canReadToken: false, canCallCrm: false, canSignIn: false, modules: [] };
  const checked = validateOrigin(origin);
  if (!checked.ok) return none;
  const apps = settings && Array.isArray(settings.webApps) ? settings.webApps : [];
  const app = apps.find((a) => a && validateOrigin(a.origin).origin === checked.origin);
  if (!app) return none;
  const level = LEVELS.includes(app.level) ? app.level : app.canReadToken === true ? 'token' : 'account';
  return { allowed: true, level, canReadToken: level === 'token', canCallCrm: level !== 'account',
    canSignIn: level !== 'account', modules: level === 'crm' ? app.modules ?? [] : [] };
}

/**
 * Whether a policy allows `method` on CRM `module` (the first segment after `/crm/v{n}/`), compared without case
 * as Zoho does. At level `token` every call is allowed: that site could make it with the token anyway.
 * @param {ReturnType<typeof webAppPolicy>} policy
 * @param {string} method upper case
 * @param {string} module
 * @returns {{ok: true} | {ok: false, message: string}}
 */
export function allowsCrmCall(policy, method, module) {
  if (!policy.canCallCrm) {
    return { ok: false, message: 'This site may read the chosen account only, not call Zoho CRM. The person can allow CRM calls in the extension options.' };
  }
  if (policy.level === 'token') return { ok: true };
  const entry = policy.modules.find((m) => m.name.toLowerCase() === module.toLowerCase());
  // Messages name what the person allowed, never what the page sent.
  if (!entry) return { ok: false, message: `This site may call only these Zoho CRM modules: ${policy.modules.map((m) => m.name).join(', ')}.` };
  const asRead = method === 'POST' && READ_BY_POST.has(module.toLowerCase()) ? 'GET' : method;
  if (!entry.methods.includes(asRead)) {
    return { ok: false, message: `In ${entry.name} this site may only ${entry.methods.join(', ')}.` };
  }
  return { ok: true };
}
