// Record writes (issue 14), as in Zoho's OpenAPI description of CRM v8 (github.com/zoho/crm-oas
// v8.0/record/operations/{createRecords,updateRecords,updateRecord,deleteRecords,deleteRecord} and their examples).
// The fake answers writes but does not store them (README).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm, crmCall } from '../testkit.mjs';

let fake;
let token;
let acc; // ids of the first three Accounts
before(async () => {
  fake = await start({ records: { Accounts: 5 } });
  ({ token } = await signIn(fake, { email: fake.users[1].email }));
  acc = (await crm(fake, 'Accounts?fields=Account_Name&sort_order=asc', token)).body.data.map((r) => r.id);
});
after(() => fake.close());

const me = () => ({ name: fake.users[1].full_name, id: fake.users[1].id });

test('POST /{module} with {data:[…]} answers 201 with Zoho\'s per-record "record added" and fresh ids', async () => {
  const r = await crmCall(fake, 'POST', 'Accounts', token,
    { body: { data: [{ Account_Name: 'New One' }, { Account_Name: 'New Two' }] } });
  assert.equal(r.status, 201);
  assert.equal(r.body.data.length, 2);
  for (const item of r.body.data) {
    assert.deepEqual(Object.keys(item), ['code', 'details', 'message', 'status']);
    assert.equal(item.code, 'SUCCESS');
    assert.equal(item.message, 'record added');
    assert.equal(item.status, 'success');
    assert.deepEqual(Object.keys(item.details),
      ['Modified_Time', 'Modified_By', 'Created_Time', 'id', 'Created_By', '$approval_state']);
    assert.deepEqual(item.details.Created_By, me());
    assert.deepEqual(item.details.Modified_By, me());
    assert.match(item.details.Created_Time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(item.details.$approval_state, 'approved');
    assert.ok(item.details.id.startsWith(fake.orgs[0].id.slice(0, 7)), 'an id of the org');
    assert.ok(!acc.includes(item.details.id));
  }
  const again = await crmCall(fake, 'POST', 'Accounts', token, { body: { data: [{ Account_Name: 'Three' }] } });
  const ids = [...r.body.data, ...again.body.data].map((i) => i.details.id);
  assert.equal(new Set(ids).size, 3, 'every created record gets its own id');
});

test('PUT /{module} answers per record in order: 200 all updated, 207 mixed, 400 none', async () => {
  const all = await crmCall(fake, 'PUT', 'Accounts', token, { body: { data: [{ id: acc[0], Phone: '1' }, { id: acc[1] }] } });
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.data.map((i) => [i.code, i.message, i.details.id]),
    [['SUCCESS', 'record updated', acc[0]], ['SUCCESS', 'record updated', acc[1]]]);

  const mixed = await crmCall(fake, 'PUT', 'Accounts', token,
    { body: { data: [{ id: acc[2] }, { Phone: '2' }, { id: '5725767101999999999' }] } });
  assert.equal(mixed.status, 207);
  assert.deepEqual(mixed.body.data.map((i) => [i.status, i.code]),
    [['success', 'SUCCESS'], ['error', 'MANDATORY_NOT_FOUND'], ['error', 'INVALID_DATA']]);
  assert.deepEqual(mixed.body.data[1].details, { api_name: 'id', json_path: '$.data[1].id' });

  const none = await crmCall(fake, 'PUT', 'Accounts', token, { body: { data: [{ Phone: '3' }] } });
  assert.equal(none.status, 400);
  assert.equal(none.body.data[0].code, 'MANDATORY_NOT_FOUND');
});

test('PUT /{module}/{id} updates one record; an unknown id is 400 INVALID_DATA "invalid record id"', async () => {
  const one = await crmCall(fake, 'PUT', `Accounts/${acc[0]}`, token, { body: { data: [{ Phone: '4' }] } });
  assert.equal(one.status, 200);
  assert.equal(one.body.data[0].details.id, acc[0]);
  const unknown = await crmCall(fake, 'PUT', 'Accounts/5725767101999999999', token, { body: { data: [{ Phone: '4' }] } });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body, { code: 'INVALID_DATA', details: { resource_path_index: 0 },
    message: 'invalid record id', status: 'error' });
});

test('DELETE /{module}?ids= answers per id; without ids 400 REQUIRED_PARAM_MISSING; DELETE /{module}/{id}', async () => {
  const ok = await crmCall(fake, 'DELETE', `Accounts?ids=${acc[0]},${acc[1]}`, token);
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, { data: [
    { code: 'SUCCESS', details: { id: acc[0] }, message: 'record deleted', status: 'success' },
    { code: 'SUCCESS', details: { id: acc[1] }, message: 'record deleted', status: 'success' }] });
  const mixed = await crmCall(fake, 'DELETE', `Accounts?ids=${acc[2]},4150868000005067099`, token);
  assert.equal(mixed.status, 207);
  assert.deepEqual(mixed.body.data[1], { code: 'INVALID_DATA', details: { id: '4150868000005067099' },
    message: 'record not deleted', status: 'error' });
  const missing = await crmCall(fake, 'DELETE', 'Accounts', token);
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body, { code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'ids' },
    message: 'One of the expected parameter is missing', status: 'error' });
  const single = await crmCall(fake, 'DELETE', `Accounts/${acc[2]}`, token);
  assert.equal(single.status, 200);
  assert.deepEqual(single.body.data[0].details, { id: acc[2] });
  assert.equal((await crmCall(fake, 'DELETE', 'Accounts/123', token)).status, 400);
});

test('more than 100 records in one write is 400 LIMIT_EXCEEDED; a body without data is 400', async () => {
  const many = await crmCall(fake, 'POST', 'Accounts', token,
    { body: { data: Array.from({ length: 101 }, (_, i) => ({ Account_Name: `A${i}` })) } });
  assert.equal(many.status, 400);
  assert.deepEqual(many.body, { data: [{ code: 'LIMIT_EXCEEDED', details: { maximum_length: 100, api_name: 'data' },
    message: 'count of records in your request exceeds the limit', status: 'error' }] });
  assert.equal((await crmCall(fake, 'DELETE', `Accounts?ids=${Array.from({ length: 101 }, (_, i) => i + 1)}`, token)).body.code,
    'LIMIT_EXCEEDED');
  for (const body of [{}, { data: [] }, { data: 'x' }, '{not json']) {
    const r = await crmCall(fake, 'POST', 'Accounts', token, { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.code, 'INVALID_DATA');
  }
});

test('writes need the operation\'s scope: ZohoCRM.modules.CREATE or the module\'s own; READ is not enough', async () => {
  const read = (await signIn(fake, { over: { scope: 'ZohoCRM.modules.accounts.READ' } })).token;
  for (const [method, path] of [['POST', 'Accounts'], ['PUT', 'Accounts'], ['DELETE', `Accounts?ids=${acc[0]}`]]) {
    const r = await crmCall(fake, method, path, read, { body: method === 'DELETE' ? undefined : { data: [{ id: acc[0] }] } });
    assert.equal(r.status, 401, method);
    assert.equal(r.body.code, 'OAUTH_SCOPE_MISMATCH');
  }
  const create = (await signIn(fake, { over: { scope: 'ZohoCRM.modules.CREATE' } })).token;
  assert.equal((await crmCall(fake, 'POST', 'Accounts', create, { body: { data: [{}] } })).status, 201);
  assert.equal((await crmCall(fake, 'PUT', 'Accounts', create, { body: { data: [{ id: acc[0] }] } })).status, 401);
  const del = (await signIn(fake, { over: { scope: 'ZohoCRM.modules.accounts.DELETE' } })).token;
  assert.equal((await crmCall(fake, 'DELETE', `Accounts?ids=${acc[0]}`, del)).status, 200);
  assert.equal((await crmCall(fake, 'DELETE', `Deals?ids=${acc[0]}`, del)).status, 401);
});

test('methods a path does not take answer 405 INVALID_REQUEST_METHOD', async () => {
  const bad = { code: 'INVALID_REQUEST_METHOD', details: {}, message: 'The http request method type is not a valid one',
    status: 'error' };
  for (const [method, path] of [['PATCH', 'Accounts'], ['POST', 'users'], ['DELETE', 'org'], ['GET', 'coql'],
    ['POST', `Accounts/${acc[0]}`], ['PUT', 'Accounts/search']]) {
    const r = await crmCall(fake, method, path, token, { body: method === 'GET' || method === 'DELETE' ? undefined : { data: [{}] } });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.deepEqual(r.body, bad);
  }
});

test('writes are answered, not stored: reads are unchanged', async () => {
  const before = await crm(fake, 'Accounts?fields=Account_Name', token);
  await crmCall(fake, 'DELETE', `Accounts?ids=${acc[0]}`, token);
  const created = await crmCall(fake, 'POST', 'Accounts', token, { body: { data: [{ Account_Name: 'Kept?' }] } });
  assert.deepEqual((await crm(fake, 'Accounts?fields=Account_Name', token)).body.data, before.body.data);
  assert.equal((await crm(fake, `Accounts/${created.body.data[0].details.id}`, token)).status, 204);
});
