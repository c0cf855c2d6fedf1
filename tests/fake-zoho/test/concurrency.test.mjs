// The CRM API under concurrency (issue 14). Rule: Zoho caps the calls of one org being processed at once (by
// edition: Free 5 … Enterprise 20 … Ultimate 25; zoho.com/crm/developer/docs/api/v8/api-limits.html) and answers
// 429 TOO_MANY_REQUESTS past it (Zoho's status-codes page). Overlap is made certain with fake.holdCrm(); the
// latency knob is checked for holding a call in flight, never for a timing verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm, crmCall, until, SCOPE } from '../testkit.mjs';
import { EDITION_CONCURRENCY, DEFAULT_CONCURRENCY } from '../concurrency.mjs';

const TOO_MANY = { code: 'TOO_MANY_REQUESTS', details: {},
  message: 'the concurrency limit of the user for the app is exceeded', status: 'error' };

async function withFake(opts, fn) {
  const fake = await start(opts);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

test('the default cap is the Enterprise edition\'s 20, and the knob takes a number or null', async () => {
  assert.deepEqual(EDITION_CONCURRENCY, { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 });
  assert.equal(DEFAULT_CONCURRENCY, 20);
  await withFake({}, async (fake) => {
    assert.equal(fake.crmConcurrency, 20);
    assert.equal(fake.crmLatencyMs, 0);
    fake.crmConcurrency = 5;
    assert.equal(fake.crmConcurrency, 5);
    fake.crmConcurrency = null;
    assert.equal(fake.crmConcurrency, null);
    assert.throws(() => { fake.crmConcurrency = 0; }, /crmConcurrency/);
    assert.throws(() => { fake.crmLatencyMs = -1; }, /crmLatencyMs/);
  });
});

test('a call arriving while the org has `cap` calls in flight gets 429 with Zoho\'s body; a freed slot is taken again', async () => {
  await withFake({ crmConcurrency: 2 }, async (fake) => {
    const { token } = await signIn(fake);
    const release = fake.holdCrm();
    const first = [crm(fake, 'org', token), crm(fake, 'users?type=CurrentUser', token)];
    await until(() => fake.inFlight === 2, 'two calls in flight');
    const refused = await crm(fake, 'Accounts?fields=Account_Name', token);
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body, TOO_MANY);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*', 'a page can read the 429');
    assert.equal(fake.state.tooManyRequests, 1);
    assert.equal(fake.dc.us.state.tooManyRequests, 1);
    assert.equal(fake.inFlight, 2, 'a refused call is not in flight');
    release();
    assert.deepEqual((await Promise.all(first)).map((r) => r.status), [200, 200]);
    assert.equal(fake.inFlight, 0);
    assert.equal((await crm(fake, 'org', token)).status, 200);
    assert.equal(fake.maxInFlight, 2, 'never more than the cap');
  });
});

test('a call without a valid token is answered 401 at once and takes no slot', async () => {
  await withFake({ crmConcurrency: 1 }, async (fake) => {
    const { token } = await signIn(fake);
    const release = fake.holdCrm();
    const held = crm(fake, 'org', token);
    await until(() => fake.inFlight === 1, 'one call in flight');
    assert.equal((await crm(fake, 'org', '1000.nope')).status, 401);
    assert.equal((await crm(fake, 'org', null)).status, 401);
    assert.equal(fake.state.tooManyRequests, 0);
    release();
    assert.equal((await held).status, 200);
  });
});

test('orgs are counted apart', async () => {
  await withFake({ crmConcurrency: 1, users: [{ orgs: [0, 1] }], orgs: [{}, { type: 'sandbox' }] }, async (fake) => {
    const [org0, org1] = fake.orgs.map((o) => o.id);
    const t0 = (await signIn(fake, { org: org0 })).token;
    const t1 = (await signIn(fake, { org: org1 })).token;
    const release = fake.holdCrm();
    const a = crm(fake, 'org', t0);
    await until(() => fake.inFlight === 1, 'org 0 in flight');
    const b = crm(fake, 'org', t1);
    await until(() => fake.inFlight === 2, 'org 1 admitted while org 0 is at its cap');
    assert.equal((await crm(fake, 'org', t0)).status, 429, 'org 0 is at its cap');
    release();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.body.org[0].id, org0);
    assert.equal(rb.body.org[0].id, org1);
    assert.deepEqual(fake.maxInFlightByOrg, { [org0]: 1, [org1]: 1 });
  });
});

test('maxInFlight is the most calls of one org in flight at once; resetMaxInFlight starts it again', async () => {
  await withFake({}, async (fake) => {
    const { token } = await signIn(fake);
    assert.equal(fake.maxInFlight, 0);
    const release = fake.holdCrm();
    const calls = Array.from({ length: 7 }, () => crm(fake, 'users?type=CurrentUser', token));
    await until(() => fake.inFlight === 7, 'seven calls in flight');
    assert.equal(fake.maxInFlight, 7);
    release();
    assert.ok((await Promise.all(calls)).every((r) => r.status === 200));
    assert.equal(fake.maxInFlight, 7, 'the peak stays after the calls end');
    assert.deepEqual(fake.maxInFlightByOrg, { [fake.orgs[0].id]: 7 });
    fake.resetMaxInFlight();
    assert.equal(fake.maxInFlight, 0);
    await crm(fake, 'org', token);
    assert.equal(fake.maxInFlight, 1);
  });
});

test('with no cap (null) any number of calls is admitted', async () => {
  await withFake({ crmConcurrency: null }, async (fake) => {
    const { token } = await signIn(fake);
    const release = fake.holdCrm();
    const calls = Array.from({ length: 30 }, () => crm(fake, 'org', token));
    await until(() => fake.inFlight === 30, 'thirty calls in flight');
    release();
    assert.ok((await Promise.all(calls)).every((r) => r.status === 200));
    assert.equal(fake.state.tooManyRequests, 0);
  });
});

test('the latency holds a call in flight until its answer goes out', async () => {
  await withFake({ crmLatencyMs: 40 }, async (fake) => {
    const { token } = await signIn(fake);
    let answered = false;
    const call = crm(fake, 'users?type=CurrentUser', token).then((r) => { answered = true; return r; });
    await until(() => fake.inFlight === 1, 'the call in flight');
    assert.equal(answered, false, 'in flight means not answered yet');
    assert.equal((await call).status, 200);
    assert.equal(fake.inFlight, 0, 'out of flight once answered');
    assert.equal(fake.maxInFlight, 1);

    // With a cap of 1, a second call while the first is held by the latency (and the gate, so that the overlap
    // does not depend on timing) is refused.
    fake.crmConcurrency = 1;
    fake.crmLatencyMs = 10;
    const release = fake.holdCrm();
    const first = crm(fake, 'org', token);
    await until(() => fake.inFlight === 1, 'the first call in flight');
    assert.equal((await crm(fake, 'org', token)).status, 429);
    release();
    assert.equal((await first).status, 200);
  });
});

test('the log lists method, path, query, Authorization present or not (never the token), origin and status', async () => {
  await withFake({}, async (fake) => {
    const { token } = await signIn(fake);
    fake.clearApiLog();
    await crm(fake, 'users?type=CurrentUser', token, { headers: { Origin: 'http://localhost:8123' } });
    await crm(fake, 'org', null);
    await fetch(`${fake.url}/crm/v8/org`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:8123',
      'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    await crmCall(fake, 'POST', 'Accounts', token, { body: { data: [{ Account_Name: 'X' }] } });
    const log = fake.apiLog;
    assert.deepEqual(log.map((e) => [e.method, e.path, e.search, e.authorization, e.status]), [
      ['GET', '/crm/v8/users', 'type=CurrentUser', true, 200],
      ['GET', '/crm/v8/org', '', false, 401],
      ['OPTIONS', '/crm/v8/org', '', false, 204],
      ['POST', '/crm/v8/Accounts', '', true, 201],
    ]);
    assert.deepEqual(log[0].query, { type: 'CurrentUser' });
    assert.equal(log[0].origin, 'http://localhost:8123');
    assert.equal(log[0].orgId, fake.orgs[0].id);
    assert.equal(log[0].dc, 'us');
    assert.equal(log[1].orgId, null);
    assert.ok(log.every((e, i) => i === 0 || e.seq > log[i - 1].seq));
    assert.ok(!JSON.stringify(log).includes(token), 'the token is never logged');
    fake.clearApiLog();
    assert.deepEqual(fake.apiLog, []);
  });
});

test('CORS: the preflight allows Authorization, Content-Type and If-Modified-Since and the API\'s methods', async () => {
  await withFake({}, async (fake) => {
    const { token } = await signIn(fake, { over: { scope: `${SCOPE},ZohoCRM.coql.READ` } });
    const pre = await fetch(`${fake.url}/crm/v8/Accounts?fields=Account_Name`, { method: 'OPTIONS', headers: {
      Origin: 'http://localhost:8123', 'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization,content-type,if-modified-since' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    const allowed = pre.headers.get('access-control-allow-headers').split(',').map((h) => h.trim().toLowerCase());
    for (const h of ['authorization', 'content-type', 'if-modified-since']) assert.ok(allowed.includes(h), h);
    const methods = pre.headers.get('access-control-allow-methods').split(',').map((m) => m.trim());
    for (const m of ['GET', 'POST', 'PUT', 'DELETE']) assert.ok(methods.includes(m), m);
    // Plain answers, errors included, carry Access-Control-Allow-Origin so the page can read them.
    for (const r of [await crm(fake, 'org', token), await crm(fake, 'org', null),
      await crmCall(fake, 'POST', 'coql', token, { body: { select_query: 'select Account_Name from Accounts limit 1' } })]) {
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
    }
  });
});
