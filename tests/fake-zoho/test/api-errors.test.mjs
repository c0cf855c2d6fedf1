// Empty answers and 401 bodies (issue 12, item 5.5). Sources: zoho.md "CRM API" (401 INVALID_TOKEN body,
// OAUTH_SCOPE_MISMATCH) and "Corrections" ("Empty result: 204 with no body"); Zoho's v8 OAS getRecords
// (github.com/zoho/crm-oas v8.0/record/operations/getRecords: 204, response-401-scopemismatch,
// response-400-invaliddata for INVALID_MODULE).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm } from '../testkit.mjs';

let fake;
let token;
before(async () => {
  fake = await start({ records: { Accounts: 3 } });
  ({ token } = await signIn(fake, { over: { scope: 'ZohoCRM.modules.accounts.READ,ZohoCRM.modules.contacts.READ' } }));
});
after(() => fake.close());

test('an empty module answers 204 with no body and no content type', async () => {
  const r = await crm(fake, 'Contacts?fields=Last_Name', token);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal(r.headers.get('content-type'), null);
});

test('a missing, unknown or malformed token answers 401 with Zoho\'s exact INVALID_TOKEN body', async () => {
  const body = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
  for (const t of [null, '1000.nope']) {
    const r = await crm(fake, 'Accounts?fields=Account_Name', t);
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, body);
  }
  const bearer = await crm(fake, 'org', token, { headers: { Authorization: `Bearer ${token}` } });
  assert.deepEqual(bearer.body, body, 'only "Zoho-oauthtoken" is accepted');
});

test('a scope the token lacks answers 401 OAUTH_SCOPE_MISMATCH', async () => {
  assert.equal((await crm(fake, 'Accounts?fields=Account_Name', token)).status, 200);
  for (const path of ['Deals?fields=Deal_Name', 'users?type=CurrentUser', 'org']) {
    const r = await crm(fake, path, token);
    assert.equal(r.status, 401, path);
    assert.deepEqual(r.body, { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'Unauthorized', status: 'error' });
  }
});

test('an unknown module answers 400 INVALID_MODULE with the module\'s place in the path', async () => {
  const r = await crm(fake, 'Widgets?fields=Name', token);
  assert.equal(r.status, 400);
  assert.deepEqual(r.body, { code: 'INVALID_MODULE', details: { resource_path_index: 0 },
    message: 'the module name given seems to be invalid', status: 'error' });
});
