// The block after Zoho's token-creation limit (issue 12, item 5.2). Sources: "the access token creation will be
// blocked for the next ten minutes" (zoho.com/analytics/api/v2/authentication/refresh-token.html); retries extend
// the block (NV: third-party reports, zoho.md "Corrections"); throttle answers per zoho.md "Server-based" and
// "Corrections" (access_denied redirect, JSON body at HTTP 200 per Kaizen #43); limits per limits.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, authorize, refresh, signIn, approve, fragment, manualClock, get, CLIENT } from '../testkit.mjs';
import { THROTTLE_BODY, THROTTLE_DESCRIPTION } from '../throttle.mjs';

const TEN_MIN = 600_000;
const isThrottled = (res) => res.status === 302 && fragment(res).get('error') === 'access_denied'
  && fragment(res).get('error_description') === THROTTLE_DESCRIPTION;
const postToken = (fake, clientId = CLIENT) => fetch(`${fake.url}/oauth/v2/token`, { method: 'POST',
  body: new URLSearchParams({ client_id: clientId, grant_type: 'refresh_token', refresh_token: 'x' }) });

async function withFake(opts, fn) {
  const clock = manualClock();
  const fake = await start({ now: clock.now, limits: { auth: { max: 2, windowS: 600 } }, ...opts });
  try {
    await fn(fake, clock);
  } finally {
    await fake.close();
  }
}

test('past the limit, token creation is blocked for ten minutes: authorisation, consent, refresh, token endpoint',
  () => withFake({}, async (fake, clock) => {
    const { cookie } = await signIn(fake); // the consent POST is not counted in the window
    for (let i = 0; i < 2; i++) assert.equal((await authorize(fake, {}, cookie)).status, 200);
    const start = clock.now();
    assert.ok(isThrottled(await authorize(fake, {}, cookie)), 'third authorisation');
    assert.equal(fake.blockedUntil(CLIENT), start + TEN_MIN);
    clock.advance(60_000);
    assert.ok(isThrottled(await approve(fake, { cookie })), 'consent during the block');
    assert.ok(isThrottled(await refresh(fake, {}, cookie)), 'refresh during the block (its own window is not full)');
    const tok = await postToken(fake);
    assert.equal(tok.status, 200);
    assert.deepEqual(await tok.json(), THROTTLE_BODY);
    assert.equal(fake.state.issued.length, 1, 'nothing minted during the block');
    assert.deepEqual(fake.state.throttled, { auth: 2, refresh: 1, token: 1 });
  }));

test('each attempt during the block starts the ten minutes again (NV, reported by users; option, default on)',
  () => withFake({}, async (fake, clock) => {
    for (let i = 0; i < 2; i++) await authorize(fake);
    assert.ok(isThrottled(await authorize(fake)));
    clock.advance(9 * 60_000);
    assert.ok(isThrottled(await authorize(fake)), 'retry after 9 minutes');
    assert.equal(fake.blockedUntil(CLIENT), clock.now() + TEN_MIN, 'the retry extended the block');
    clock.advance(9 * 60_000);
    assert.ok(isThrottled(await authorize(fake)), '18 minutes after the first refusal: still blocked');
    clock.advance(TEN_MIN);
    assert.equal(fake.blockedUntil(CLIENT), null);
    assert.equal((await authorize(fake)).status, 200, 'ten quiet minutes end it');
  }));

test('with block.extendOnRetry false the block ends ten minutes after it began, retries or not',
  () => withFake({ block: { extendOnRetry: false } }, async (fake, clock) => {
    for (let i = 0; i < 2; i++) await authorize(fake);
    assert.ok(isThrottled(await authorize(fake)));
    clock.advance(9 * 60_000);
    assert.ok(isThrottled(await authorize(fake)));
    clock.advance(60_001);
    assert.equal((await authorize(fake)).status, 200);
  }));

test('a block is per client ID; a refresh limit blocks authorisation of that client too',
  () => withFake({ limits: { refresh: { max: 1, windowS: 1200 } },
    clients: [{ clientId: CLIENT, redirectUris: ['https://abc.chromiumapp.org/cb'] },
      { clientId: '1000.OTHER', redirectUris: ['https://abc.chromiumapp.org/cb'] }] }, async (fake) => {
    const { cookie } = await signIn(fake);
    assert.equal(fragment(await refresh(fake, {}, cookie)).has('access_token'), true);
    assert.ok(isThrottled(await refresh(fake, {}, cookie)));
    assert.ok(isThrottled(await authorize(fake)), 'the whole client is blocked');
    assert.equal((await authorize(fake, { client_id: '1000.OTHER' })).status, 200);
  }));

test('the token endpoint allows 10 requests per 10 minutes, then answers the JSON throttle body', async () => {
  const fake = await start();
  try {
    for (let i = 0; i < 10; i++) assert.deepEqual(await (await postToken(fake)).json(), { error: 'invalid_code' });
    const res = await postToken(fake);
    assert.equal(res.status, 200, 'Kaizen #43: the throttle body comes at HTTP 200');
    assert.deepEqual(await res.json(), {
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      error: 'Access Denied', status: 'failure' });
    assert.deepEqual(await (await postToken(fake, '1000.NOPE')).json(), { error: 'invalid_client' });
    assert.equal(fake.state.tokenCalls, 12);
  } finally {
    await fake.close();
  }
});

test('every request that reaches the fake is counted, so a test can prove none came during a block',
  () => withFake({}, async (fake, clock) => {
    for (let i = 0; i < 2; i++) await authorize(fake);
    await authorize(fake);
    const during = fake.state.requests;
    clock.advance(TEN_MIN + 1); // a well-behaved client waits the block out without asking
    assert.equal(fake.state.requests, during);
    assert.equal((await authorize(fake)).status, 200);
    await get(`${fake.url}/nope`);
    assert.equal(fake.state.requests, during + 2);
    assert.equal(fake.dc.us.state.requests, fake.state.requests);
  }));
