// Fake Zoho Accounts: client-based (implicit) OAuth pages, silent refresh, token revocation.
//
// Routes and answers:
//   GET  /oauth/v2/auth          unknown client_id            -> 400 HTML "Invalid Client" (no redirect)
//                                redirect_uri not registered  -> 400 HTML "Invalid Redirect Uri"
//                                response_type != token       -> 400 HTML "Invalid Response Type"
//                                auth limit hit (per client)  -> 400 JSON throttle body, state.throttled.auth++
//                                setNextAuthError(e) pending  -> 302 #error=e&state=...   (once)
//                                scope missing                -> 302 #error=invalid_scope&state=...
//                                no session                   -> 200 sign-in page (form -> POST /oauth/v2/auth/approve)
//                                session, autoApprove, no prompt=consent -> 302 with token
//                                session otherwise            -> 200 consent page (same form)
//   POST /oauth/v2/auth/approve  action=reject -> 302 #error=access_denied; unknown email -> 200 page with #error;
//                                accept -> sets zfake_session cookie, 302 #&access_token=...
//   GET  /oauth/v2/auth/refresh  same 400 pages; refresh limit -> 400 JSON throttle body, state.throttled.refresh++;
//                                no/ended session or no session grant for this client -> #error=client_not_granted;
//                                scope not covered by what was granted -> #error=prompt_required; else 302 with token.
//   POST /oauth/v2/token/revoke?token=...  (token also accepted in a form body; alias POST /oauth/v2/revoke/token)
//                                known token (also expired or already revoked) -> 200 {"status":"success"}
//                                missing or never-issued token -> 400 {"error":"invalid_token","status":"failure"}
// Counting: every GET /oauth/v2/auth is counted in state.authCalls, every /auth/refresh in state.refreshCalls.
// The auth limiter counts GET /oauth/v2/auth requests that pass client/redirect validation (the approve POST is
// not counted); throttled requests do not extend the window (see limits.mjs).
// Fragment values: api_domain, scope and state are encodeURIComponent-encoded; state is omitted when not sent.
// Access tokens stay valid after signOut() (Zoho ends the browser session, not issued tokens).
import { randomBytes } from 'node:crypto';
import { sendHtml, sendJson, redirect, parseCookies, readForm } from './http.mjs';
import { consentPage, errorPage } from './pages.mjs';
import { parseScopes, allCovered, unionScopes } from './scopes.mjs';

export const THROTTLE_BODY = Object.freeze({
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
});
export const SESSION_COOKIE = 'zfake_session';

export function makeAccounts(ctx) {
  const { state, clients, users, tokens, limiters } = ctx;
  const sessions = new Map(); // id -> { id, email, grants: Map<clientId, {scopes, session}> }
  let nextAuthError = null;

  /** Validates client_id / redirect_uri / response_type; sends the 400 page and returns null on failure. */
  function validate(params, res) {
    const client = clients.get(params.get('client_id') || '');
    if (!client) {
      sendHtml(res, 400, errorPage('Invalid Client', 'invalid_client', 'The client_id is not registered.'));
      return null;
    }
    if (!client.redirectUris.includes(params.get('redirect_uri') || '')) {
      sendHtml(res, 400, errorPage('Invalid Redirect Uri', 'invalid_redirect_uri',
        'The redirect_uri does not match any redirect URI registered for this client.'));
      return null;
    }
    if (params.get('response_type') !== 'token') {
      sendHtml(res, 400, errorPage('Invalid Response Type', 'unsupported_response_type',
        'Client-based applications must use response_type=token.'));
      return null;
    }
    return client;
  }

  const stateSuffix = (params) => (params.has('state') ? `&state=${encodeURIComponent(params.get('state'))}` : '');

  function errorRedirect(res, params, error) {
    redirect(res, `${params.get('redirect_uri')}#error=${encodeURIComponent(error)}${stateSuffix(params)}`);
  }

  function tokenRedirect(res, params, { email, grantedForSession, via }, headers) {
    const scope = params.get('scope');
    const rec = tokens.issue({ clientId: params.get('client_id'), scopes: parseScopes(scope), scope, email,
      grantedForSession, via });
    const frag = `#&access_token=${rec.token}&expires_in=${ctx.tokenTtlS}`
      + `&api_domain=${encodeURIComponent(ctx.url)}&token_type=Bearer&location=${encodeURIComponent(ctx.location)}`
      + `&granted_for_session=${rec.grantedForSession}&scope=${encodeURIComponent(scope)}${stateSuffix(params)}`;
    redirect(res, params.get('redirect_uri') + frag, headers);
  }

  function currentSession(req) {
    const id = parseCookies(req)[SESSION_COOKIE];
    return (id && sessions.get(id)) || null;
  }

  function throttled(res, kind, clientId) {
    if (limiters[kind].hit(clientId)) return false;
    state.throttled[kind]++;
    sendJson(res, 400, THROTTLE_BODY);
    return true;
  }

  function showPage(res, params, session, error) {
    sendHtml(res, 200, consentPage({ params, clientId: params.get('client_id'), signedIn: !!session,
      email: session ? session.email : (users[0]?.email ?? ''), scopes: parseScopes(params.get('scope')), error }));
  }

  function auth(req, res, url) {
    state.authCalls++;
    const params = url.searchParams;
    if (!validate(params, res)) return;
    if (throttled(res, 'auth', params.get('client_id'))) return;
    if (nextAuthError) {
      const error = nextAuthError;
      nextAuthError = null;
      return errorRedirect(res, params, error);
    }
    if (!parseScopes(params.get('scope')).length) return errorRedirect(res, params, 'invalid_scope');
    const session = currentSession(req);
    if (session && ctx.autoApprove && params.get('prompt') !== 'consent') {
      const clientId = params.get('client_id');
      const grant = session.grants.get(clientId);
      session.grants.set(clientId, { scopes: unionScopes(grant?.scopes ?? [], parseScopes(params.get('scope'))),
        session: grant?.session ?? false });
      return tokenRedirect(res, params, { email: session.email, grantedForSession: grant?.session ?? false,
        via: 'auth' });
    }
    showPage(res, params, session);
  }

  async function approve(req, res) {
    const params = await readForm(req);
    if (!validate(params, res)) return;
    if (params.get('action') === 'reject') return errorRedirect(res, params, 'access_denied');
    const scopes = parseScopes(params.get('scope'));
    if (!scopes.length) return errorRedirect(res, params, 'invalid_scope');
    const wanted = String(params.get('email') || '').trim().toLowerCase();
    const user = users.find((u) => u.email.toLowerCase() === wanted);
    let session = currentSession(req);
    if (!user) return showPage(res, params, session, 'This account cannot be found.');
    if (!session || session.email !== user.email) {
      session = { id: randomBytes(24).toString('hex'), email: user.email, grants: new Map() };
      sessions.set(session.id, session);
    }
    const sessionGrant = params.has('session') && !/^(false|0|off)$/i.test(params.get('session'));
    const clientId = params.get('client_id');
    const prev = session.grants.get(clientId);
    session.grants.set(clientId, { scopes: unionScopes(prev?.scopes ?? [], scopes), session: sessionGrant });
    state.signedIn = true;
    tokenRedirect(res, params, { email: user.email, grantedForSession: sessionGrant, via: 'auth' },
      { 'Set-Cookie': `${SESSION_COOKIE}=${session.id}; HttpOnly; Path=/; SameSite=Lax` });
  }

  function refresh(req, res, url) {
    state.refreshCalls++;
    const params = url.searchParams;
    if (!validate(params, res)) return;
    if (throttled(res, 'refresh', params.get('client_id'))) return;
    const scopes = parseScopes(params.get('scope'));
    if (!scopes.length) return errorRedirect(res, params, 'invalid_scope');
    const session = currentSession(req);
    const grant = session?.grants.get(params.get('client_id'));
    if (!grant || !grant.session) return errorRedirect(res, params, 'client_not_granted');
    if (!allCovered(grant.scopes, scopes)) return errorRedirect(res, params, 'prompt_required');
    tokenRedirect(res, params, { email: session.email, grantedForSession: true, via: 'refresh' });
  }

  async function revoke(req, res, url) {
    const body = await readForm(req);
    const token = url.searchParams.get('token') || body.get('token');
    if (tokens.revoke(token)) return sendJson(res, 200, { status: 'success' });
    sendJson(res, 400, { error: 'invalid_token', status: 'failure' });
  }

  return {
    /** Returns true when the request was handled here. */
    async handle(req, res, url) {
      const p = url.pathname.replace(/\/+$/, '');
      if (p === '/oauth/v2/auth' && req.method === 'GET') return auth(req, res, url), true;
      if (p === '/oauth/v2/auth/refresh' && req.method === 'GET') return refresh(req, res, url), true;
      if (p === '/oauth/v2/auth/approve' && req.method === 'POST') return await approve(req, res), true;
      if ((p === '/oauth/v2/token/revoke' || p === '/oauth/v2/revoke/token') && req.method === 'POST') {
        return await revoke(req, res, url), true;
      }
      return false;
    },
    signOut() {
      sessions.clear();
      state.signedIn = false;
    },
    setNextAuthError(error) {
      nextAuthError = error == null ? null : String(error);
    },
  };
}
