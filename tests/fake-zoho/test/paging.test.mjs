// Get Records paging (issue 12, item 5.4). Sources: zoho.md "Corrections" (records paging) and Zoho's v8 OAS,
// github.com/zoho/crm-oas v8.0/record/operations/getRecords/operation.md and examples/response-*.md, whose example
// bodies the expected values below copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm, manualClock } from '../testkit.mjs';

const clock = manualClock();
let fake;
let token;
before(async () => {
  // Access tokens live a week here so the clock can pass a page token's 24 h.
  fake = await start({ records: { Accounts: 100_250, Deals: 3 }, now: clock.now, tokenTtlS: 7 * 86400 });
  ({ token } = await signIn(fake));
});
after(() => fake.close());

const Q = 'Accounts?fields=Account_Name&per_page=200';
const body = async (path, tok = token) => (await crm(fake, path, tok)).body;

test('fields is mandatory; more than 50 fields is LIMIT_EXCEEDED (examples requiredparammissing, limitexceeded)',
  async () => {
    const missing = await crm(fake, 'Accounts', token);
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' },
      message: 'required param is missing', status: 'error' });
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`).join(',');
    const many = await crm(fake, `Accounts?fields=${fields}`, token);
    assert.equal(many.status, 400);
    assert.deepEqual(many.body, { code: 'LIMIT_EXCEEDED', details: { limit: 50, param_name: 'fields' },
      message: 'limit exceeded', status: 'error' });
    assert.equal((await crm(fake, `Accounts?fields=${fields.split(',').slice(0, 50)}&per_page=1`, token)).status, 200);
  });

test('per_page is at most 200 and defaults to 200; default sort is id desc; info has every documented key',
  async () => {
    const r = await body('Accounts?fields=Account_Name');
    assert.equal(r.data.length, 200);
    assert.match(r.data[0].Account_Name, /^Acme 100250 /, 'sort_order defaults to desc');
    assert.deepEqual(Object.keys(r.info).sort(), ['call', 'count', 'email', 'more_records', 'next_page_token', 'page',
      'page_token_expiry', 'per_page', 'previous_page_token', 'sort_by', 'sort_order']);
    assert.equal(r.info.per_page, 200);
    assert.equal(r.info.sort_by, 'id');
    assert.equal(r.info.sort_order, 'desc');
    assert.equal(r.info.previous_page_token, null);
    assert.equal(r.info.page_token_expiry, new Date(clock.now() + 86400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'));
    assert.equal((await crm(fake, 'Accounts?fields=Account_Name&per_page=201', token)).status, 400);
    const bad = await crm(fake, 'Accounts?fields=Account_Name&sort_by=Account_Name', token);
    assert.equal(bad.body.code, 'INVALID_DATA');
    assert.deepEqual(bad.body.details.supported_values, ['id', 'Created_Time', 'Modified_Time']);
  });

test('page reaches only the first 2,000 records (example discretepaginationlimitexceeded)', async () => {
  assert.equal((await crm(fake, `${Q}&page=10`, token)).status, 200);
  const r = await crm(fake, `${Q}&page=11`, token);
  assert.equal(r.status, 400);
  assert.deepEqual(r.body, { code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', details: { limit: 2000 },
    message: 'You can only get the first 2000 records without using page_token param', status: 'error' });
  assert.equal((await crm(fake, 'Accounts?fields=Account_Name&per_page=100&page=21', token)).body.code,
    'DISCRETE_PAGINATION_LIMIT_EXCEEDED');
});

test('page with page_token is AMBIGUITY_DURING_PROCESSING', async () => {
  const { info } = await body(Q);
  const r = await crm(fake, `${Q}&page=2&page_token=${info.next_page_token}`, token);
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'AMBIGUITY_DURING_PROCESSING');
  assert.deepEqual(r.body.details, { ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }] });
});

test('a page token is bound to the other parameters and the user (example tokenbounddatamismatch)', async () => {
  const first = await body(`${Q}&sort_by=Created_Time`);
  const t = first.info.next_page_token;
  const mismatch = { code: 'TOKEN_BOUND_DATA_MISMATCH', details: { param_name: 'page_token' },
    message: 'The page_token given seems to be invalid or input param is added or altered or deleted',
    status: 'error' };
  const ok = await crm(fake, `${Q}&sort_by=Created_Time&page_token=${t}`, token);
  assert.equal(ok.status, 200, 'same parameters');
  assert.equal(ok.body.info.page, 2);
  for (const changed of [
    'Accounts?fields=Account_Name&per_page=100&sort_by=Created_Time', // per_page altered
    `${Q}&sort_by=Modified_Time`, // sort_by altered
    `${Q}&sort_by=Created_Time&sort_order=desc`, // sort_order added (even with its default value)
    'Accounts?fields=Account_Name,Industry&per_page=200&sort_by=Created_Time', // fields altered
    Q, // sort_by deleted
    'Deals?fields=Account_Name&per_page=200&sort_by=Created_Time', // another module
  ]) {
    const r = await crm(fake, `${changed}&page_token=${t}`, token);
    assert.equal(r.status, 400, changed);
    assert.deepEqual(r.body, mismatch, changed);
  }
  const other = (await signIn(fake, { email: fake.users[1].email })).token;
  assert.deepEqual((await crm(fake, `${Q}&sort_by=Created_Time&page_token=${t}`, other)).body, mismatch,
    'page tokens are user-specific');
  assert.deepEqual((await crm(fake, `${Q}&page_token=0123abcd`, token)).body, mismatch, 'never issued');
});

test('a page token expires after 24 h (example expiredvalue; info.page_token_expiry)', async () => {
  const { info } = await body(Q);
  clock.advance(24 * 3600_000);
  assert.equal((await crm(fake, `${Q}&page_token=${info.next_page_token}`, token)).status, 200, 'at the expiry');
  clock.advance(1);
  const r = await crm(fake, `${Q}&page_token=${info.next_page_token}`, token);
  assert.equal(r.status, 400);
  assert.deepEqual(r.body, { status: 'error', code: 'EXPIRED_VALUE', message: 'Page token expired',
    details: { api_name: 'page_token', json_path: '$.query.page_token' } });
});

test('page tokens reach 100,000 records, then PAGINATION_LIMIT_EXCEEDED (example paginationlimitexceeded)',
  async () => {
    let r = await body(`${Q}&sort_order=asc`);
    let seen = r.data.length;
    while (r.info.more_records && seen < 100_000) {
      r = await body(`${Q}&sort_order=asc&page_token=${r.info.next_page_token}`);
      seen += r.data.length;
    }
    assert.equal(seen, 100_000);
    assert.match(r.data.at(-1).Account_Name, /^Acme 100000 /);
    assert.equal(r.info.more_records, true, '250 more exist');
    const past = await crm(fake, `${Q}&sort_order=asc&page_token=${r.info.next_page_token}`, token);
    assert.equal(past.status, 400);
    assert.deepEqual(past.body, { code: 'PAGINATION_LIMIT_EXCEEDED', details: { param_name: 'page_token' },
      message: 'You can only get upto 100000 records using page_token param', status: 'error' });
  });
