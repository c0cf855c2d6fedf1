// POST /crm/v{n}/coql {"select_query": "…"}: a minimal subset of COQL (github.com/zoho/crm-oas
// v8.0/coql/operations/executeCOQLQuery: operation.md, examples; v8.0/coql.json):
//
//   select <field>[, <field> …] from <Module> [limit <n> [offset <m>]]      (keywords in any case, optional ";")
//
// Answers:
//   rows        -> 200 {"data":[{<selected fields>}…],"info":{"count","more_records"}} (response-200-successresponse:
//                  only the selected fields)
//   no rows     -> 204 without body (operation.md)
//   unknown module -> 400 INVALID_MODULE "the given module is not supported in api" (response-400-invalidmodule)
//   unknown field  -> 400 INVALID_QUERY "column given seems to be invalid" {column_name} (coql.json Query_Exception)
//   limit outside 1..2000, bad offset -> 400 INVALID_QUERY "limit given seems to be invalid" {limit}
//                  (response-400-invalidqueryinvalidlimit; 2,000 rows per call: COQL Limitations page, v7)
//   anything else (where, order by, joins, aggregates, no select_query, not JSON)
//               -> 400 SYNTAX_ERROR "given coql query not supported" {} (response-400-syntaxerrorquerynotsupported).
//                  Zoho takes much of that; the fake refuses what it does not model rather than answer wrongly.
// Scopes: ZohoCRM.coql.READ and the module's read scope (operation.md "Scopes"). Rows in record order (index
// ascending; Zoho's order without ORDER BY is NV); default limit 200 (NV).
import { moduleName } from './data.mjs';
import { hasScope } from './scopes.mjs';
import { COQL_INVALID_MODULE, COQL_NOT_SUPPORTED, SCOPE_MISMATCH, coqlInvalidColumn,
  coqlInvalidLimit } from './crm-errors.mjs';

export const COQL_MAX_LIMIT = 2000;
export const COQL_DEFAULT_LIMIT = 200;

const QUERY = /^\s*select\s+(.+?)\s+from\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+limit\s+(\S+?)(?:\s+offset\s+(\S+?))?)?\s*;?\s*$/is;
const FIELD = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Parses a select_query; {fields, module, limit, offset} or {error}. */
export function parseCoql(text) {
  if (typeof text !== 'string') return { error: COQL_NOT_SUPPORTED };
  const q = QUERY.exec(text);
  if (!q) return { error: COQL_NOT_SUPPORTED };
  const fields = q[1].split(',').map((f) => f.trim());
  if (!fields.every((f) => FIELD.test(f)) || fields.some((f) => /^(from|where|limit|offset)$/i.test(f))) {
    return { error: COQL_NOT_SUPPORTED };
  }
  const limit = q[3] === undefined ? COQL_DEFAULT_LIMIT : /^\d+$/.test(q[3]) ? Number(q[3]) : NaN;
  if (!(limit >= 1 && limit <= COQL_MAX_LIMIT)) return { error: coqlInvalidLimit(q[3]) };
  const offset = q[4] === undefined ? 0 : /^\d+$/.test(q[4]) ? Number(q[4]) : NaN;
  if (!Number.isSafeInteger(offset)) return { error: coqlInvalidLimit(q[4]) };
  return { fields: [...new Set(fields)], module: q[2], limit, offset };
}

/** Runs a COQL request body for the org of a token with these scopes. */
export function runCoql(body, org, scopes) {
  if (!hasScope(scopes, 'ZohoCRM.coql.READ')) return SCOPE_MISMATCH;
  const query = body && typeof body === 'object' && !Array.isArray(body) ? body.select_query : undefined;
  const p = parseCoql(query);
  if (p.error) return p.error;
  const m = moduleName(p.module);
  if (!m) return COQL_INVALID_MODULE;
  if (!hasScope(scopes, `ZohoCRM.modules.${m.toLowerCase()}.READ`)) return SCOPE_MISMATCH;
  const known = new Set(org.store.fields(m));
  const bad = p.fields.find((f) => !known.has(f));
  if (bad) return coqlInvalidColumn(bad);
  const rows = org.store.live(m); // removed records (test hook) are not listed
  const total = rows ? rows.length : org.store.count(m);
  const end = Math.min(total, p.offset + p.limit);
  if (p.offset >= end) return { status: 204 };
  const data = [];
  for (let i = p.offset; i < end; i++) {
    const rec = org.store.get(m, rows ? rows[i] : i);
    data.push(Object.fromEntries(p.fields.map((f) => [f, rec[f] ?? null])));
  }
  return { status: 200, body: { data, info: { count: data.length, more_records: end < total } } };
}
