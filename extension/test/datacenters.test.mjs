import test from 'node:test';
import assert from 'node:assert/strict';
import {
  DATACENTERS, DC_CODES, apiDomainProblem, isDataCenter, resolveEndpoints, zohoApiOrigin,
} from '../lib/datacenters.js';

test('DATACENTERS lists the ten Zoho data centres (UAE included) with their accounts and API servers', () => {
  const servers = Object.fromEntries(Object.values(DATACENTERS).map((d) => [d.code, [d.accounts, d.api]]));
  assert.deepEqual(servers, {
    us: ['https://accounts.zoho.com', 'https://www.zohoapis.com'],
    eu: ['https://accounts.zoho.eu', 'https://www.zohoapis.eu'],
    in: ['https://accounts.zoho.in', 'https://www.zohoapis.in'],
    au: ['https://accounts.zoho.com.au', 'https://www.zohoapis.com.au'],
    jp: ['https://accounts.zoho.jp', 'https://www.zohoapis.jp'],
    ca: ['https://accounts.zohocloud.ca', 'https://www.zohoapis.ca'],
    sa: ['https://accounts.zoho.sa', 'https://www.zohoapis.sa'],
    uk: ['https://accounts.zoho.uk', 'https://www.zohoapis.uk'],
    cn: ['https://accounts.zoho.com.cn', 'https://www.zohoapis.com.cn'],
    ae: ['https://accounts.zoho.ae', 'https://www.zohoapis.ae'],
  });
});

test('every data centre is keyed by its own code and has a label', () => {
  for (const [key, dc] of Object.entries(DATACENTERS)) {
    assert.equal(dc.code, key);
    assert.ok(typeof dc.label === 'string' && dc.label.length > 0);
  }
  assert.deepEqual([...DC_CODES], ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'uk', 'cn', 'ae']);
});

test('the data-centre table cannot be modified', () => {
  assert.ok(Object.isFrozen(DATACENTERS));
  assert.ok(Object.isFrozen(DATACENTERS.us));
  assert.throws(() => { DATACENTERS.us.api = 'https://evil.example'; }, TypeError);
});

test('isDataCenter accepts exactly the ten lower-case codes', () => {
  for (const code of DC_CODES) assert.equal(isDataCenter(code), true);
  for (const bad of ['US', 'xx', '', ' us', null, undefined, 1, 'toString', '__proto__', 'constructor']) {
    assert.equal(isDataCenter(bad), false, String(bad));
  }
});

test('resolveEndpoints uses settings.dc when there is no token', () => {
  assert.deepEqual(resolveEndpoints({ dc: 'jp' }), {
    dc: 'jp', accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp',
  });
});

test('resolveEndpoints falls back to us for a missing or unknown settings.dc', () => {
  assert.equal(resolveEndpoints({}).dc, 'us');
  assert.equal(resolveEndpoints({ dc: 'mars' }).accounts, 'https://accounts.zoho.com');
  assert.equal(resolveEndpoints(undefined).api, 'https://www.zohoapis.com');
});

test("resolveEndpoints lets the token's location win over settings.dc", () => {
  assert.deepEqual(resolveEndpoints({ dc: 'us' }, { location: 'eu' }), {
    dc: 'eu', accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu',
  });
  assert.equal(resolveEndpoints({ dc: 'us' }, { location: 'CA' }).accounts, 'https://accounts.zohocloud.ca');
});

test("resolveEndpoints reads the dc of the native host's token.get answer", () => {
  assert.equal(resolveEndpoints({ dc: 'us' }, { dc: 'sa', api_domain: 'https://www.zohoapis.sa' }).accounts, 'https://accounts.zoho.sa');
  assert.equal(resolveEndpoints({ dc: 'us' }, { location: 'jp', dc: 'sa' }).dc, 'jp');
});

test('resolveEndpoints ignores an unknown token location', () => {
  assert.equal(resolveEndpoints({ dc: 'in' }, { location: 'mars' }).dc, 'in');
});

test("resolveEndpoints uses the token's api_domain only when it is one of its data centre's API servers", () => {
  const r = resolveEndpoints({ dc: 'us' }, { location: 'eu', api_domain: 'https://sandbox.zohoapis.eu' });
  assert.deepEqual(r, { dc: 'eu', accounts: 'https://accounts.zoho.eu', api: 'https://sandbox.zohoapis.eu' });
  assert.equal(resolveEndpoints({}, { api_domain: 'https://sandbox.zohoapis.com/' }).api, 'https://sandbox.zohoapis.com');
  const steered = resolveEndpoints({ dc: 'us' }, { location: 'us', api_domain: 'https://www.zohoapis.eu' });
  assert.equal(steered.api, 'https://www.zohoapis.com', 'an api_domain of another data centre steered the token');
});

test('apiDomainProblem accepts the www, sandbox and developer API hosts of the data centre, or its override', () => {
  assert.equal(apiDomainProblem('ae', 'https://www.zohoapis.ae'), null);
  assert.equal(apiDomainProblem('eu', 'https://developer.zohoapis.eu/'), null);
  assert.match(apiDomainProblem('eu', 'https://www.zohoapis.com'), /not data centre eu's/);
  assert.match(apiDomainProblem('us', 'https://evil.example.net'), /not data centre us's/);
  const s = { dcOverrides: { eu: { accounts: 'http://127.0.0.1:9002', api: 'http://127.0.0.1:9002' } } };
  assert.equal(apiDomainProblem('eu', 'http://127.0.0.1:9002', s), null);
  assert.match(apiDomainProblem('eu', 'https://www.zohoapis.eu', s), /not data centre eu's/, 'an override replaces Zoho');
});

test('per-data-centre overrides win over the one for all, which wins over Zoho', () => {
  const s = { baseUrlOverride: { accounts: 'http://127.0.0.1:9000', api: 'http://127.0.0.1:9000' },
    dcOverrides: { eu: { accounts: 'http://127.0.0.1:9002', api: 'http://127.0.0.1:9003' } } };
  assert.deepEqual(resolveEndpoints(s, { location: 'eu' }), { dc: 'eu', accounts: 'http://127.0.0.1:9002', api: 'http://127.0.0.1:9003' });
  assert.equal(resolveEndpoints(s, { location: 'in' }).accounts, 'http://127.0.0.1:9000');
  assert.equal(resolveEndpoints({ dcOverrides: s.dcOverrides }, { location: 'in' }).accounts, 'https://accounts.zoho.in');
});

test("the host's list of data-centre codes is this table's (one table for both)", async () => {
  const { readFile } = await import('node:fs/promises');
  const cpp = await readFile(new URL('../../host/protocol/messages.cpp', import.meta.url), 'utf8');
  const list = /kCodes = \{([^}]*)\}/.exec(cpp)[1].match(/"([a-z]+)"/g).map((q) => q.slice(1, -1));
  assert.deepEqual(list, [...DC_CODES]);
});

test('resolveEndpoints ignores an api_domain that is not an https Zoho API domain', () => {
  for (const bad of ['https://evil.example', 'http://www.zohoapis.com', 'https://www.zohoapis.com.evil.example',
    'https://notzohoapis.com', 'https://www.zohoapis.com/crm', 'https://u@www.zohoapis.com', 'nonsense', 42]) {
    assert.equal(resolveEndpoints({ dc: 'au' }, { api_domain: bad }).api, 'https://www.zohoapis.com.au', String(bad));
  }
});

test('resolveEndpoints lets baseUrlOverride win over the token and settings.dc', () => {
  const settings = { dc: 'eu', baseUrlOverride: { accounts: 'http://127.0.0.1:8080/', api: 'https://proxy.example' } };
  assert.deepEqual(resolveEndpoints(settings, { location: 'in', api_domain: 'https://www.zohoapis.in' }), {
    dc: 'in', accounts: 'http://127.0.0.1:8080', api: 'https://proxy.example',
  });
});

test('resolveEndpoints ignores empty overrides', () => {
  const r = resolveEndpoints({ dc: 'uk', baseUrlOverride: { accounts: '', api: '' } });
  assert.deepEqual(r, { dc: 'uk', accounts: 'https://accounts.zoho.uk', api: 'https://www.zohoapis.uk' });
});

test('zohoApiOrigin returns the origin of a Zoho API domain and null otherwise', () => {
  assert.equal(zohoApiOrigin('https://www.zohoapis.com.cn'), 'https://www.zohoapis.com.cn');
  assert.equal(zohoApiOrigin('https://www.zohoapis.com?x=1'), null);
  assert.equal(zohoApiOrigin(''), null);
});
