import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm } from '../testkit.mjs';

const INVALID_TOKEN = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
let fake;
let token;
let clock = Date.now();
before(async () => {
  fake = await start({ records: { Accounts: 3000, Deals: 5 }, now: () => clock });
  ({ token } = await signIn(fake, { email: fake.users[1].email }));
});
after(() => fake.close());

test('missing, unknown, revoked and expired tokens get 401 INVALID_TOKEN', async () => {
  const missing = await crm(fake, 'org', null);
  assert.equal(missing.status, 401);
  assert.deepEqual(missing.body, INVALID_TOKEN);
  assert.deepEqual((await crm(fake, 'org', '1000.bogus')).body, INVALID_TOKEN);
  assert.deepEqual((await crm(fake, 'org', token, { headers: { Authorization: `Bearer ${token}` } })).body,
    INVALID_TOKEN);
  const revokedTok = (await signIn(fake)).token;
  await fetch(`${fake.url}/oauth/v2/token/revoke?token=${revokedTok}`, { method: 'POST' });
  const revoked = await crm(fake, 'org', revokedTok);
  assert.equal(revoked.status, 401);
  assert.deepEqual(revoked.body, INVALID_TOKEN);

  const ttl = await start({ tokenTtlS: 60, now: () => clock });
  try {
    const t1 = (await signIn(ttl)).token;
    assert.equal((await crm(ttl, 'org', t1)).status, 200);
    clock += 60_000;
    const expired = await crm(ttl, 'org', t1);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, INVALID_TOKEN);
    const t2 = (await signIn(ttl)).token;
    assert.equal((await crm(ttl, 'org', t2)).status, 200);
    ttl.expireAllTokens();
    assert.deepEqual((await crm(ttl, 'org', t2)).body, INVALID_TOKEN);
  } finally {
    await ttl.close();
  }
});

test('users CurrentUser is the signed-in user and ActiveUsers pages with per_page', async () => {
  const me = await crm(fake, 'users?type=CurrentUser', token);
  assert.equal(me.status, 200);
  assert.equal(me.body.users.length, 1);
  const u = me.body.users[0];
  assert.equal(u.email, fake.users[1].email);
  for (const k of ['id', 'full_name', 'first_name', 'last_name', 'email', 'zuid']) assert.equal(typeof u[k], 'string', k);
  assert.deepEqual(Object.keys(u.role), ['name', 'id']);
  assert.deepEqual(Object.keys(u.profile), ['name', 'id']);
  assert.equal(u.status, 'active');
  assert.equal(u.confirm, true);
  assert.deepEqual(me.body.info, { per_page: 200, count: 1, page: 1, more_records: false });

  const seen = [];
  for (const [page, count, more] of [[1, 2, true], [2, 2, true], [3, 1, false]]) {
    const r = await crm(fake, `users?type=ActiveUsers&per_page=2&page=${page}`, token, { version: 2 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.info, { per_page: 2, count, page, more_records: more });
    seen.push(...r.body.users.map((x) => x.email));
  }
  assert.deepEqual(seen, fake.users.map((x) => x.email));
  assert.equal((await crm(fake, 'users?type=ActiveUsers&per_page=2&page=4', token)).status, 204);
  assert.equal((await crm(fake, 'users?type=ActiveUsers&per_page=201', token)).status, 400);
  assert.equal((await crm(fake, 'users?type=AdminUsers', token)).body.users.length, 1);
});

// Updated for issue 12: Get Records answers page past 2,000 records with DISCRETE_PAGINATION_LIMIT_EXCEEDED (was
// LIMIT_REACHED), its default sort_order is desc, and a page token must come back with the same other parameters
// (zoho.md "Corrections": records paging; github.com/zoho/crm-oas v8.0/record/operations/getRecords).
test('module paging works with page up to 2000 records, then DISCRETE_PAGINATION_LIMIT_EXCEEDED; page_token goes beyond',
  async () => {
    const q = 'Accounts?fields=Account_Name,Industry,Owner&per_page=200&sort_order=asc';
    const p10 = await crm(fake, `${q}&page=10`, token);
    assert.equal(p10.status, 200);
    assert.equal(p10.body.data.length, 200);
    assert.match(p10.body.data[0].Account_Name, /^Acme 1801 /);
    assert.deepEqual(Object.keys(p10.body.data[0]), ['id', 'Account_Name', 'Industry', 'Owner']);
    const info = p10.body.info;
    assert.equal(info.more_records, true);
    assert.equal(info.page, 10);
    assert.equal(info.count, 200);
    assert.equal(typeof info.next_page_token, 'string');
    assert.equal(typeof info.page_token_expiry, 'string');
    assert.equal(info.sort_by, 'id');
    assert.equal(info.sort_order, 'asc');

    const p11 = await crm(fake, `${q}&page=11`, token);
    assert.equal(p11.status, 400);
    assert.equal(p11.body.code, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED');
    assert.equal(p11.body.status, 'error');

    const next = await crm(fake, `${q}&page_token=${info.next_page_token}`, token);
    assert.equal(next.status, 200);
    assert.match(next.body.data[0].Account_Name, /^Acme 2001 /);
    assert.equal(next.body.info.page, 11);

    const ids = new Set();
    let url = 'Accounts?fields=Billing_City&per_page=200';
    for (let guard = 0; guard < 20 && url; guard++) {
      const r = await crm(fake, url, token, { version: 7 });
      r.body.data.forEach((d) => ids.add(d.id));
      url = r.body.info.more_records ? `Accounts?fields=Billing_City&per_page=200&page_token=${r.body.info.next_page_token}`
        : null;
    }
    assert.equal(ids.size, 3000);
    assert.equal((await crm(fake, 'Accounts?fields=Account_Name&page_token=garbage', token)).body.code,
      'TOKEN_BOUND_DATA_MISMATCH', 'crm-oas: "The page_token given seems to be invalid or …"');
  });

test('records are deterministic; default sort_order is desc (Get Records docs) and asc reverses it', async () => {
  const a = await crm(fake, 'Accounts?fields=Account_Name,Billing_City&per_page=3&sort_order=asc', token);
  const b = await crm(fake, 'accounts?fields=Account_Name,Billing_City&per_page=3&sort_order=asc', token);
  assert.deepEqual(a.body.data, b.body.data);
  assert.equal(a.body.data[0].Account_Name, 'Acme 0001 Holdings');
  const d = await crm(fake, 'Accounts?fields=Account_Name&per_page=1', token);
  assert.match(d.body.data[0].Account_Name, /^Acme 3000 /);
  assert.equal(d.body.info.sort_order, 'desc');
});

test('fields is mandatory and unknown modules are rejected', async () => {
  const r = await crm(fake, 'Accounts?per_page=10', token);
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'REQUIRED_PARAM_MISSING');
  assert.deepEqual(r.body.details, { param_name: 'fields' }, 'crm-oas getRecords/response-400-requiredparammissing');
  const m = await crm(fake, 'Widgets?fields=Name', token);
  assert.equal(m.status, 400);
  assert.equal(m.body.code, 'INVALID_MODULE');
  assert.equal((await crm(fake, 'org', token, { version: 9 })).status, 404);
});

test('search finds records by name with the same paging and 204 when nothing matches', async () => {
  const r = await crm(fake, 'Accounts/search?word=Acme%20012&per_page=5', token);
  assert.equal(r.status, 200);
  assert.equal(r.body.data.length, 5);
  assert.ok(r.body.data.every((d) => d.Account_Name.startsWith('Acme 012')));
  assert.equal(r.body.info.more_records, true);
  const p2 = await crm(fake, `Accounts/search?word=Acme%20012&per_page=5&page_token=${r.body.info.next_page_token}`,
    token);
  assert.equal(p2.body.data.length, 5);
  assert.equal(p2.body.info.more_records, false);
  const none = await crm(fake, 'Accounts/search?word=zzzz', token);
  assert.equal(none.status, 204);
  assert.equal(none.text, '');
  assert.equal((await crm(fake, 'Accounts/search', token)).body.code, 'REQUIRED_PARAM_MISSING');
});

test('empty module list answers 204 with no body', async () => {
  const r = await crm(fake, 'Contacts?fields=Last_Name', token);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal((await crm(fake, 'Deals?fields=Deal_Name&page=2&per_page=5', token)).status, 204);
});

test('token without the needed scope gets 401 OAUTH_SCOPE_MISMATCH', async () => {
  const { token: narrow } = await signIn(fake, { over: { scope: 'ZohoCRM.modules.accounts.READ' } });
  assert.equal((await crm(fake, 'Accounts?fields=Account_Name&per_page=1', narrow)).status, 200);
  for (const path of ['Deals?fields=Deal_Name', 'users?type=CurrentUser', 'org']) {
    const r = await crm(fake, path, narrow);
    assert.equal(r.status, 401, path);
    assert.equal(r.body.code, 'OAUTH_SCOPE_MISMATCH');
    assert.equal(r.body.status, 'error');
  }
});

test('org returns the organization and CORS preflight allows Authorization', async () => {
  const r = await crm(fake, 'org', token, { version: 6 });
  assert.equal(r.status, 200);
  const org = r.body.org[0];
  for (const k of ['id', 'company_name', 'primary_zuid', 'domain_name', 'time_zone', 'currency']) assert.ok(org[k], k);
  assert.equal(org.type, 'production');
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const pre = await fetch(`${fake.url}/crm/v8/Accounts`, { method: 'OPTIONS', headers: {
    Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'GET',
    'Access-Control-Request-Headers': 'authorization' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-headers'), /authorization/i);
  assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
});
