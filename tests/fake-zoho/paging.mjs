// Paging for CRM list/search responses: page/per_page (offset limited to 2000) and page_token (any depth).
// page_token is base64url JSON {m: module, w: search word|null, o: offset, d: descending, x: expiry ms};
// clients must treat it as opaque. It carries the position and sort; per_page comes from each request.

export const PAGE_LIMIT = 2000;
const TOKEN_TTL_MS = 24 * 3600 * 1000;
const SORT_BY = ['id', 'Created_Time', 'Modified_Time'];

export const crmError = (status, code, message, details = {}) => ({ status, body: { code, details, message,
  status: 'error' } });

function intParam(q, name, dflt) {
  if (!q.has(name)) return dflt;
  const v = q.get(name);
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

/** Reads per_page and page (users API: no page_token). Returns {perPage, page} or {error}. */
export function pageParams(q, maxPerPage = 200) {
  const perPage = intParam(q, 'per_page', 200);
  const page = intParam(q, 'page', 1);
  if (!(perPage >= 1 && perPage <= maxPerPage)) {
    return { error: crmError(400, 'INVALID_DATA', 'invalid data', { param: 'per_page', maximum: maxPerPage }) };
  }
  if (!(page >= 1)) return { error: crmError(400, 'INVALID_DATA', 'invalid data', { param: 'page' }) };
  return { perPage, page };
}

const encodeToken = (t) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(s) {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    return t && typeof t === 'object' && Number.isInteger(t.o) && t.o >= 0 ? t : null;
  } catch {
    return null;
  }
}

/**
 * Works out one page of a list of `total` items for module m (w = search word or null).
 * Returns {error} or {positions: [index into the ordered list...], info}.
 * The caller maps positions to records; with sort_order=desc position p is item total-1-p.
 */
export function pageOf(q, { m, w = null, total, now }) {
  const pp = pageParams(q);
  if (pp.error) return pp;
  const { perPage } = pp;
  let offset;
  let desc;
  if (q.has('page_token')) {
    const t = decodeToken(q.get('page_token'));
    if (!t || t.m !== m || (t.w ?? null) !== w) {
      return { error: crmError(400, 'INVALID_DATA', 'invalid page token', { param: 'page_token' }) };
    }
    if (now() > t.x) return { error: crmError(400, 'INVALID_DATA', 'page token expired', { param: 'page_token' }) };
    offset = t.o;
    desc = !!t.d;
  } else {
    const sortBy = q.get('sort_by') ?? 'id';
    const order = q.get('sort_order') ?? 'asc';
    if (!SORT_BY.includes(sortBy)) return { error: crmError(400, 'INVALID_DATA', 'invalid data', { param: 'sort_by' }) };
    if (!['asc', 'desc'].includes(order)) {
      return { error: crmError(400, 'INVALID_DATA', 'invalid data', { param: 'sort_order' }) };
    }
    if (pp.page * perPage > PAGE_LIMIT) {
      return { error: crmError(400, 'LIMIT_REACHED', `maximum limit reached: use page_token to fetch records beyond ${
        PAGE_LIMIT}`, { limit: PAGE_LIMIT }) };
    }
    offset = (pp.page - 1) * perPage;
    desc = order === 'desc';
  }
  const positions = [];
  for (let p = offset; p < Math.min(total, offset + perPage); p++) positions.push(desc ? total - 1 - p : p);
  const more = offset + perPage < total;
  const x = now() + TOKEN_TTL_MS;
  const info = {
    per_page: perPage,
    count: positions.length,
    page: Math.floor(offset / perPage) + 1,
    more_records: more,
    next_page_token: more ? encodeToken({ m, w, o: offset + perPage, d: desc, x }) : null,
    previous_page_token: offset > 0 ? encodeToken({ m, w, o: Math.max(0, offset - perPage), d: desc, x }) : null,
    page_token_expiry: more || offset > 0 ? new Date(x).toISOString() : null,
    sort_by: q.get('sort_by') ?? 'id',
    sort_order: desc ? 'desc' : 'asc',
  };
  return { positions, info };
}
