import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start, refresh, fragment, signIn, crm, REDIRECT } from '../testkit.mjs';

let fake;
beforeEach(async () => { fake = await start(); });
afterEach(() => fake.close());

test('refresh works with a session-granted cookie and returns a fresh token', async () => {
  const { token, cookie } = await signIn(fake, { email: fake.users[3].email });
  const res = await refresh(fake, { state: 'r1' }, cookie);
  assert.equal(res.status, 302);
  const loc = res.headers.get('location');
  assert.ok(loc.startsWith(`${REDIRECT}#&access_token=1000.`), loc);
  const frag = fragment(res);
  assert.notEqual(frag.get('access_token'), token);
  assert.equal(frag.get('granted_for_session'), 'true');
  assert.equal(frag.get('expires_in'), '3600');
  assert.equal(frag.get('state'), 'r1');
  assert.equal(fake.state.refreshCalls, 1);
  assert.equal(fake.state.issued.at(-1).via, 'refresh');
  const me = await crm(fake, 'users?type=CurrentUser', frag.get('access_token'));
  assert.equal(me.body.users[0].email, fake.users[3].email);
  assert.equal((await crm(fake, 'org', token)).status, 200, 'the old token keeps working');
});

test('refresh answers client_not_granted after signOut', async () => {
  const { token, cookie } = await signIn(fake);
  fake.signOut();
  assert.equal(fake.state.signedIn, false);
  const res = await refresh(fake, { state: 'r2' }, cookie);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), `${REDIRECT}#error=client_not_granted&state=r2`);
  assert.equal((await crm(fake, 'org', token)).status, 200, 'issued tokens survive sign-out');
});

test('refresh answers client_not_granted without session grant or without cookie', async () => {
  const { frag, cookie } = await signIn(fake, { session: false });
  assert.equal(frag.get('granted_for_session'), 'false');
  const res = await refresh(fake, {}, cookie);
  assert.equal(res.headers.get('location'), `${REDIRECT}#error=client_not_granted&state=st-1`);
  const none = await refresh(fake, {});
  assert.equal(none.headers.get('location'), `${REDIRECT}#error=client_not_granted&state=st-1`);
  const forged = await refresh(fake, {}, 'zfake_session=deadbeef');
  assert.equal(forged.headers.get('location'), `${REDIRECT}#error=client_not_granted&state=st-1`);
  assert.equal(fake.state.refreshCalls, 3);
});

test('refresh with scope beyond the granted scope answers prompt_required; a covered narrower scope works', async () => {
  const { cookie } = await signIn(fake, { over: { scope: 'ZohoCRM.users.READ,ZohoCRM.modules.accounts.ALL' } });
  const wider = await refresh(fake, { scope: 'ZohoCRM.users.READ,ZohoCRM.modules.contacts.READ' }, cookie);
  assert.equal(wider.headers.get('location'), `${REDIRECT}#error=prompt_required&state=st-1`);
  const narrower = await refresh(fake, { scope: 'ZohoCRM.modules.accounts.READ' }, cookie);
  assert.equal(fragment(narrower).get('scope'), 'ZohoCRM.modules.accounts.READ');
  assert.match(fragment(narrower).get('access_token'), /^1000\./);
});

test('refresh validates client and redirect_uri like the authorization page', async () => {
  const { cookie } = await signIn(fake);
  const bad = await refresh(fake, { client_id: 'x' }, cookie);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Invalid Client/);
  const badUri = await refresh(fake, { redirect_uri: 'https://evil.example/' }, cookie);
  assert.equal(badUri.status, 400);
  assert.match(await badUri.text(), /Invalid Redirect Uri/);
});

test('refreshedAs names the session each refresh carried (null without one), overall and per DC', async () => {
  const { cookie } = await signIn(fake, { email: fake.users[2].email });
  await refresh(fake, {}, cookie);
  await refresh(fake, {});
  assert.deepEqual(fake.state.refreshedAs, [fake.users[2].email, null]);
  assert.deepEqual(fake.dc.us.state.refreshedAs, [fake.users[2].email, null]);
});
