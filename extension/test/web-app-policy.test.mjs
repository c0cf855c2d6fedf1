import test from 'node:test';
import assert from 'node:assert/strict';
import { allowsCrmCall, validateWebApps, webAppFromLine, webAppPolicy, webAppToLine } from '../lib/web-app-policy.js';

const apps = (raw) => {
  const errors = {};
  return { list: validateWebApps(raw, errors), errors };
};
const settings = {
  webApps: apps([
    { origin: 'https://app.example.com' },
    { origin: 'https://tools.example.com', level: 'token' },
    { origin: 'https://crm.example.com', level: 'crm', modules: [{ name: 'Accounts' }, { name: 'Contacts', methods: ['POST', 'put'] }, { name: 'coql' }] },
  ]).list,
};

test('an origin listed without a level reads the chosen account only', () => {
  const p = webAppPolicy(settings, 'https://app.example.com');
  assert.deepEqual([p.allowed, p.level, p.canReadToken, p.canCallCrm, p.canSignIn], [true, 'account', false, false, false]);
  assert.equal(allowsCrmCall(p, 'GET', 'Accounts').ok, false);
  assert.match(allowsCrmCall(p, 'GET', 'Accounts').message, /account only/);
});

test('older settings keep their meaning: canReadToken true is the token level, else account', () => {
  const { list } = apps([{ origin: 'https://a.example', canReadToken: true }, { origin: 'https://b.example', canReadToken: 'yes' }]);
  assert.deepEqual(list.map((a) => a.level), ['token', 'account']);
});

test('the token level may read the token, start a sign-in and call any module with any method', () => {
  const p = webAppPolicy(settings, 'HTTPS://Tools.Example.com:443');
  assert.deepEqual([p.level, p.canReadToken, p.canSignIn], ['token', true, true]);
  assert.equal(allowsCrmCall(p, 'DELETE', 'Deals').ok, true);
});

test('the CRM-calls level allows GET on listed modules only, without case', () => {
  const p = webAppPolicy(settings, 'https://crm.example.com');
  assert.deepEqual([p.level, p.canReadToken, p.canCallCrm, p.canSignIn], ['crm', false, true, true]);
  assert.equal(allowsCrmCall(p, 'GET', 'Accounts').ok, true);
  assert.equal(allowsCrmCall(p, 'GET', 'accounts').ok, true);
  assert.match(allowsCrmCall(p, 'GET', 'Deals').message, /only these Zoho CRM modules: Accounts, Contacts, coql/);
  assert.match(allowsCrmCall(p, 'DELETE', 'Accounts').message, /In Accounts this site may only GET/);
});

test('write methods are allowed per module only where listed', () => {
  const p = webAppPolicy(settings, 'https://crm.example.com');
  assert.equal(allowsCrmCall(p, 'POST', 'Contacts').ok, true);
  assert.equal(allowsCrmCall(p, 'PUT', 'Contacts').ok, true);
  assert.equal(allowsCrmCall(p, 'DELETE', 'Contacts').ok, false);
  assert.equal(allowsCrmCall(p, 'POST', 'Accounts').ok, false);
});

test('a COQL query (a POST that reads) needs only coql listed', () => {
  const p = webAppPolicy(settings, 'https://crm.example.com');
  assert.equal(allowsCrmCall(p, 'POST', 'coql').ok, true);
  assert.equal(allowsCrmCall(webAppPolicy({ webApps: apps([{ origin: 'https://x.example', level: 'crm', modules: ['Accounts'] }]).list }, 'https://x.example'), 'POST', 'coql').ok, false);
});

test('unlisted, invalid and look-alike origins get nothing', () => {
  for (const o of ['https://evil.example', 'http://app.example.com', 'https://app.example.com:444', 'https://app.example.com.evil.example',
    'https://app.example.com/path', 'not an origin', undefined, 'null']) {
    const p = webAppPolicy(settings, o);
    assert.deepEqual([p.allowed, p.canReadToken, p.canCallCrm, p.canSignIn], [false, false, false, false], String(o));
  }
  for (const s of [{}, null, { webApps: 'https://app.example.com' }, { webApps: [null, 5] }]) {
    assert.equal(webAppPolicy(s, 'https://app.example.com').allowed, false);
  }
});

test('validation names the entry and the field that is wrong', () => {
  const { errors, list } = apps([
    { origin: 'https://a.example', level: 'admin' },
    { origin: 'https://b.example', level: 'crm', modules: [] },
    { origin: 'https://c.example', level: 'crm', modules: [{ name: 'Acc/ounts' }, { name: 'Deals', methods: ['TRACE'] }] },
    { origin: 'https://A.example/' },
  ]);
  assert.match(errors['webApps.0.level'], /account, crm, token/);
  assert.match(errors['webApps.1.modules'], /at least one module/);
  assert.match(errors['webApps.2.modules.0'], /not a Zoho CRM module/);
  assert.match(errors['webApps.2.modules.1'], /TRACE is not a method/);
  assert.equal(errors['webApps.3.origin'], undefined, 'the first entry with that origin was refused, so this one is the only one');
  assert.deepEqual(list.map((a) => a.origin), ['https://a.example']);
});

test('options lines round-trip through the three levels, write as a shorthand', () => {
  const lines = ['https://a.example', 'https://b.example token', 'https://c.example crm Accounts Contacts:write Deals:POST users'];
  const { list, errors } = apps(lines.map(webAppFromLine));
  assert.deepEqual(errors, {});
  assert.deepEqual(list[2].modules, [{ name: 'Accounts', methods: ['GET'] }, { name: 'Contacts', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    { name: 'Deals', methods: ['GET', 'POST'] }, { name: 'users', methods: ['GET'] }]);
  assert.deepEqual(list.map(webAppToLine), lines);
});
