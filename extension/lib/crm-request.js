// A web page's Zoho CRM request, checked before the extension makes it with the person's token: only paths of
// the CRM API (`/crm/v{n}/…`) on the token's own API server, a JSON body, no header that could change who is
// asking. Also the path template the request log keeps (IDs replaced) and the answer headers a page may see.
// Pure module: no browser globals.

import { CRM_VERSIONS } from './settings.js';
import { READ_METHODS, WRITE_METHODS } from './web-app-policy.js';

const METHODS = [...READ_METHODS, ...WRITE_METHODS];
// Zoho's CRM paths are API names, IDs and a few words (actions, search, deleted): no dots as a segment, no
// percent-encoding that could hide a `/` or `..`, nothing that a server might read as another path.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;
const ID = /^\d+$/;
// Limits with their reasons: a URL over 8 KiB is refused by many servers; Zoho's largest write (100 records)
// is far below 1 MiB, and the browser passes the body through one extension message.
/** The longest path a page may give (2,048 characters; Zoho's own paths are far shorter). */
export const MAX_PATH_CHARS = 2048;
/** The largest JSON body a page may send through the extension (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_URL_CHARS = 8192;
const MAX_PARAMS = 100;

/** Request headers a page may set: only conditional reads (incremental sync). Keys are lower case. */
export const PAGE_REQUEST_HEADERS = Object.freeze({ 'if-modified-since': 'If-Modified-Since' });

/** Answer headers a page sees: what describes the body and Zoho's API limits; never cookies or anything else. */
export const SAFE_RESPONSE_HEADERS = Object.freeze(['content-type', 'etag', 'last-modified', 'retry-after',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-day-limit',
  'x-ratelimit-day-remaining', 'x-api-credits-remaining']);

const bad = (message, extra = {}) => ({ ok: false, code: 'BAD_REQUEST', message, ...extra });

/**
 * The path as the request log keeps it: the path without its query, each segment of digits (a record ID)
 * replaced by `{id}`. Returns null for anything that is not a CRM path.
 * @param {unknown} path
 * @returns {string|null}
 */
export function pathTemplate(path) {
  const parsed = parsePath(path);
  return parsed.ok ? parsed.template : null;
}

function parsePath(path) {
  if (typeof path !== 'string' || path.length === 0) return bad('Give the path of a Zoho CRM API call, such as /crm/v8/Accounts.');
  if (path.length > MAX_PATH_CHARS) return bad(`The path is longer than ${MAX_PATH_CHARS} characters.`);
  if (!path.startsWith('/') || path.startsWith('//') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) {
    return bad('Give a path such as /crm/v8/Accounts, not a full address: zcrm-bridge calls only the Zoho CRM API of your sign-in.');
  }
  if (path.includes('#')) return bad('A path cannot contain a fragment (#).');
  const q = path.indexOf('?');
  const route = q < 0 ? path : path.slice(0, q);
  const [empty, crm, version, ...rest] = route.split('/');
  if (empty !== '' || crm !== 'crm') {
    return bad('Only Zoho CRM API paths (/crm/v{n}/…) can be called through zcrm-bridge.');
  }
  const v = /^v(.+)$/.exec(version ?? '')?.[1];
  if (!v || !CRM_VERSIONS.includes(v)) {
    return bad(`The path must name a CRM API version: /crm/v{n}/ with n one of ${CRM_VERSIONS.join(', ')}.`);
  }
  if (rest.length === 0 || rest.some((s) => !SEGMENT.test(s))) {
    return bad('Each part of the path after /crm/v{n}/ is a name or an ID (letters, digits, _ . -), with no empty part.');
  }
  const template = ['', 'crm', version, ...rest.map((s) => (ID.test(s) ? '{id}' : s))].join('/');
  return { ok: true, version: v, module: rest[0], route, query: q < 0 ? '' : path.slice(q + 1), template };
}

function scalar(v) {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Check a page's `crm.request` and turn it into the call to make. The URL is built on `apiServer` (the token's
 * API server) and nothing the page sends can change its host.
 * @param {{method?: unknown, path?: unknown, params?: unknown, body?: unknown, headers?: unknown}} request
 * @param {string} apiServer e.g. `https://www.zohoapis.com`
 * @returns {{ok: true, method: string, module: string, template: string, url: URL, headers: Record<string, string>,
 *   body: string|undefined} | {ok: false, code: 'BAD_REQUEST', message: string, template?: string, method?: string}}
 */
export function checkCrmRequest(request, apiServer) {
  const method = typeof request?.method === 'string' ? request.method.toUpperCase() : '';
  if (!METHODS.includes(method)) return bad(`The method is one of ${METHODS.join(', ')}.`);
  const parsed = parsePath(request.path);
  if (!parsed.ok) return { ...parsed, method };
  const at = { method, template: parsed.template };
  const url = new URL(`${apiServer}${parsed.route}`);
  if (url.origin !== new URL(apiServer).origin) return bad('The path cannot lead to another server.', at);
  url.search = parsed.query;
  const params = request.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) return bad('params is an object of names and values.', at);
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length > MAX_PARAMS) return bad(`At most ${MAX_PARAMS} params.`, at);
  for (const [k, v] of entries) {
    if (!scalar(v)) return bad('Each value in params must be a string, number or boolean.', at);
    url.searchParams.set(k, String(v));
  }
  if (url.href.length > MAX_URL_CHARS) return bad(`The address with its params is longer than ${MAX_URL_CHARS} characters.`, at);
  const headers = {};
  const asked = request.headers ?? {};
  if (typeof asked !== 'object' || Array.isArray(asked)) return bad('headers is an object of names and values.', at);
  for (const [k, v] of Object.entries(asked)) {
    const name = PAGE_REQUEST_HEADERS[k.toLowerCase()];
    if (!name) {
      // Never quoted back: no answer repeats what a page sent.
      return bad(`A page can set only ${Object.values(PAGE_REQUEST_HEADERS).join(', ')}; zcrm-bridge adds the sign-in itself.`, at);
    }
    if (typeof v !== 'string' || v.length > 200 || /[\r\n]/.test(v)) return bad(`The header ${name} must be a short line of text.`, at);
    headers[name] = v;
  }
  let body;
  if (request.body !== undefined && request.body !== null) {
    if (method === 'GET' || method === 'DELETE') return bad(`A ${method} request has no body.`, at);
    if (typeof request.body !== 'object') return bad('The body is a JSON object or array.', at);
    body = JSON.stringify(request.body);
    if (new TextEncoder().encode(body).length > MAX_BODY_BYTES) return bad('The body is larger than 1 MiB.', at);
    headers['Content-Type'] = 'application/json';
  }
  return { ok: true, method, module: parsed.module, template: parsed.template, url, headers, body };
}

/**
 * The headers of Zoho's answer that a page may see ({@link SAFE_RESPONSE_HEADERS}), with lower-case names.
 * @param {Iterable<[string, string]>} headers e.g. a fetch Response's `headers`
 * @returns {Record<string, string>}
 */
export function safeResponseHeaders(headers) {
  const out = {};
  for (const [k, v] of headers) if (SAFE_RESPONSE_HEADERS.includes(k.toLowerCase())) out[k.toLowerCase()] = v;
  return out;
}
