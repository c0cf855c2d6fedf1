// Record writes of the fake CRM API, answered as Zoho documents them (github.com/zoho/crm-oas v8.0/record/operations:
// createRecords, updateRecords, updateRecord, deleteRecords, deleteRecord, with their examples):
//   POST   /{module}        {"data":[{…}, …]}  -> 201, per record {"code":"SUCCESS","details":{Modified_Time,
//                                                 Modified_By, Created_Time, id, Created_By, $approval_state},
//                                                 "message":"record added","status":"success"}
//   PUT    /{module}        {"data":[{id, …}]} -> 200 "record updated"; a record without id -> MANDATORY_NOT_FOUND,
//                                                 an id the org does not have -> INVALID_DATA (messages NV)
//   PUT    /{module}/{id}   {"data":[{…}]}     -> 200 "record updated"; unknown id -> 400 INVALID_DATA "invalid record id"
//   DELETE /{module}?ids=a,b                   -> 200, per id {"code":"SUCCESS","details":{"id"},"message":"record
//                                                 deleted","status":"success"}; an unknown id -> INVALID_DATA
//                                                 "record not deleted"; no ids -> 400 REQUIRED_PARAM_MISSING
//   DELETE /{module}/{id}                      -> 200 as above; unknown id -> 400 INVALID_DATA "invalid record id"
// Per-record answers keep the request's order; some records failing -> 207, all failing -> 400 (crm-oas 207/400
// schemas). At most 100 records or ids per call ("A maximum of 100 records can be …") -> 400 LIMIT_EXCEEDED.
// Scopes (crm-oas "Scopes"): ZohoCRM.modules.CREATE / UPDATE / DELETE, or the per-module form
// ZohoCRM.modules.<module>.CREATE …; any covering .ALL works.
//
// Not modelled (NV): writes are answered but not stored: reads still show the generated records, a created record
// cannot be read back, a deleted one is still there. Mandatory fields, field types, duplicates, workflows, upsert
// and subforms are not checked.
import { zohoTime } from './data.mjs';
import { hasScope } from './scopes.mjs';
import { BAD_METHOD, SCOPE_MISMATCH, badWriteBody, deleteIdsMissing, invalidRecordId, limitExceeded,
  recordsLimitExceeded } from './crm-errors.mjs';

export const MAX_WRITE_RECORDS = 100;

const OPERATION = { POST: 'CREATE', PUT: 'UPDATE', DELETE: 'DELETE' };

/** Scope check for a write on module m (canonical name) by method. */
export function writeAllowed(scopes, method, m) {
  const op = OPERATION[method];
  return hasScope(scopes, `ZohoCRM.modules.${op}`) || hasScope(scopes, `ZohoCRM.modules.${m.toLowerCase()}.${op}`);
}

const ok = (message, details) => ({ code: 'SUCCESS', details, message, status: 'success' });
const err = (code, message, details) => ({ code, details, message, status: 'error' });

/** 200/201 when every item succeeded, 400 when none did, 207 otherwise. */
function perRecord(items, allOk) {
  const good = items.filter((i) => i.status === 'success').length;
  const status = good === items.length ? allOk : good === 0 ? 400 : 207;
  return { status, body: { data: items } };
}

function dataArray(body) {
  const data = body && typeof body === 'object' && !Array.isArray(body) ? body.data : undefined;
  if (!Array.isArray(data) || !data.length || !data.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    return { error: badWriteBody() };
  }
  if (data.length > MAX_WRITE_RECORDS) return { error: recordsLimitExceeded(MAX_WRITE_RECORDS) };
  return { data };
}

/**
 * @param {{now: () => number}} ctx
 * @returns {{write: (req: {method: string, parts: string[], query: URLSearchParams, body: any, org: object,
 *   user: object|null, m: string}) => {status: number, body?: object}}}
 */
export function makeWrites(ctx) {
  const created = new Map(); // `${orgId}:${module}` -> records created so far (for fresh ids)

  function stamp(user, id) {
    const t = zohoTime(ctx.now());
    const by = user ? { name: user.full_name, id: user.id } : null;
    return { Modified_Time: t, Modified_By: by, Created_Time: t, id, Created_By: by, $approval_state: 'approved' };
  }

  function create({ org, m, user, body }) {
    const d = dataArray(body);
    if (d.error) return d.error;
    const key = `${org.id}:${m}`;
    const items = d.data.map(() => {
      const n = created.get(key) ?? 0;
      created.set(key, n + 1);
      return ok('record added', stamp(user, org.store.idAt(m, org.store.count(m) + n)));
    });
    return perRecord(items, 201);
  }

  function update({ org, m, user, body, id }) {
    const d = dataArray(body);
    if (d.error) return d.error;
    if (id !== undefined) {
      if (org.store.indexOf(m, id) < 0) return invalidRecordId();
      return perRecord(d.data.map(() => ok('record updated', stamp(user, id))), 200);
    }
    const items = d.data.map((rec, i) => {
      const path = `$.data[${i}].id`;
      if (rec.id == null || rec.id === '') return err('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: path });
      if (org.store.indexOf(m, rec.id) < 0) return err('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', json_path: path });
      return ok('record updated', stamp(user, String(rec.id)));
    });
    return perRecord(items, 200);
  }

  function remove({ org, m, query, id }) {
    if (id !== undefined) {
      return org.store.indexOf(m, id) < 0 ? invalidRecordId()
        : { status: 200, body: { data: [ok('record deleted', { id })] } };
    }
    const raw = query.get('ids');
    const ids = raw == null ? [] : [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
    if (!ids.length) return deleteIdsMissing();
    if (ids.length > MAX_WRITE_RECORDS) return limitExceeded('ids', MAX_WRITE_RECORDS);
    return perRecord(ids.map((x) => (org.store.indexOf(m, x) < 0 ? err('INVALID_DATA', 'record not deleted', { id: x })
      : ok('record deleted', { id: x }))), 200);
  }

  return {
    write(r) {
      if (!writeAllowed(r.scopes, r.method, r.m)) return SCOPE_MISMATCH;
      if (r.parts.length === 2 && r.parts[1] === 'search') return BAD_METHOD;
      const id = r.parts.length === 2 ? r.parts[1] : undefined;
      if (r.method === 'POST') return id === undefined ? create(r) : BAD_METHOD;
      if (r.method === 'PUT') return update({ ...r, id });
      return remove({ ...r, id });
    },
  };
}
