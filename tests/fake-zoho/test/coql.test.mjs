// POST /crm/v{n}/coql, the minimal subset the fake takes (issue 14). Bodies from Zoho's OpenAPI description of
// CRM v8: github.com/zoho/crm-oas v8.0/coql/operations/executeCOQLQuery (operation.md, examples) and v8.0/coql.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crmCall, SCOPE } from '../testkit.mjs';
import { parseCoql } from '../coql.mjs';

let fake;
let token;
before(async () => {
  fake = await start({ records: { Accounts: 30 } });
  ({ token } = await signIn(fake, { over: { scope: `${SCOPE},ZohoCRM.coql.READ` } }));
});
after(() => fake.close());

const coql = (q, t = token) => crmCall(fake, 'POST', 'coql', t, { body: { select_query: q } });
const NOT_SUPPORTED = { code: 'SYNTAX_ERROR', details: {}, message: 'given coql query not supported', status: 'error' };

test('select fields from a module with limit: only the selected fields, info {count, more_records}', async () => {
  const r = await coql('select Account_Name from Accounts limit 10');
  assert.equal(r.status, 200);
  assert.equal(r.body.data.length, 10);
  assert.deepEqual(r.body.data[0], { Account_Name: 'Acme 0001 Holdings' });
  assert.deepEqual(r.body.info, { count: 10, more_records: true });
  const two = await coql('SELECT Account_Name, Billing_City, id FROM Accounts LIMIT 5 OFFSET 28;');
  assert.deepEqual(two.body.info, { count: 2, more_records: false });
  assert.deepEqual(Object.keys(two.body.data[0]), ['Account_Name', 'Billing_City', 'id']);
  assert.equal(two.body.data[1].Account_Name, 'Acme 0030 Logistics');
  const all = await coql('select Account_Name from Accounts');
  assert.equal(all.body.data.length, 30, 'default limit 200');
  assert.equal((await crmCall(fake, 'POST', 'coql', token, { version: 2,
    body: { select_query: 'select Account_Name from Accounts limit 1' } })).status, 200);
});

test('no rows is 204; an unknown module or field is Zoho\'s 400', async () => {
  const empty = await coql('select Deal_Name from Deals limit 10');
  assert.equal(empty.status, 204);
  assert.equal(empty.text, '');
  assert.equal((await coql('select Account_Name from Accounts limit 10 offset 30')).status, 204);
  assert.deepEqual((await coql('select Name from Widgets limit 1')).body,
    { code: 'INVALID_MODULE', details: {}, message: 'the given module is not supported in api', status: 'error' });
  const col = await coql('select Nope from Accounts limit 1');
  assert.equal(col.status, 400);
  assert.deepEqual(col.body, { code: 'INVALID_QUERY', details: { column_name: 'Nope' },
    message: 'column given seems to be invalid', status: 'error' });
});

test('a limit outside 1..2000 is INVALID_QUERY "limit given seems to be invalid"', async () => {
  for (const l of ['0', '2001', 's']) {
    const r = await coql(`select Account_Name from Accounts limit ${l}`);
    assert.equal(r.status, 400, l);
    assert.deepEqual(r.body, { code: 'INVALID_QUERY', details: { limit: l }, message: 'limit given seems to be invalid',
      status: 'error' });
  }
  assert.equal((await coql('select Account_Name from Accounts limit 2000')).status, 200);
});

test('anything else is SYNTAX_ERROR "given coql query not supported"', async () => {
  for (const q of ["select Account_Name from Accounts where Account_Name = 'x'", 'select Account_Name from Accounts order by id',
    'select count(id) from Accounts', 'select from Accounts', 'delete from Accounts', '', 'select * from Accounts']) {
    const r = await coql(q);
    assert.equal(r.status, 400, q);
    assert.deepEqual(r.body, NOT_SUPPORTED, q);
  }
  for (const body of [{}, { select_query: 5 }, '{oops']) {
    const r = await crmCall(fake, 'POST', 'coql', token, { body });
    assert.deepEqual(r.body, NOT_SUPPORTED, JSON.stringify(body));
  }
  assert.deepEqual(parseCoql('select a, b from M limit 3 offset 4'), { fields: ['a', 'b'], module: 'M', limit: 3, offset: 4 });
});

test('COQL needs ZohoCRM.coql.READ and the module\'s read scope', async () => {
  const noCoql = (await signIn(fake)).token; // testkit SCOPE: modules.ALL, no coql
  const r = await coql('select Account_Name from Accounts limit 1', noCoql);
  assert.equal(r.status, 401);
  assert.equal(r.body.code, 'OAUTH_SCOPE_MISMATCH');
  const coqlOnly = (await signIn(fake, { over: { scope: 'ZohoCRM.coql.READ,ZohoCRM.modules.deals.READ' } })).token;
  assert.equal((await coql('select Account_Name from Accounts limit 1', coqlOnly)).status, 401);
  assert.equal((await coql('select Deal_Name from Deals limit 1', coqlOnly)).status, 204);
});
