// Fake Zoho CRM REST API (read side) of one data centre: /crm/v{2..8}/users, /org, /{Module}, /{Module}/search,
// /{Module}/{id}. Every answer is about the token's org: the org chosen on the consent page (CRM OAuth tokens
// are org-specific, help.zoho.com "Org-specific OAuth2.0 Tokens in Zoho CRM" via zoho.md "Corrections").
//
// Answers (bodies in crm-errors.mjs, paging rules in paging.mjs):
//   missing/unknown/revoked/expired token, or a token of another DC -> 401 INVALID_TOKEN
//   token lacks the scope                          -> 401 OAUTH_SCOPE_MISMATCH
//   version outside v2..v8 or unknown path         -> 404 INVALID_URL_PATTERN; non-GET -> 405 INVALID_REQUEST_METHOD
//   unknown module                                 -> 400 INVALID_MODULE
//   list without fields                            -> 400 REQUIRED_PARAM_MISSING; > 50 fields -> 400 LIMIT_EXCEEDED
//   paging errors                                  -> see paging.mjs
//   no rows                                        -> 204 without body (crm-oas getRecords: 204)
// Scopes: users -> ZohoCRM.users.READ; org -> ZohoCRM.org.READ; module m -> ZohoCRM.modules.<m lowercase>.READ
// (any covering .ALL scope works, see scopes.mjs). Unknown field names in `fields` are ignored.
// GET /org answers {"org":[{id, company_name, primary_zuid, zgid, domain_name, time_zone, currency, type, …}]}
// (zoho.md "CRM API").
import { sendJson, sendEmpty } from './http.mjs';
import { hasScope } from './scopes.mjs';
import { moduleName } from './data.mjs';
import { listUsers } from './users-api.mjs';
import { makePager } from './paging.mjs';
import { BAD_METHOD, BAD_URL, INVALID_TOKEN, SCOPE_MISMATCH, crmError, invalidModule, limitExceeded,
  requiredParamMissing } from './crm-errors.mjs';

export const CORS_HEADERS = Object.freeze({ 'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Type, X-RATELIMIT-LIMIT, X-RATELIMIT-REMAINING' });
export const MAX_FIELDS = 50;

/** @param ctx shared by every DC; @param dc this DC: {name, url, state, tokens} */
export function makeCrm(ctx, dc) {
  const { world } = ctx;
  const pager = makePager({ now: ctx.now });

  function pick(rec, fields) {
    if (!fields) return rec;
    const out = { id: rec.id };
    for (const f of fields) if (f in rec) out[f] = rec[f];
    return out;
  }

  function parseFields(q, required) {
    const raw = q.get('fields');
    if (raw == null || !raw.trim()) return required ? { error: requiredParamMissing('fields') } : { fields: null };
    const fields = [...new Set(raw.split(',').map((f) => f.trim()).filter(Boolean))];
    if (fields.length > MAX_FIELDS) return { error: limitExceeded('fields', MAX_FIELDS) };
    return { fields };
  }

  function listApi(q, org, tok, m, word) {
    const f = parseFields(q, word == null);
    if (f.error) return f.error;
    const idx = word == null ? null : org.store.search(m, word);
    const total = idx ? idx.length : org.store.count(m);
    const pg = pager.page(q, { path: word == null ? m : `${m}/search`, owner: `${org.id}:${tok.zuid}`, total });
    if (pg.error) return pg.error;
    if (!pg.positions.length) return { status: 204 };
    const data = pg.positions.map((p) => pick(org.store.get(m, idx ? idx[p] : p), f.fields));
    return { status: 200, body: { data, info: pg.info } };
  }

  function searchApi(q, org, tok, m) {
    const word = q.get('word');
    if (word == null || !word.trim()) {
      if (q.has('criteria') || q.has('email') || q.has('phone')) {
        return crmError(400, 'INVALID_QUERY', 'only the word parameter is supported by the fake', { param_name: 'word' });
      }
      return requiredParamMissing('word');
    }
    if (word.trim().length < 2) {
      return crmError(400, 'INVALID_QUERY', 'the word should contain at least 2 characters', { param_name: 'word' });
    }
    return listApi(q, org, tok, m, word.trim());
  }

  function recordApi(q, org, m, id) {
    const f = parseFields(q, false);
    if (f.error) return f.error;
    const code = /^(\d{7})(\d{3})(\d{9})$/.exec(id);
    const i = code ? Number(code[3]) - 1 : -1;
    if (!code || i < 0 || i >= org.store.count(m) || org.store.get(m, i).id !== id) return { status: 204 };
    return { status: 200, body: { data: [pick(org.store.get(m, i), f.fields)] } };
  }

  function route(req, url) {
    const match = /^\/crm\/v(\d+)\/(.*?)\/*$/.exec(url.pathname);
    if (!match || Number(match[1]) < 2 || Number(match[1]) > 8) return BAD_URL;
    const auth = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
    const { rec: tok } = dc.tokens.check(auth && auth[1]);
    if (!tok) return INVALID_TOKEN;
    const org = world.orgById(tok.orgId);
    const parts = match[2].split('/').map(decodeURIComponent);
    if (!parts[0]) return BAD_URL;
    if (req.method !== 'GET') return BAD_METHOD;
    const q = url.searchParams;
    if (parts.length === 1 && parts[0] === 'users') {
      return hasScope(tok.scopes, 'ZohoCRM.users.READ') ? listUsers(q, org.crmUsers, tok.zuid) : SCOPE_MISMATCH;
    }
    if (parts.length === 1 && parts[0] === 'org') {
      return hasScope(tok.scopes, 'ZohoCRM.org.READ') ? { status: 200, body: { org: [structuredClone(org.info)] } }
        : SCOPE_MISMATCH;
    }
    if (parts.length > 2) return BAD_URL;
    const m = moduleName(parts[0]);
    if (!m) return invalidModule();
    if (!hasScope(tok.scopes, `ZohoCRM.modules.${m.toLowerCase()}.READ`)) return SCOPE_MISMATCH;
    if (parts.length === 1) return listApi(q, org, tok, m, null);
    if (parts[1] === 'search') return searchApi(q, org, tok, m);
    return recordApi(q, org, m, parts[1]);
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
      ctx.state.apiCalls++;
      dc.state.apiCalls++;
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
