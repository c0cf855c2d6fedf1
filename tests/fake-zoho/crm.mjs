// Fake Zoho CRM REST API of one data centre: /crm/v{2..8}/users, /org, /{Module}, /{Module}/search,
// /{Module}/deleted (deleted-api.mjs), /{Module}/{id} (read), record writes (writes.mjs), /coql (coql.mjs). Every
// answer is about the token's org: the org chosen on the consent page (CRM OAuth tokens are org-specific, help.zoho.com "Org-specific OAuth2.0 Tokens in Zoho CRM" via zoho.md
// "Corrections").
//
// Answers (bodies in crm-errors.mjs, paging rules in paging.mjs):
//   missing/unknown/revoked/expired token, or a token of another DC -> 401 INVALID_TOKEN
//   the org already has `cap` calls in flight       -> 429 TOO_MANY_REQUESTS (concurrency.mjs)
//   token lacks the scope                          -> 401 OAUTH_SCOPE_MISMATCH
//   version outside v2..v8 or unknown path         -> 404 INVALID_URL_PATTERN
//   a method the path does not take                -> 405 INVALID_REQUEST_METHOD (users and org: GET only;
//                                                     coql: POST only; modules: GET, POST, PUT, DELETE)
//   unknown module                                 -> 400 INVALID_MODULE
//   list without fields                            -> 400 REQUIRED_PARAM_MISSING; > 50 fields -> 400 LIMIT_EXCEEDED
//   paging errors                                  -> see paging.mjs
//   no rows                                        -> 204 without body (crm-oas getRecords: 204)
//   If-Modified-Since and nothing modified since   -> 304 without body (deleted-api.mjs)
// Scopes: users -> ZohoCRM.users.READ; org -> ZohoCRM.org.READ; module m -> ZohoCRM.modules.<m lowercase>.READ
// (any covering .ALL scope works, see scopes.mjs); writes and coql: see writes.mjs and coql.mjs. Unknown field
// names in `fields` are ignored.
// GET /org answers {"org":[{id, company_name, primary_zuid, zgid, domain_name, time_zone, currency, type, …}]}
// (zoho.md "CRM API").
//
// CORS (zoho.md "CRM API": Zoho allows CORS for the JavaScript domains registered with the client): every answer
// carries Access-Control-Allow-Origin: *, and a preflight (OPTIONS) is answered 204 with the methods above and
// Access-Control-Allow-Headers: Authorization, Content-Type, If-Modified-Since (the headers a web app calling Zoho
// directly sends). NV: which origins and headers Zoho itself allows; the fake allows any origin, and only these
// headers.
//
// Every /crm/ request (preflights too) is logged (concurrency.mjs log): method, path, query, whether an
// Authorization header was present (never its value), the Origin header, the org and the answer's status.
import { sendJson, sendEmpty, readText } from './http.mjs';
import { hasScope } from './scopes.mjs';
import { moduleName } from './data.mjs';
import { listUsers } from './users-api.mjs';
import { makePager } from './paging.mjs';
import { makeWrites } from './writes.mjs';
import { runCoql } from './coql.mjs';
import { listDeleted, modifiedSinceHeader } from './deleted-api.mjs';
import { BAD_METHOD, BAD_URL, INVALID_TOKEN, SCOPE_MISMATCH, TOO_MANY_REQUESTS, badWriteBody, crmError,
  invalidModule, limitExceeded, requiredParamMissing } from './crm-errors.mjs';

export const CORS_HEADERS = Object.freeze({ 'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Type, X-RATELIMIT-LIMIT, X-RATELIMIT-REMAINING' });
export const CORS_ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, If-Modified-Since';
const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE']);
export const MAX_FIELDS = 50;

/** @param ctx shared by every DC; @param dc this DC: {name, url, state, tokens} */
export function makeCrm(ctx, dc) {
  const { world } = ctx;
  const pager = makePager({ now: ctx.now });
  const writes = makeWrites(ctx);
  const limiter = ctx.concurrency;

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

  function listApi(q, org, tok, m, word, headers = {}) {
    const f = parseFields(q, word == null);
    if (f.error) return f.error;
    // If-Modified-Since (Get Records only; deleted-api.mjs): the list is the records modified after it, and a page
    // token is bound to the header's value as to the parameters (NV: Zoho does not say; the stricter reading).
    const ims = word == null ? modifiedSinceHeader(headers) : { since: null };
    if (ims.error) return ims.error;
    const idx = word != null ? org.store.search(m, word)
      : ims.since != null ? org.store.modifiedSince(m, ims.since) : org.store.live(m);
    const total = idx ? idx.length : org.store.count(m);
    const path = word != null ? `${m}/search` : ims.since != null ? `${m}\nIf-Modified-Since: ${ims.since}` : m;
    const pg = pager.page(q, { path, owner: `${org.id}:${tok.zuid}`, total });
    if (pg.error) return pg.error;
    if (!pg.positions.length) return { status: ims.since != null && total === 0 ? 304 : 204 };
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
    const i = org.store.indexOf(m, id);
    if (i < 0) return { status: 204 };
    return { status: 200, body: { data: [pick(org.store.get(m, i), f.fields)] } };
  }

  /** Checks the URL and the token: {out} (an answer) or {tok, org, parts}. */
  function admit(req, url) {
    const match = /^\/crm\/v(\d+)\/(.*?)\/*$/.exec(url.pathname);
    if (!match || Number(match[1]) < 2 || Number(match[1]) > 8) return { out: BAD_URL };
    const auth = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
    const { rec: tok } = dc.tokens.check(auth && auth[1]);
    if (!tok) return { out: INVALID_TOKEN };
    const parts = match[2].split('/').map(decodeURIComponent);
    if (!parts[0]) return { out: BAD_URL };
    return { tok, org: world.orgById(tok.orgId), parts };
  }

  async function readJson(req) {
    const text = await readText(req);
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return Symbol.for('fake-zoho.bad-json');
    }
  }

  async function route(req, url, { tok, org, parts }) {
    const q = url.searchParams;
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : undefined;
    if (parts.length === 1 && parts[0] === 'users') {
      if (req.method !== 'GET') return BAD_METHOD;
      return hasScope(tok.scopes, 'ZohoCRM.users.READ') ? listUsers(q, org.crmUsers, tok.zuid) : SCOPE_MISMATCH;
    }
    if (parts.length === 1 && parts[0] === 'org') {
      if (req.method !== 'GET') return BAD_METHOD;
      return hasScope(tok.scopes, 'ZohoCRM.org.READ') ? { status: 200, body: { org: [structuredClone(org.info)] } }
        : SCOPE_MISMATCH;
    }
    if (parts.length === 1 && parts[0] === 'coql') {
      if (req.method !== 'POST') return BAD_METHOD;
      return runCoql(typeof body === 'symbol' ? undefined : body, org, tok.scopes);
    }
    if (parts.length > 2) return BAD_URL;
    if (req.method !== 'GET' && !WRITE_METHODS.has(req.method)) return BAD_METHOD;
    const m = moduleName(parts[0]);
    if (!m) return invalidModule();
    if (req.method !== 'GET') {
      if (typeof body === 'symbol') return badWriteBody();
      return writes.write({ method: req.method, parts, query: q, body, org, m, scopes: tok.scopes,
        user: world.crmUserOf(org, tok.zuid) });
    }
    if (!hasScope(tok.scopes, `ZohoCRM.modules.${m.toLowerCase()}.READ`)) return SCOPE_MISMATCH;
    if (parts.length === 1) return listApi(q, org, tok, m, null, req.headers);
    if (parts[1] === 'deleted') return listDeleted(q, req.headers, org, m);
    if (parts[1] === 'search') return searchApi(q, org, tok, m);
    return recordApi(q, org, m, parts[1]);
  }

  function send(res, out, entry) {
    entry.status = out.status;
    if (res.destroyed || res.writableEnded) return;
    if (out.status === 204 || out.status === 304) sendEmpty(res, out.status, CORS_HEADERS);
    else sendJson(res, out.status, out.body, CORS_HEADERS);
  }

  async function serve(req, res, url, entry) {
    let a;
    try {
      a = admit(req, url);
    } catch (e) {
      a = { out: crmError(400, 'INVALID_URL_PATTERN', String(e && e.message)) };
    }
    if (a.out) return send(res, a.out, entry);
    entry.orgId = a.org.id;
    if (!limiter.enter(a.org.id)) {
      ctx.state.tooManyRequests++;
      dc.state.tooManyRequests++;
      return send(res, TOO_MANY_REQUESTS, entry);
    }
    let out;
    try {
      out = await route(req, url, a);
      await limiter.delay();
    } catch (e) {
      out = e && e.status === 413 ? crmError(413, 'REQUEST_ENTITY_TOO_LARGE', 'the request body is too large')
        : crmError(400, 'INVALID_URL_PATTERN', String(e && e.message));
    } finally {
      limiter.leave(a.org.id); // out of flight as its answer goes out
    }
    return send(res, out, entry);
  }

  return {
    /** Handles /crm/ requests (including CORS preflight); returns false for other paths. */
    handle(req, res, url) {
      if (!url.pathname.startsWith('/crm/')) return false;
      const entry = limiter.record({ dc: dc.name, method: req.method, path: url.pathname,
        query: Object.fromEntries(url.searchParams), search: url.search.replace(/^\?/, ''),
        authorization: typeof req.headers.authorization === 'string', origin: req.headers.origin ?? null });
      if (req.method === 'OPTIONS') {
        entry.status = 204;
        sendEmpty(res, 204, { ...CORS_HEADERS, 'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
          'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS, 'Access-Control-Max-Age': '86400',
          'Content-Length': '0' });
        return true;
      }
      ctx.state.apiCalls++;
      dc.state.apiCalls++;
      serve(req, res, url, entry).catch((e) => {
        if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL_ERROR', details: {}, message: String(e), status: 'error' });
        else res.destroy(e);
      });
      return true;
    },
  };
}
