// Fake Zoho CRM REST API (read side): /crm/v{2..8}/users, /org, /{Module}, /{Module}/search, /{Module}/{id}.
//
// Answers:
//   missing/unknown/revoked/expired token          -> 401 INVALID_TOKEN
//   token lacks the scope                          -> 401 OAUTH_SCOPE_MISMATCH
//   version outside v2..v8 or unknown path         -> 404 INVALID_URL_PATTERN; non-GET -> 405 INVALID_REQUEST_METHOD
//   unknown module                                 -> 400 INVALID_MODULE
//   list without fields                            -> 400 REQUIRED_PARAM_MISSING {param:"fields"}; >50 fields -> 400
//   page*per_page > 2000 without page_token        -> 400 LIMIT_REACHED
//   per_page outside 1..200, bad page/sort/page_token -> 400 INVALID_DATA {param}
//   no rows                                        -> 204 without body
// Scopes: users -> ZohoCRM.users.READ; org -> ZohoCRM.org.READ; module m -> ZohoCRM.modules.<m lowercase>.READ
// (any covering .ALL scope works, see scopes.mjs). Unknown field names in `fields` are ignored.
// Records are ordered by id ascending unless sort_order=desc is given.
import { sendJson, sendEmpty } from './http.mjs';
import { hasScope } from './scopes.mjs';
import { moduleName } from './data.mjs';
import { crmError, pageOf, pageParams } from './paging.mjs';

export const CORS_HEADERS = Object.freeze({ 'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Type, X-RATELIMIT-LIMIT, X-RATELIMIT-REMAINING' });

const INVALID_TOKEN = crmError(401, 'INVALID_TOKEN', 'invalid oauth token');
const SCOPE_MISMATCH = crmError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
const BAD_URL = crmError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
const ALL_TYPES = ['AllUsers', 'ActiveUsers', 'ActiveConfirmedUsers', 'ConfirmedUsers', 'AdminUsers',
  'ActiveConfirmedAdmins'];
const EMPTY_TYPES = ['DeactiveUsers', 'NotConfirmedUsers', 'DeletedUsers'];

export function makeCrm(ctx) {
  const { users, tokens, store, org } = ctx;

  function usersApi(q, tok) {
    if (!hasScope(tok.scopes, 'ZohoCRM.users.READ')) return SCOPE_MISMATCH;
    const type = q.get('type') ?? 'AllUsers';
    let list;
    if (type === 'CurrentUser') list = users.filter((u) => u.email === tok.email);
    else if (type === 'AdminUsers' || type === 'ActiveConfirmedAdmins') {
      list = users.filter((u) => u.profile.name === 'Administrator');
    } else if (ALL_TYPES.includes(type)) list = users;
    else if (EMPTY_TYPES.includes(type)) list = [];
    else return crmError(400, 'INVALID_DATA', 'invalid data', { param: 'type' });
    const pp = pageParams(q);
    if (pp.error) return pp.error;
    const start = (pp.page - 1) * pp.perPage;
    const slice = list.slice(start, start + pp.perPage);
    if (!slice.length) return { status: 204 };
    return { status: 200, body: { users: slice.map((u) => structuredClone(u)), info: { per_page: pp.perPage,
      count: slice.length, page: pp.page, more_records: start + pp.perPage < list.length } } };
  }

  function orgApi(tok) {
    if (!hasScope(tok.scopes, 'ZohoCRM.org.READ')) return SCOPE_MISMATCH;
    return { status: 200, body: { org: [structuredClone(org)] } };
  }

  function pick(rec, fields) {
    if (!fields) return rec;
    const out = { id: rec.id };
    for (const f of fields) if (f in rec) out[f] = rec[f];
    return out;
  }

  function parseFields(q, required) {
    const raw = q.get('fields');
    if (raw == null || !raw.trim()) {
      return required ? { error: crmError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing',
        { param: 'fields' }) } : { fields: null };
    }
    const fields = [...new Set(raw.split(',').map((f) => f.trim()).filter(Boolean))];
    if (fields.length > 50) {
      return { error: crmError(400, 'LIMIT_EXCEEDED', 'fields limit exceeded', { param: 'fields', limit: 50 }) };
    }
    return { fields };
  }

  function listApi(q, m, word) {
    const f = parseFields(q, word == null);
    if (f.error) return f.error;
    const idx = word == null ? null : store.search(m, word);
    const total = idx ? idx.length : store.count(m);
    const pg = pageOf(q, { m, w: word, total, now: ctx.now });
    if (pg.error) return pg.error;
    if (!pg.positions.length) return { status: 204 };
    const data = pg.positions.map((p) => pick(store.get(m, idx ? idx[p] : p), f.fields));
    return { status: 200, body: { data, info: pg.info } };
  }

  function searchApi(q, m) {
    const word = q.get('word');
    if (word == null || !word.trim()) {
      if (q.has('criteria') || q.has('email') || q.has('phone')) {
        return crmError(400, 'INVALID_QUERY', 'only the word parameter is supported by the fake', { param: 'word' });
      }
      return crmError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'word' });
    }
    if (word.trim().length < 2) {
      return crmError(400, 'INVALID_QUERY', 'the word should contain at least 2 characters', { param: 'word' });
    }
    return listApi(q, m, word.trim());
  }

  function recordApi(q, m, id) {
    const f = parseFields(q, false);
    if (f.error) return f.error;
    const code = /^(\d{7})(\d{3})(\d{9})$/.exec(id);
    const i = code ? Number(code[3]) - 1 : -1;
    if (!code || i < 0 || i >= store.count(m) || store.get(m, i).id !== id) return { status: 204 };
    return { status: 200, body: { data: [pick(store.get(m, i), f.fields)] } };
  }

  function route(req, url) {
    const match = /^\/crm\/v(\d+)\/(.*?)\/*$/.exec(url.pathname);
    if (!match || Number(match[1]) < 2 || Number(match[1]) > 8) return BAD_URL;
    const auth = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
    const { rec: tok } = tokens.check(auth && auth[1]);
    if (!tok) return INVALID_TOKEN;
    const parts = match[2].split('/').map(decodeURIComponent);
    if (!parts[0]) return BAD_URL;
    if (req.method !== 'GET') {
      return crmError(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');
    }
    const q = url.searchParams;
    if (parts.length === 1 && parts[0] === 'users') return usersApi(q, tok);
    if (parts.length === 1 && parts[0] === 'org') return orgApi(tok);
    if (parts.length > 2) return BAD_URL;
    const m = moduleName(parts[0]);
    if (!m) return crmError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
    if (!hasScope(tok.scopes, `ZohoCRM.modules.${m.toLowerCase()}.READ`)) return SCOPE_MISMATCH;
    if (parts.length === 1) return listApi(q, m, null);
    if (parts[1] === 'search') return searchApi(q, m);
    return recordApi(q, m, parts[1]);
  }

  return {
    /** Handles /crm/ requests (including CORS preflight); returns false for other paths. */
    handle(req, res, url) {
      if (!url.pathname.startsWith('/crm/')) return false;
      if (req.method === 'OPTIONS') {
        sendEmpty(res, 204, { ...CORS_HEADERS, 'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Authorization, Content-Type',
          'Access-Control-Max-Age': '86400', 'Content-Length': '0' });
        return true;
      }
      let out;
      try {
        out = route(req, url);
      } catch (e) {
        out = crmError(400, 'INVALID_URL_PATTERN', String(e && e.message));
      }
      if (out.status === 204) sendEmpty(res, 204, CORS_HEADERS);
      else sendJson(res, out.status, out.body, CORS_HEADERS);
      return true;
    },
  };
}
