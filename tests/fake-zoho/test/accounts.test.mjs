import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, authorize, approve, fragment, cookieOf, signIn, crm, get, CLIENT, REDIRECT, SCOPE } from '../testkit.mjs';

let fake;
before(async () => { fake = await start(); });
after(() => fake.close());

test('sign-in page is shown when there is no session', async () => {
  const res = await authorize(fake);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const html = await res.text();
  assert.match(html, /<form id="consent" method="POST" action="\/oauth\/v2\/auth\/approve">/);
  assert.match(html, new RegExp(`id="email" name="email" value="${fake.users[0].email}"`));
  assert.match(html, /<input type="checkbox" id="session-grant" name="session" value="true" checked>/);
  assert.match(html, /id="accept"[^>]*>Accept</);
  assert.match(html, /id="reject"[^>]*>Reject</);
  for (const [k, v] of [['client_id', CLIENT], ['redirect_uri', REDIRECT], ['scope', SCOPE], ['state', 'st-1']]) {
    assert.match(html, new RegExp(`<input type="hidden" name="${k}" value="${v}">`));
  }
  assert.equal(fake.state.signedIn, false);
});

test('approve redirects with the exact Zoho fragment shape (leading #&, encoded api_domain, state echoed)', async () => {
  const res = await approve(fake, { over: { state: 'a b&c' } });
  assert.equal(res.status, 302);
  const loc = res.headers.get('location');
  const apiDomain = encodeURIComponent(fake.url).replace(/[.]/g, '\\.');
  assert.match(loc, new RegExp(`^${REDIRECT.replace(/[.]/g, '\\.')}#&access_token=1000\\.[0-9a-f]{64}&expires_in=3600`
    + `&api_domain=${apiDomain}&token_type=Bearer&location=us&granted_for_session=true`
    + `&scope=${encodeURIComponent(SCOPE).replace(/[.]/g, '\\.')}&state=a%20b%26c$`));
  assert.equal(fragment(res).get('state'), 'a b&c');
  assert.equal(fragment(res).get('api_domain'), fake.url);
  assert.match(res.headers.get('set-cookie'), /^zfake_session=[0-9a-f]+; HttpOnly; Path=\/; SameSite=Lax$/);
  assert.equal(fake.state.signedIn, true);
  const issued = fake.state.issued.at(-1);
  assert.equal(issued.token, fragment(res).get('access_token'));
  assert.equal(issued.email, fake.users[0].email);
});

test('reject redirects with error=access_denied and the state', async () => {
  const res = await approve(fake, { action: 'reject' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), `${REDIRECT}#error=access_denied&state=st-1`);
  assert.equal(res.headers.get('set-cookie'), null);
});

test('unknown client_id gets a 400 "Invalid Client" page and no redirect', async () => {
  const res = await authorize(fake, { client_id: '1000.NOPE' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.match(await res.text(), /Invalid Client/);
});

test('redirect_uri that is not exactly registered gets a 400 "Invalid Redirect Uri" page', async () => {
  for (const uri of [`${REDIRECT}/`, 'https://abc.chromiumapp.org/cb2', 'https://evil.example/cb', undefined]) {
    const res = await authorize(fake, { redirect_uri: uri });
    assert.equal(res.status, 400, String(uri));
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /Invalid Redirect Uri/);
  }
  const res = await approve(fake, { over: { redirect_uri: 'https://evil.example/cb' } });
  assert.equal(res.status, 400, 'approve re-validates the redirect_uri');
});

test('response_type other than token gets a 400 page', async () => {
  const res = await authorize(fake, { response_type: 'code' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.match(await res.text(), /Invalid Response Type/);
});

test('missing scope redirects with error=invalid_scope', async () => {
  const res = await authorize(fake, { scope: undefined, state: 'xyz' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), `${REDIRECT}#error=invalid_scope&state=xyz`);
});

test('with a session and autoApprove off the consent page is shown again, prefilled with the session user', async () => {
  const { cookie } = await signIn(fake, { email: fake.users[2].email });
  const res = await authorize(fake, {}, cookie);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /Grant access/);
  assert.match(html, new RegExp(`value="${fake.users[2].email}"`));
});

test('unknown email on the sign-in form shows the page again with an error', async () => {
  const res = await approve(fake, { email: 'nobody@zylker.test' });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /id="error"/);
});

test('setNextAuthError answers the next authorization with that error exactly once', async () => {
  fake.setNextAuthError('access_denied');
  const first = await authorize(fake);
  assert.equal(first.headers.get('location'), `${REDIRECT}#error=access_denied&state=st-1`);
  const second = await authorize(fake);
  assert.equal(second.status, 200);
});

test('autoApprove with a session redirects at once; prompt=consent still shows the page', async () => {
  const auto = await start({ autoApprove: true });
  try {
    assert.equal((await authorize(auto)).status, 200, 'no session: sign-in page');
    const { cookie } = await signIn(auto, { email: auto.users[1].email });
    const res = await authorize(auto, { state: 'again' }, cookie);
    assert.equal(res.status, 302);
    const frag = fragment(res);
    assert.match(frag.get('access_token'), /^1000\.[0-9a-f]{64}$/);
    assert.equal(frag.get('granted_for_session'), 'true');
    assert.equal(frag.get('state'), 'again');
    const me = await crm(auto, 'users?type=CurrentUser', frag.get('access_token'));
    assert.equal(me.body.users[0].email, auto.users[1].email);
    assert.equal((await authorize(auto, { prompt: 'consent' }, cookie)).status, 200);
    assert.equal(auto.state.authCalls, 3);
  } finally {
    await auto.close();
  }
});

test('revoke: known token -> success and it stops working; unknown token -> 400 invalid_token', async () => {
  const { token } = await signIn(fake);
  assert.equal((await crm(fake, 'org', token)).status, 200);
  const ok = await fetch(`${fake.url}/oauth/v2/token/revoke?token=${token}`, { method: 'POST' });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { status: 'success' });
  assert.ok(fake.state.revoked.includes(token));
  const after = await crm(fake, 'org', token);
  assert.equal(after.status, 401);
  assert.equal(after.body.code, 'INVALID_TOKEN');
  const bad = await fetch(`${fake.url}/oauth/v2/token/revoke?token=1000.nope`, { method: 'POST' });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { error: 'invalid_token', status: 'failure' });
});

test('unknown paths answer 404 and the root describes the instance', async () => {
  assert.equal((await get(`${fake.url}/nope`)).status, 404);
  const root = await (await get(`${fake.url}/`)).json();
  assert.equal(root.location, 'us');
  assert.equal(root.api_domain, fake.url);
  assert.equal(cookieOf(await approve(fake)).startsWith('zfake_session='), true);
});
