// GET /crm/v{n}/{module}/deleted and the If-Modified-Since header of Get Records: what incremental sync reads.
// Sources:
// - Get Deleted Records: github.com/zoho/crm-oas v8.0/record.json, path `/crm/v8/{module_api_name}/deleted`
//   (parameters type, page, per_page, If-Modified-Since; answer `Deleted_Records_Wrapper` {data: [Deleted_Record],
//   info}; Deleted_Record = {deleted_by {name, id}, id, display_name, type, created_by {name, id}, deleted_time});
//   zoho.com/crm/developer/docs/api/v2/get-deleted-records.html: type `all` (default) | `recycle` (in the recycle
//   bin) | `permanent` (permanently deleted); page from 1; per_page (here ≤ 200, default 200, as Get Records; NV);
//   info {per_page, count, page, more_records} as in that page's example answer; scope ZohoCRM.modules.ALL or
//   ZohoCRM.modules.{module}.READ.
// - If-Modified-Since: a header (ISO 8601 date-time, e.g. 2019-07-25T15:26:49+05:30) on Get Records and Get Deleted
//   Records (crm-oas record.json components.parameters.If-Modified-Since; the v2 deleted-records page: "Use this
//   header to get the list of recently modified records"); only records modified (deleted) after it are listed,
//   and 304 with no body when there are none (zoho.md "Corrections": incremental sync).
// NV: an unparsable header -> 400 INVALID_DATA {param_name: "If-Modified-Since"} (the fake's stricter reading);
// order of deleted entries (newest deletion first here); empty list without the header -> 204 (as Get Records).
import { pageParams } from './paging.mjs';
import { invalidData } from './crm-errors.mjs';

export const DELETED_TYPES = Object.freeze(['all', 'recycle', 'permanent']);

/** The If-Modified-Since header as ms since the epoch: {since} (null when absent) or {error}. */
export function modifiedSinceHeader(headers) {
  const raw = headers['if-modified-since'];
  if (raw == null || raw === '') return { since: null };
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? { since: ms } : { error: invalidData('If-Modified-Since') };
}

/** Answers GET /{module}/deleted of module m in org. */
export function listDeleted(q, headers, org, m) {
  const type = q.get('type') ?? 'all';
  if (!DELETED_TYPES.includes(type)) return invalidData('type', { supported_values: [...DELETED_TYPES] });
  const pp = pageParams(q);
  if (pp.error) return pp.error;
  const ims = modifiedSinceHeader(headers);
  if (ims.error) return ims.error;
  const all = org.store.deleted(m).filter((d) => (type === 'all' || d.type === type)
    && (ims.since == null || Date.parse(d.deleted_time) > ims.since));
  const from = (pp.page - 1) * pp.perPage;
  const data = all.slice(from, from + pp.perPage);
  if (!data.length) return { status: ims.since == null ? 204 : 304 };
  return { status: 200, body: { data, info: { per_page: pp.perPage, count: data.length, page: pp.page,
    more_records: from + pp.perPage < all.length } } };
}
