// CRM accounts the person can work as: normalizing Zoho users and records, paging through Zoho's lists, and (from
// account-index.js, re-exported here) a searchable in-memory index. Pure module: no browser globals.

export { AccountIndex, foldText, LIST_LIMIT, MAX_ACCOUNTS } from './account-index.js';

/** Zoho serves page-numbered results only up to this many records; beyond it a `page_token` is required. */
export const PAGE_RECORD_LIMIT = 2000;

const MAX_ID = 64; // native protocol: account id 1–64 characters
const MAX_NAME = 256; // native protocol: account name 1–256 characters
const MAX_DETAIL = 512;

const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function idOf(v) {
  const id = typeof v === 'string' ? v.trim() : Number.isSafeInteger(v) && v >= 0 ? String(v) : '';
  return id.length >= 1 && id.length <= MAX_ID ? id : null;
}

/**
 * Text for a Zoho field value: strings trimmed; numbers and booleans as text; lookups and owners
 * (`{name, id}`) by their `name`; lists (multi-select, multi-lookup) joined with `, `; anything else empty.
 * @param {unknown} v
 * @returns {string}
 */
export function fieldText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(fieldText).filter((x) => x !== '').join(', ');
  if (typeof v === 'object') return fieldText(v.name ?? v.display_value ?? v.full_name ?? v.email ?? '');
  return '';
}

/**
 * A Zoho CRM user (from `GET /users`) as an account: `name` is `full_name`, else first and last name, else
 * `email`, else the id; `detail` is the e-mail address. Returns null when the user has no usable id.
 * @param {{id?: string, full_name?: string, first_name?: string, last_name?: string, email?: string}} u
 * @returns {{id: string, name: string, kind: 'user', detail: string} | null}
 */
export function normalizeUser(u) {
  if (!u || typeof u !== 'object') return null;
  const id = idOf(u.id);
  if (!id) return null;
  const email = fieldText(u.email);
  const parts = [fieldText(u.first_name), fieldText(u.last_name)].filter((x) => x !== '').join(' ');
  const name = fieldText(u.full_name) || parts || email || id;
  return { id, name: clip(name, MAX_NAME), kind: 'user', detail: clip(email, MAX_DETAIL) };
}

/**
 * A CRM record (from `GET /{module}`) as an account: `name` from `nameField` (the module and id when empty);
 * `detail` is the other non-empty `fields` joined with ` · `. Returns null when the record has no usable id.
 * @param {Record<string, unknown>} r
 * @param {{module: string, nameField: string, fields?: readonly string[]}} source
 * @returns {{id: string, name: string, kind: 'record', module: string, detail: string} | null}
 */
export function normalizeRecord(r, { module, nameField, fields = [] }) {
  if (!r || typeof r !== 'object') return null;
  const id = idOf(r.id);
  if (!id) return null;
  const name = fieldText(r[nameField]) || `${module} ${id}`;
  const detail = fields
    .filter((f) => f !== nameField && f !== 'id')
    .map((f) => fieldText(r[f]))
    .filter((x) => x !== '')
    .join(' · ');
  return { id, name: clip(name, MAX_NAME), kind: 'record', module, detail: clip(detail, MAX_DETAIL) };
}

/**
 * What to ask Zoho for next, given the `info` of the page just read.
 * - no more records → `null`;
 * - `info.next_page_token` present → `{page_token}`;
 * - otherwise `{page: currentPage + 1}`, unless that page would reach past the first 2000 records
 *   (`page * per_page > 2000`, `per_page` defaulting to 200), which Zoho does not serve without a token → `null`.
 * @param {{more_records?: boolean, next_page_token?: string|null, per_page?: number, page?: number}|null} info
 * @param {number} [currentPage] defaults to `info.page`, else 1
 * @returns {null | {page: number} | {page_token: string}}
 */
export function nextPage(info, currentPage) {
  if (!info || typeof info !== 'object' || info.more_records !== true) return null;
  if (typeof info.next_page_token === 'string' && info.next_page_token !== '') return { page_token: info.next_page_token };
  const current = Number.isInteger(currentPage) && currentPage >= 1 ? currentPage
    : Number.isInteger(info.page) && info.page >= 1 ? info.page : 1;
  const perPage = Number.isInteger(info.per_page) && info.per_page > 0 ? info.per_page : 200;
  const page = current + 1;
  return page * perPage <= PAGE_RECORD_LIMIT ? { page } : null;
}

/**
 * The account as the native host's `account.choose` expects it: `{id, name, kind}` plus `module` for records
 * (display-only fields such as `detail` are left out). Returns null for anything that is not a valid account.
 * @param {{id: string, name: string, kind: string, module?: string}} a
 * @returns {{id: string, name: string, kind: 'user'} | {id: string, name: string, kind: 'record', module: string} | null}
 */
export function accountForHost(a) {
  if (!a || typeof a !== 'object' || !idOf(a.id) || typeof a.name !== 'string') return null;
  const name = clip(a.name.trim(), MAX_NAME);
  if (name === '') return null;
  if (a.kind === 'user') return { id: a.id, name, kind: 'user' };
  if (a.kind === 'record' && typeof a.module === 'string' && a.module !== '') {
    return { id: a.id, name, kind: 'record', module: a.module };
  }
  return null;
}
