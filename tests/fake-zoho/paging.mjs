// Paging of CRM list and search answers, as Zoho documents it for Get Records (zoho.md "Corrections": records
// paging; github.com/zoho/crm-oas v8.0/record/operations/getRecords/operation.md and its examples):
// - `per_page` 1..200, default 200; `page` from 1.
// - `page` reaches only the first 2,000 records: page * per_page > 2000 -> 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED.
// - `info.next_page_token` / `previous_page_token`, passed back as `page_token`, reach up to 100,000 records; a
//   token pointing past them -> 400 PAGINATION_LIMIT_EXCEEDED.
// - A page token is user-specific, expires after 24 h (info.page_token_expiry; then 400 EXPIRED_VALUE) and is bound
//   to the request's other parameters: a token of another user, module or search, or sent with any parameter
//   added, altered or deleted (per_page, sort_by, sort_order, fields, word, …), or one the server never issued
//   -> 400 TOKEN_BOUND_DATA_MISMATCH ("The page_token given seems to be invalid or input param is added or
//   altered or deleted").
// - `page` together with `page_token` -> 400 AMBIGUITY_DURING_PROCESSING.
// - sort_by id | Created_Time | Modified_Time (default id), sort_order asc | desc, default desc.
// - info: per_page, count, page, more_records, next_page_token, previous_page_token, page_token_expiry, sort_by,
//   sort_order (and call/email false, as in Zoho's example answer).
// Tokens are opaque random strings kept by the fake (one table per data centre). NV: whether a token's expiry
// is renewed along a walk; here every answer's tokens get a fresh 24 h.
import { randomBytes } from 'node:crypto';
import { zohoTime } from './data.mjs';
import { ambiguity, discretePaginationLimit, expiredPageToken, invalidData, paginationLimit,
  tokenBoundMismatch } from './crm-errors.mjs';

export const PAGE_LIMIT = 2000;
export const TOKEN_LIMIT = 100_000;
export const TOKEN_TTL_MS = 24 * 3600 * 1000;
export const MAX_PER_PAGE = 200;
export const SORT_BY = Object.freeze(['id', 'Created_Time', 'Modified_Time']);
const SORT_ORDER = ['asc', 'desc'];

function intParam(q, name, dflt) {
  if (!q.has(name)) return dflt;
  const v = q.get(name);
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

/** Reads per_page and page (also used by the users API, which has no page tokens). {perPage, page} or {error}. */
export function pageParams(q, maxPerPage = MAX_PER_PAGE) {
  const perPage = intParam(q, 'per_page', maxPerPage);
  const page = intParam(q, 'page', 1);
  if (!(perPage >= 1 && perPage <= maxPerPage)) return { error: invalidData('per_page', { maximum: maxPerPage }) };
  if (!(page >= 1)) return { error: invalidData('page') };
  return { perPage, page };
}

/** Every parameter but page and page_token, in a stable order: what a page token is bound to. */
function boundParams(q) {
  return [...q].filter(([k]) => k !== 'page' && k !== 'page_token')
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y) : (a < b ? -1 : 1)))
    .map(([k, v]) => `${k}=${v}`).join('&');
}

/** One pager per data centre: it keeps the page tokens it issued. */
export function makePager({ now }) {
  const tokens = new Map(); // token -> { binding, offset, expiresAt }

  function issue(binding, offset, expiresAt) {
    const token = randomBytes(32).toString('hex');
    tokens.set(token, { binding, offset, expiresAt });
    return token;
  }

  return {
    /**
     * Works out one page of a list of `total` items.
     * @param {URLSearchParams} q the request's query
     * @param {{path: string, owner: string, total: number}} o path: module (and /search); owner: the token's
     *   user and org, so tokens are user-specific
     * @returns {{error}|{positions: number[], info: object}} positions index the list in ascending order
     */
    page(q, { path, owner, total }) {
      const pp = pageParams(q);
      if (pp.error) return pp;
      const { perPage } = pp;
      if (q.has('page') && q.has('page_token')) return { error: ambiguity('page', 'page_token') };
      const sortBy = q.get('sort_by') ?? 'id';
      const order = q.get('sort_order') ?? 'desc';
      if (!SORT_BY.includes(sortBy)) return { error: invalidData('sort_by', { supported_values: [...SORT_BY] }) };
      if (!SORT_ORDER.includes(order)) return { error: invalidData('sort_order', { supported_values: SORT_ORDER }) };
      const binding = `${owner}\n${path}\n${boundParams(q)}`;
      let offset;
      if (q.has('page_token')) {
        const t = tokens.get(q.get('page_token'));
        if (!t) return { error: tokenBoundMismatch() };
        if (now() > t.expiresAt) return { error: expiredPageToken() };
        if (t.binding !== binding) return { error: tokenBoundMismatch() };
        if (t.offset >= TOKEN_LIMIT) return { error: paginationLimit() };
        offset = t.offset;
      } else {
        if (pp.page * perPage > PAGE_LIMIT) return { error: discretePaginationLimit(PAGE_LIMIT) };
        offset = (pp.page - 1) * perPage;
      }
      const desc = order === 'desc';
      const positions = [];
      for (let p = offset; p < Math.min(total, offset + perPage); p++) positions.push(desc ? total - 1 - p : p);
      const more = offset + perPage < total;
      const expiresAt = now() + TOKEN_TTL_MS;
      const next = more ? issue(binding, offset + perPage, expiresAt) : null;
      const previous = offset > 0 ? issue(binding, Math.max(0, offset - perPage), expiresAt) : null;
      const info = {
        call: false,
        per_page: perPage,
        count: positions.length,
        page: Math.floor(offset / perPage) + 1,
        more_records: more,
        next_page_token: next,
        previous_page_token: previous,
        page_token_expiry: next || previous ? zohoTime(expiresAt) : null,
        sort_by: sortBy,
        sort_order: order,
        email: false,
      };
      return { positions, info };
    },
  };
}
