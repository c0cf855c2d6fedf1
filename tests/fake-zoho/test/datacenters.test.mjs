// Several data centres at once, each its own origin (issue 12, item 5.1). Sources: zoho.md "Client-based flow"
// (DCs, fragment with location and api_domain, wrong DC -> INVALID_TOKEN) and "Corrections" (multi-DC, serverinfo,
// revoke at the token's DC, the client ID is shared across DCs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, authorize, refresh, signIn, crm, revoke, fragment, get } from '../testkit.mjs';
import { startFakeZoho } from '../server.mjs';

let fake;
before(async () => {
  fake = await start({ dataCenters: ['us', 'eu', 'ae'], users: [{}, { dc: 'eu' }, { dc: 'ae' }] });
});
after(() => fake.close());

const euUser = () => fake.users[1];

test('each data centre is its own loopback origin serving accounts and API; fake.url stays the us one', async () => {
  assert.deepEqual(Object.keys(fake.dc).sort(), ['ae', 'eu', 'us']);
  assert.equal(fake.url, fake.dc.us.url);
  assert.equal(fake.location, 'us');
  const origins = new Set(Object.values(fake.dc).map((d) => d.url));
  assert.equal(origins.size, 3);
  for (const [name, d] of Object.entries(fake.dc)) {
    assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const root = await (await get(`${d.url}/`)).json();
    assert.equal(root.location, name);
    assert.equal(root.api_domain, d.url);
    assert.equal((await authorize(d)).status, 200, `${name} serves the sign-in page for the shared client ID`);
  }
  assert.deepEqual(fake.users.map((u) => u.dc), ['us', 'eu', 'ae']);
});

test('GET /oauth/serverinfo lists the accounts origin of every data centre (zoho.md "Corrections")', async () => {
  for (const d of Object.values(fake.dc)) {
    const res = await get(`${d.url}/oauth/serverinfo`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { result: 'success',
      locations: { us: fake.dc.us.url, eu: fake.dc.eu.url, ae: fake.dc.ae.url } });
  }
});

test('an eu user signing in at the us accounts server gets location=eu and the eu api_domain', async () => {
  const before = { us: fake.dc.us.state.issued.length, eu: fake.dc.eu.state.issued.length };
  const { token, frag } = await signIn(fake, { email: euUser().email });
  assert.equal(frag.get('location'), 'eu');
  assert.equal(frag.get('api_domain'), fake.dc.eu.url);
  assert.equal(fake.dc.eu.state.issued.length, before.eu + 1, 'minted in eu');
  assert.equal(fake.dc.us.state.issued.length, before.us, 'not in us');
  assert.equal(fake.dc.eu.state.issued.at(-1).token, token);
  assert.equal(fake.state.issued.at(-1).dc, 'eu');
  const us = await signIn(fake, { email: fake.users[0].email });
  assert.equal(us.frag.get('location'), 'us');
  assert.equal(us.frag.get('api_domain'), fake.dc.us.url);
});

test('a token minted in eu is INVALID_TOKEN (401) at another DC\'s API and works at its own', async () => {
  const { token } = await signIn(fake, { email: euUser().email });
  const calls = { us: fake.dc.us.state.apiCalls, eu: fake.dc.eu.state.apiCalls, ae: fake.dc.ae.state.apiCalls };
  const atUs = await crm(fake, 'users?type=CurrentUser', token);
  assert.equal(atUs.status, 401);
  assert.deepEqual(atUs.body, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
  assert.equal((await crm(fake, 'org', token, { at: fake.dc.ae.url })).status, 401);
  const atEu = await crm(fake, 'users?type=CurrentUser', token, { at: fake.dc.eu.url });
  assert.equal(atEu.status, 200);
  assert.equal(atEu.body.users[0].email, euUser().email);
  assert.equal(fake.dc.us.state.apiCalls, calls.us + 1);
  assert.equal(fake.dc.ae.state.apiCalls, calls.ae + 1);
  assert.equal(fake.dc.eu.state.apiCalls, calls.eu + 1);
});

test('revoking an eu token at another DC answers 400 and revokes nothing; at eu it succeeds', async () => {
  const { token } = await signIn(fake, { email: euUser().email });
  const revokes = { us: fake.dc.us.state.revokes, eu: fake.dc.eu.state.revokes };
  const wrong = await revoke(fake.url, token);
  assert.equal(wrong.status, 400);
  assert.deepEqual(await wrong.json(), { error: 'invalid_token', status: 'failure' });
  assert.equal(fake.state.revoked.includes(token), false);
  assert.equal((await crm(fake, 'org', token, { at: fake.dc.eu.url })).status, 200, 'still valid');
  const right = await revoke(fake.dc.eu.url, token);
  assert.equal(right.status, 200);
  assert.deepEqual(await right.json(), { status: 'success' });
  assert.deepEqual(fake.dc.eu.state.revoked.at(-1), token);
  assert.equal((await crm(fake, 'org', token, { at: fake.dc.eu.url })).status, 401);
  assert.equal(fake.dc.us.state.revokes, revokes.us + 1);
  assert.equal(fake.dc.eu.state.revokes, revokes.eu + 1);
});

test('silent refresh of an eu user\'s session mints the new token in eu too', async () => {
  const { cookie } = await signIn(fake, { email: euUser().email });
  const refreshCalls = fake.dc.us.state.refreshCalls;
  const res = await refresh(fake, {}, cookie);
  assert.equal(fake.dc.us.state.refreshCalls, refreshCalls + 1, 'the request reached us');
  const frag = fragment(res);
  assert.equal(frag.get('location'), 'eu');
  assert.equal(fake.dc.eu.state.issued.at(-1).token, frag.get('access_token'));
  assert.equal(fake.dc.eu.state.issued.at(-1).via, 'refresh');
});

test('every request is counted at the DC it reached, and in the total', async () => {
  const total = fake.state.requests;
  const ae = fake.dc.ae.state.requests;
  await get(`${fake.dc.ae.url}/nope`);
  await fetch(`${fake.dc.ae.url}/crm/v8/org`, { method: 'OPTIONS' });
  assert.equal(fake.dc.ae.state.requests, ae + 2);
  assert.equal(fake.state.requests, total + 2);
});

test('options are checked: unknown DCs, a default DC not served, a person in a DC not served', async () => {
  await assert.rejects(startFakeZoho({ dataCenters: ['us', 'mars'] }), /unknown data centre mars/);
  await assert.rejects(startFakeZoho({ dataCenters: ['eu'], location: 'us' }), /not one of dataCenters/);
  await assert.rejects(startFakeZoho({ users: [{ dc: 'eu' }] }), /not one of the served data centres/);
  const single = await startFakeZoho({ location: 'eu' });
  try {
    assert.deepEqual(Object.keys(single.dc), ['eu']);
    assert.equal(single.users[0].dc, 'eu', 'people live in the default DC');
  } finally {
    await single.close();
  }
});
