import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindow } from '../limits.mjs';
import { start, authorize, refresh, signIn, authParams, get, CLIENT } from '../testkit.mjs';

const THROTTLE = { error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied', status: 'failure' };

test('sliding window allows max calls per key and frees slots as old calls leave the window', () => {
  let t = 0;
  const w = new SlidingWindow({ max: 2, windowS: 10 }, () => t);
  assert.equal(w.hit('a'), true);
  t = 4000;
  assert.equal(w.hit('a'), true);
  assert.equal(w.hit('a'), false);
  assert.equal(w.hit('b'), true, 'keys are independent');
  assert.equal(w.retryAfterMs('a'), 6000);
  t = 10001;
  assert.equal(w.hit('a'), true, 'first call left the window');
  assert.equal(w.hit('a'), false);
  assert.equal(w.count('a'), 2);
});

test('auth throttle returns the Zoho throttle body after the limit, per client id, until the window slides', async () => {
  let t = Date.now();
  const fake = await start({ limits: { auth: { max: 3, windowS: 600 } }, now: () => t,
    clients: [{ clientId: CLIENT, redirectUris: ['https://abc.chromiumapp.org/cb'] },
      { clientId: '1000.OTHER', redirectUris: ['https://abc.chromiumapp.org/cb'] }] });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await authorize(fake)).status, 200);
    const res = await authorize(fake);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await res.json(), THROTTLE);
    assert.equal(fake.state.throttled.auth, 1);
    assert.equal(fake.state.authCalls, 4);
    assert.equal((await authorize(fake, { client_id: '1000.OTHER' })).status, 200, 'other client unaffected');
    t += 601_000;
    assert.equal((await authorize(fake)).status, 200, 'allowed again after the window');
  } finally {
    await fake.close();
  }
});

test('refresh throttle returns the Zoho throttle body after the limit and counts every call', async () => {
  const fake = await start({ limits: { refresh: { max: 2, windowS: 1200 } } });
  try {
    const { cookie } = await signIn(fake);
    for (let i = 0; i < 2; i++) assert.equal((await refresh(fake, {}, cookie)).status, 302);
    const res = await refresh(fake, {}, cookie);
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), THROTTLE);
    assert.equal(fake.state.throttled.refresh, 1);
    assert.equal(fake.state.refreshCalls, 3);
    assert.equal(fake.state.throttled.auth, 0);
  } finally {
    await fake.close();
  }
});

test('default limits are 10 authentications and 20 refreshes per client', async () => {
  const fake = await start();
  try {
    const url = `${fake.url}/oauth/v2/auth?${authParams()}`;
    for (let i = 0; i < 10; i++) assert.equal((await get(url)).status, 200);
    assert.equal((await get(url)).status, 400);
    const { cookie } = await signIn(fake);
    for (let i = 0; i < 20; i++) assert.equal((await refresh(fake, {}, cookie)).status, 302);
    assert.equal((await refresh(fake, {}, cookie)).status, 400);
    assert.deepEqual(fake.state.throttled, { auth: 1, refresh: 1 });
  } finally {
    await fake.close();
  }
});
