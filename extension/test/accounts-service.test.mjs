// The accounts loader driven with a fake session and a fake Zoho CRM (fetch): what it forgets, what an empty module
// is, what a source change does, and what a 401 leads to.
import test from 'node:test';
import assert from 'node:assert/strict';
import { AccountsService } from '../bg/accounts-service.js';

const ACCOUNTS = { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name'] };

function fakeSession(source = ACCOUNTS) {
  return {
    settings: { clientId: '1000.T', crmVersion: '8', accountSource: source },
    state: { token: { stored_at: 1 } },
    rejected: 0,
    renews: true,
    scope: () => ({ client_id: '1000.T', dc: 'us' }),
    accountScope: () => ({ client_id: '1000.T', dc: 'us' }),
    token: async () => ({ access_token: 'tok', endpoints: { api: 'https://www.zohoapis.com' } }),
    async apiRejected() {
      this.rejected++;
      return this.renews;
    },
    setUser() {},
  };
}

// Zoho CRM as a queue of answers: each request takes the next one (status, body); every URL asked is recorded.
function fakeZoho(...answers) {
  const asked = [];
  const fetch = async (url) => {
    asked.push(String(url));
    const [status, body] = answers.length > 1 ? answers.shift() : answers[0];
    return new Response(status === 204 ? null : JSON.stringify(body), { status });
  };
  return { fetch, asked };
}

const records = (...names) => [200, { data: names.map((n, i) => ({ id: String(i + 1), Account_Name: n })), info: { more_records: false } }];
const users = (...names) => [200, { users: names.map((n, i) => ({ id: `u${i}`, full_name: n, email: `${n}@x.test` })), info: { more_records: false } }];

test('a failed load is forgotten when the person signs in again', async () => {
  const session = fakeSession();
  const zoho = fakeZoho([500, { code: 'INTERNAL_ERROR', message: 'oops' }], records('Acme', 'Zylker'));
  const accounts = new AccountsService(session, zoho);
  await accounts.load(() => {});
  assert.ok(accounts.progress.error);
  session.state.token = { stored_at: 2 }; // a new sign-in
  await accounts.load(() => {});
  assert.equal(accounts.progress.error, null);
  assert.equal(accounts.progress.count, 2);
});

test('an empty module (Zoho answers 204) is a loaded, empty list', async () => {
  const accounts = new AccountsService(fakeSession(), fakeZoho([204]));
  await accounts.load(() => {});
  assert.deepEqual({ loaded: accounts.progress.loaded, count: accounts.progress.count, error: accounts.progress.error },
    { loaded: true, count: 0, error: null });
  assert.deepEqual(accounts.search('', []), []);
});

test('another source empties the list and loads afresh, under a new generation', async () => {
  const session = fakeSession();
  const zoho = fakeZoho(records('Acme'), users('Ann'));
  const accounts = new AccountsService(session, zoho);
  await accounts.load(() => {});
  const first = accounts.progress.generation;
  session.settings.accountSource = { type: 'users' };
  await accounts.load(() => {});
  assert.notEqual(accounts.progress.generation, first);
  assert.deepEqual(accounts.search('', []).map((a) => a.name), ['Ann'], 'the previous source\'s accounts stayed');
  assert.match(zoho.asked.at(-1), /\/crm\/v8\/users\?/);
});

test('a reset (sign-out, settings change) empties the list and asks pages to load again', async () => {
  const accounts = new AccountsService(fakeSession(), fakeZoho(records('Acme')));
  await accounts.load(() => {});
  const generation = accounts.progress.generation;
  accounts.reset();
  assert.equal(accounts.search('', []).length, 0);
  assert.ok(accounts.progress.generation > generation);
  assert.equal(accounts.progress.loaded, false);
});

test('a 401 asks the session to renew once, then loads with the renewed token', async () => {
  const session = fakeSession();
  const zoho = fakeZoho([401, { code: 'INVALID_TOKEN', message: 'invalid oauth token', status: 'error', details: {} }], records('Acme'));
  const accounts = new AccountsService(session, zoho);
  await accounts.load(() => {});
  assert.equal(session.rejected, 1);
  assert.equal(accounts.progress.count, 1);
});

test('a 401 the session cannot renew ends the load with Zoho\'s sentence, and no second try', async () => {
  const session = fakeSession();
  session.renews = false;
  const zoho = fakeZoho([401, { code: 'INVALID_TOKEN', message: 'invalid oauth token', status: 'error', details: {} }]);
  const accounts = new AccountsService(session, zoho);
  await accounts.load(() => {});
  assert.equal(session.rejected, 1);
  assert.equal(zoho.asked.length, 1);
  assert.match(accounts.progress.error, /no longer accepts/);
});
