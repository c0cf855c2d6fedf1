// Fake Zoho Accounts of one data centre: client-based (implicit) OAuth pages, silent refresh, revocation,
// /oauth/serverinfo and a stub of the server-based token endpoint. Sessions are shared by every DC the fake
// serves (browsers share loopback cookies across ports, and one sign-in reaches every Zoho DC).
//
// Routes and answers:
//   GET  /oauth/v2/auth          unknown client_id            -> 400 HTML "Invalid Client" (no redirect)
//                                redirect_uri not registered  -> 400 HTML "Invalid Redirect Uri"
//                                response_type != token       -> 400 HTML "Invalid Response Type"
//                                throttled or blocked (throttle.mjs) -> 302 #error=access_denied&error_description=…
//                                setNextAuthError(e) pending  -> 302 #error=e&state=...   (once)
//                                scope missing                -> 302 #error=invalid_scope&state=...
//                                no session                   -> 200 sign-in page (form -> POST /oauth/v2/auth/approve)
//                                session, autoApprove, no prompt=consent -> 302 with token (org of the last grant)
//                                session otherwise            -> 200 consent page (same form, with the #org choice)
//   POST /oauth/v2/auth/approve  action=reject -> 302 #error=access_denied; blocked -> throttled redirect;
//                                unknown email, or an org the person is not in -> 200 page with #error;
//                                accept -> sets zfake_session cookie, 302 #&access_token=... bound to the chosen org
//   GET  /oauth/v2/auth/refresh  same 400 pages; throttled or blocked -> throttled redirect;
//                                no/ended session or no session grant for this client -> #error=client_not_granted;
//                                scope not covered by what was granted -> #error=prompt_required; else 302 with token.
//   POST /oauth/v2/token/revoke?token=...  (token also accepted in a form body; alias POST /oauth/v2/revoke/token)
//                                token this DC issued (also expired or already revoked) -> 200 {"status":"success"}
//                                missing token, or one of another DC or never issued -> 400, nothing revoked
//   GET  /oauth/serverinfo       -> {"result":"success","locations":{"us":"<us origin>",...}} (zoho.md "Corrections")
//   POST /oauth/v2/token         throttled or blocked -> 200 JSON throttle body; unknown client -> {"error":
//                                "invalid_client"}; else {"error":"invalid_code"} (the fake issues no codes or
//                                refresh tokens; zoho.md "Server-based": these errors come at HTTP 200)
// Multi-DC: a person signs in at any DC's accounts server; the token is minted in the person's own DC and the
// redirect says so with location=<dc> and api_domain=<that DC's origin> (zoho.md "Client-based flow" fragment;
// "Corrections": multi-DC). NV: real Zoho first sends the browser on to accounts.zoho.<dc>; the fake skips that hop.
// Counting (overall state and the DC's state): authCalls for every GET /oauth/v2/auth, refreshCalls for every
// /auth/refresh, revokes for every revoke request, tokenCalls for /oauth/v2/token.
// Fragment values: api_domain, scope and state are encodeURIComponent-encoded; state is omitted when not sent.
// Access tokens stay valid after signOut() (Zoho ends the browser session, not issued tokens).
import { randomBytes } from 'node:crypto';
import { sendHtml, sendJson, redirect, parseCookies, readForm } from './http.mjs';
import { consentPage, errorPage } from './pages.mjs';
import { parseScopes, allCovered, unionScopes } from './scopes.mjs';
import { THROTTLE_BODY, THROTTLE_DESCRIPTION } from './throttle.mjs';

export { THROTTLE_BODY };
export const SESSION_COOKIE = 'zfake_session';

/** @param ctx shared by every DC; @param dc this DC: {name, url, state, tokens} */
export function makeAccounts(ctx, dc) {
  const { state, clients, world, sessions, throttle } = ctx;
  const bump = (key) => {
    state[key]++;
    dc.state[key]++;
  };

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

  function errorRedirect(res, params, error, description) {
    const desc = description ? `&error_description=${encodeURIComponent(description)}` : '';
    redirect(res, `${params.get('redirect_uri')}#error=${encodeURIComponent(error)}${desc}${stateSuffix(params)}`);
  }

  /** False (and the throttled redirect sent) when token creation is throttled or blocked for this client. */
  function admitted(res, params, kind, count = true) {
    if (throttle.admit(kind, params.get('client_id'), { dcState: dc.state, count })) return true;
    errorRedirect(res, params, 'access_denied', THROTTLE_DESCRIPTION);
    return false;
  }

  function tokenRedirect(res, params, { person, orgId, grantedForSession, via }, headers) {
    const scope = params.get('scope');
    const home = ctx.dcs[person.dc];
    const rec = home.tokens.issue({ clientId: params.get('client_id'), scopes: parseScopes(scope), scope,
      email: person.email, zuid: person.zuid, orgId, grantedForSession, via });
    const frag = `#&access_token=${rec.token}&expires_in=${ctx.tokenTtlS}`
      + `&api_domain=${encodeURIComponent(home.url)}&token_type=Bearer&location=${encodeURIComponent(person.dc)}`
      + `&granted_for_session=${rec.grantedForSession}&scope=${encodeURIComponent(scope)}${stateSuffix(params)}`;
    redirect(res, params.get('redirect_uri') + frag, headers);
  }

  function currentSession(req) {
    const id = parseCookies(req)[SESSION_COOKIE];
    return (id && sessions.get(id)) || null;
  }

  function showPage(res, params, session, error) {
    const person = world.personByEmail(session ? session.email : (params.get('email') || world.people[0].email))
      ?? world.people[0];
    const grant = session?.grants.get(params.get('client_id'));
    sendHtml(res, 200, consentPage({ params, clientId: params.get('client_id'), signedIn: !!session,
      email: person.email, scopes: parseScopes(params.get('scope')), error,
      orgs: person.orgIds.map((id) => world.orgById(id).info), selectedOrg: params.get('org') ?? grant?.orgId }));
  }

  function auth(req, res, url) {
    bump('authCalls');
    const params = url.searchParams;
    if (!validate(params, res)) return;
    if (!admitted(res, params, 'auth')) return;
    if (ctx.pending.authError) {
      const error = ctx.pending.authError;
      ctx.pending.authError = null;
      return errorRedirect(res, params, error);
    }
    if (!parseScopes(params.get('scope')).length) return errorRedirect(res, params, 'invalid_scope');
    const session = currentSession(req);
    if (session && ctx.autoApprove && params.get('prompt') !== 'consent') {
      const clientId = params.get('client_id');
      const grant = session.grants.get(clientId);
      const person = world.personByEmail(session.email);
      const orgId = grant?.orgId ?? person.orgIds[0];
      session.grants.set(clientId, { scopes: unionScopes(grant?.scopes ?? [], parseScopes(params.get('scope'))),
        session: grant?.session ?? false, orgId });
      return tokenRedirect(res, params, { person, orgId, grantedForSession: grant?.session ?? false, via: 'auth' });
    }
    showPage(res, params, session);
  }

  async function approve(req, res) {
    const params = await readForm(req);
    if (!validate(params, res)) return;
    if (params.get('action') === 'reject') return errorRedirect(res, params, 'access_denied');
    if (!admitted(res, params, 'auth', false)) return;
    const scopes = parseScopes(params.get('scope'));
    if (!scopes.length) return errorRedirect(res, params, 'invalid_scope');
    const person = world.personByEmail(params.get('email'));
    let session = currentSession(req);
    if (!person) return showPage(res, params, session, 'This account cannot be found.');
    const orgId = params.get('org') || person.orgIds[0];
    if (!person.orgIds.includes(orgId)) {
      return showPage(res, params, session, 'Choose an organization this account belongs to.');
    }
    if (!session || session.email !== person.email) {
      session = { id: randomBytes(24).toString('hex'), email: person.email, grants: new Map() };
      sessions.set(session.id, session);
    }
    const sessionGrant = params.has('session') && !/^(false|0|off)$/i.test(params.get('session'));
    const clientId = params.get('client_id');
    const prev = session.grants.get(clientId);
    session.grants.set(clientId, { scopes: unionScopes(prev?.scopes ?? [], scopes), session: sessionGrant, orgId });
    state.signedIn = true;
    tokenRedirect(res, params, { person, orgId, grantedForSession: sessionGrant, via: 'auth' },
      { 'Set-Cookie': `${SESSION_COOKIE}=${session.id}; HttpOnly; Path=/; SameSite=Lax` });
  }

  function refresh(req, res, url) {
    bump('refreshCalls');
    const as = currentSession(req)?.email ?? null;
    state.refreshedAs.push(as);
    dc.state.refreshedAs.push(as);
    const params = url.searchParams;
    if (!validate(params, res)) return;
    if (!admitted(res, params, 'refresh')) return;
    const scopes = parseScopes(params.get('scope'));
    if (!scopes.length) return errorRedirect(res, params, 'invalid_scope');
    const session = currentSession(req);
    const grant = session?.grants.get(params.get('client_id'));
    if (!grant || !grant.session) return errorRedirect(res, params, 'client_not_granted');
    if (!allCovered(grant.scopes, scopes)) return errorRedirect(res, params, 'prompt_required');
    tokenRedirect(res, params, { person: world.personByEmail(session.email), orgId: grant.orgId,
      grantedForSession: true, via: 'refresh' });
  }

  async function revoke(req, res, url) {
    bump('revokes');
    const body = await readForm(req);
    const token = url.searchParams.get('token') || body.get('token');
    if (dc.tokens.revoke(token)) return sendJson(res, 200, { status: 'success' });
    sendJson(res, 400, { error: 'invalid_token', status: 'failure' });
  }

  async function tokenEndpoint(req, res, url) {
    bump('tokenCalls');
    const body = await readForm(req);
    const clientId = url.searchParams.get('client_id') || body.get('client_id') || '';
    if (!clients.has(clientId)) return sendJson(res, 200, { error: 'invalid_client' });
    if (!throttle.admit('token', clientId, { dcState: dc.state })) return sendJson(res, 200, THROTTLE_BODY);
    sendJson(res, 200, { error: 'invalid_code' });
  }

  function serverInfo(res) {
    const locations = Object.fromEntries(Object.values(ctx.dcs).map((d) => [d.name, d.url]));
    sendJson(res, 200, { result: 'success', locations });
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
      if (p === '/oauth/v2/token' && req.method === 'POST') return await tokenEndpoint(req, res, url), true;
      if (p === '/oauth/serverinfo' && req.method === 'GET') return serverInfo(res), true;
      return false;
    },
  };
}
