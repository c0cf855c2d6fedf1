// The CRM proxy driven with a fake session (the host's side) and a fake Zoho CRM (fetch): what a page may ask,
// what reaches Zoho, what comes back, what a 401 and a 429 lead to, how many calls run at once, what is logged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CrmProxy } from '../bg/crm-proxy.js';
import { validateWebApps, webAppPolicy } from '../lib/web-app-policy.js';

const TOKEN = '1000.secret-token-value';
const ORIGIN = 'https://crm.example.com';

function fakeSession({ concurrency = 5, renews = true } = {}) {
  const s = {
    settings: { crmConcurrency: concurrency },
    state: { token: { stored_at: 1 } },
    tokens: [TOKEN, `${TOKEN}-2`],
    handedOut: 0,
    rejected: 0,
    logged: [],
    fail: null,
    async token(forOrigin) {
      assert.equal(forOrigin, undefined, 'a proxied call is not a hand-out to the site');
      if (s.fail) throw Object.assign(new Error(s.fail), { code: s.fail });
      return { access_token: s.tokens[s.handedOut++] ?? s.tokens.at(-1), stored_at: s.state.token.stored_at,
        expires_at: Date.now() + 3600_000, endpoints: { api: 'https://www.zohoapis.com' } };
    },
    async apiRejected() {
      s.rejected++;
      s.state.token = { stored_at: s.state.token.stored_at + 1 };
      return renews;
    },
    async recordRequests(entries) {
      s.logged.push(...entries);
    },
  };
  return s;
}

const policyFor = (line) => {
  const errors = {};
  return webAppPolicy({ webApps: validateWebApps([line], errors) }, line.origin);
};
const CRM = policyFor({ origin: ORIGIN, level: 'crm', modules: [{ name: 'Accounts' }, { name: 'Contacts', methods: ['POST'] }, { name: 'users' }] });

// Zoho as a function of the request; every request is recorded with its Authorization header.
function fakeZoho(answer) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url: String(url), method: init.method, auth: init.headers.Authorization, body: init.body });
    const [status, body, headers] = await answer(seen.at(-1));
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  };
  return { fetch, seen };
}
const ok = () => [200, { data: [{ id: '1', Account_Name: 'Zylker' }] }, { 'Set-Cookie': 'zs=1', 'X-RATELIMIT-REMAINING': '99' }];

test('an allowed call reaches Zoho with the token and comes back without it', async () => {
  const session = fakeSession();
  const zoho = fakeZoho(ok);
  const answer = await new CrmProxy(session, zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/Accounts', params: { fields: 'Account_Name' } });
  assert.deepEqual(answer, { ok: true, status: 200, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '99' },
    body: { data: [{ id: '1', Account_Name: 'Zylker' }] } });
  assert.deepEqual(zoho.seen.map((r) => [r.url, r.auth]), [['https://www.zohoapis.com/crm/v8/Accounts?fields=Account_Name', `Zoho-oauthtoken ${TOKEN}`]]);
  assert.ok(!JSON.stringify(answer).includes(TOKEN));
});

test('Zoho\'s own error answers come back to the page as answers, like fetch', async () => {
  const zoho = fakeZoho(() => [400, { code: 'INVALID_DATA', message: 'invalid data', status: 'error' }]);
  const answer = await new CrmProxy(fakeSession(), zoho).request(ORIGIN, CRM, { method: 'POST', path: '/crm/v8/Contacts', body: { data: [{}] } });
  assert.deepEqual([answer.ok, answer.status, answer.body.code], [true, 400, 'INVALID_DATA']);
});

test('an account-only site, another module, a write not listed, a non-CRM path: refused before Zoho is asked', async () => {
  const zoho = fakeZoho(ok);
  const proxy = new CrmProxy(fakeSession(), zoho);
  const accountOnly = policyFor({ origin: ORIGIN });
  const cases = [[accountOnly, { method: 'GET', path: '/crm/v8/Accounts' }, 'FORBIDDEN'],
    [CRM, { method: 'GET', path: '/crm/v8/Deals' }, 'FORBIDDEN'],
    [CRM, { method: 'DELETE', path: '/crm/v8/Accounts/4150868000000225013' }, 'FORBIDDEN'],
    [CRM, { method: 'GET', path: '/oauth/v2/token' }, 'BAD_REQUEST'],
    [CRM, { method: 'GET', path: 'https://evil.example/crm/v8/Accounts' }, 'BAD_REQUEST']];
  for (const [policy, request, code] of cases) {
    const answer = await proxy.request(ORIGIN, policy, request);
    assert.equal(answer.error.code, code, request.path);
  }
  assert.equal(zoho.seen.length, 0);
});

test('a 401 leads to one renewal and one more try with the new token', async () => {
  const session = fakeSession();
  const zoho = fakeZoho((r) => (r.auth.endsWith(TOKEN) ? [401, { code: 'INVALID_TOKEN', message: 'invalid oauth token', status: 'error' }] : ok()));
  const answer = await new CrmProxy(session, zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  assert.equal(answer.status, 200);
  assert.equal(session.rejected, 1);
  assert.deepEqual(zoho.seen.map((r) => r.auth), [`Zoho-oauthtoken ${TOKEN}`, `Zoho-oauthtoken ${TOKEN}-2`]);
});

test('a 401 that no renewal cures, or none is possible, is SIGN_IN_NEEDED without the token', async () => {
  for (const renews of [true, false]) {
    const session = fakeSession({ renews });
    const zoho = fakeZoho(() => [401, { code: 'INVALID_TOKEN', message: `invalid oauth token ${TOKEN}`, status: 'error' }]);
    const answer = await new CrmProxy(session, zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
    assert.equal(answer.error.code, 'SIGN_IN_NEEDED');
    assert.equal(session.rejected, 1, 'one renewal at most');
    assert.equal(zoho.seen.length, renews ? 2 : 1);
    assert.ok(!JSON.stringify(answer).includes(TOKEN));
  }
});

test('nobody signed in is SIGN_IN_NEEDED, and Zoho is not asked', async () => {
  const session = fakeSession();
  session.fail = 'NO_TOKEN';
  const zoho = fakeZoho(ok);
  assert.equal((await new CrmProxy(session, zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' })).error.code, 'SIGN_IN_NEEDED');
  assert.equal(zoho.seen.length, 0);
});

test('Zoho\'s 429 is ZOHO_BUSY with a retry hint, and is not retried', async () => {
  const zoho = fakeZoho(() => [429, { code: 'TOO_MANY_REQUESTS', status: 'error' }, { 'Retry-After': '7' }]);
  const answer = await new CrmProxy(fakeSession(), zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  assert.deepEqual(answer.error.code, 'ZOHO_BUSY');
  assert.equal(answer.error.retry_after_ms, 7000);
  assert.equal(zoho.seen.length, 1);
});

test('20 calls at once never have more than crmConcurrency in flight, and all are answered', async () => {
  let inFlight = 0;
  let most = 0;
  const release = [];
  const zoho = fakeZoho(async () => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => release.push(resolve));
    inFlight--;
    return ok();
  });
  const proxy = new CrmProxy(fakeSession({ concurrency: 3 }), zoho);
  const calls = Array.from({ length: 20 }, () => proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/Accounts' }));
  // Answer Zoho's calls one by one as they arrive, until all 20 were made.
  while (zoho.seen.length < 20 || release.length) {
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
  }
  const answers = await Promise.all(calls);
  assert.equal(most, 3);
  assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
});

test('a flood beyond the waiting room is answered ZOHO_BUSY at once', async () => {
  const release = [];
  const zoho = fakeZoho(() => new Promise((resolve) => release.push(() => resolve(ok()))));
  const proxy = new CrmProxy(fakeSession({ concurrency: 1 }), zoho);
  const calls = Array.from({ length: 102 }, () => proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/Accounts' }));
  const last = await calls.at(-1);
  assert.equal(last.error.code, 'ZOHO_BUSY');
  assert.ok(last.error.retry_after_ms > 0);
  while (release.length || zoho.seen.length < 101) {
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
  }
  await Promise.all(calls);
});

test('an answer that echoes the token has it removed', async () => {
  const zoho = fakeZoho((r) => [200, { echo: r.auth }]);
  const answer = await new CrmProxy(fakeSession(), zoho).request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  assert.equal(answer.body.echo, 'Zoho-oauthtoken [token removed]');
});

test('every call, allowed or refused, is logged in a batch: template, status, code; no IDs, query or body', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const session = fakeSession();
  const proxy = new CrmProxy(session, fakeZoho(ok));
  await proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/Accounts/4150868000000225013?fields=Secret_Field' });
  await proxy.request(ORIGIN, CRM, { method: 'DELETE', path: '/crm/v8/Accounts/4150868000000225013' });
  await proxy.request(ORIGIN, CRM, { method: 'POST', path: '/crm/v8/Contacts', body: { data: [{ Last_Name: 'Body-Secret' }] } });
  assert.deepEqual(session.logged, [], 'batched, not written per call');
  t.mock.timers.tick(1000);
  assert.deepEqual(session.logged, [
    { origin: ORIGIN, method: 'GET', path: '/crm/v8/Accounts/{id}', status: 200 },
    { origin: ORIGIN, method: 'DELETE', path: '/crm/v8/Accounts/{id}', status: 403, code: 'FORBIDDEN' },
    { origin: ORIGIN, method: 'POST', path: '/crm/v8/Contacts', status: 200 },
  ]);
  assert.doesNotMatch(JSON.stringify(session.logged), /4150868|Secret|secret-token/);
});

test('the extension\'s own CRM calls wait in the same queue as the web apps\' calls', async () => {
  const release = [];
  const zoho = fakeZoho(() => new Promise((resolve) => release.push(() => resolve(ok()))));
  const proxy = new CrmProxy(fakeSession({ concurrency: 1 }), zoho);
  const own = proxy.queuedFetch('https://www.zohoapis.com/crm/v8/Accounts', { method: 'GET', headers: { Authorization: 'x' } });
  const page = proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(zoho.seen.length, 1, 'the page\'s call went out while the extension\'s own was in flight');
  release.shift()();
  assert.equal((await own).status, 200);
  while (zoho.seen.length < 2) await new Promise((resolve) => setImmediate(resolve));
  release.shift()();
  assert.equal((await page).status, 200);
});

test('a call that waits 30 s for a free slot is answered ZOHO_BUSY and leaves the queue', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const release = [];
  const zoho = fakeZoho(() => new Promise((resolve) => release.push(() => resolve(ok()))));
  const proxy = new CrmProxy(fakeSession({ concurrency: 1 }), zoho);
  const first = proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  while (zoho.seen.length < 1) await new Promise((resolve) => setImmediate(resolve));
  const waiting = proxy.request(ORIGIN, CRM, { method: 'GET', path: '/crm/v8/users' });
  await new Promise((resolve) => setImmediate(resolve));
  t.mock.timers.tick(30_000);
  const answer = await waiting;
  assert.equal(answer.error.code, 'ZOHO_BUSY');
  assert.ok(answer.error.retry_after_ms > 0);
  release.shift()();
  assert.equal((await first).status, 200);
  assert.equal(zoho.seen.length, 1, 'the call that gave up was made anyway');
});
