import test from 'node:test';
import assert from 'node:assert/strict';
import { checkCrmRequest, pathTemplate, safeResponseHeaders } from '../lib/crm-request.js';

const API = 'https://www.zohoapis.com';
const check = (request) => checkCrmRequest(request, API);

test('a CRM path becomes a call on the token\'s API server, its query merged with params (params win)', () => {
  const c = check({ method: 'get', path: '/crm/v8/Accounts?fields=Account_Name&page=1', params: { page: 2, per_page: 20, x: null } });
  assert.equal(c.ok, true);
  assert.equal(c.method, 'GET');
  assert.equal(c.module, 'Accounts');
  assert.equal(c.url.href, `${API}/crm/v8/Accounts?fields=Account_Name&page=2&per_page=20`);
  assert.equal(c.body, undefined);
});

test('absolute URLs, other hosts and protocol-relative paths are refused', () => {
  for (const path of ['https://evil.example/crm/v8/Accounts', '//evil.example/crm/v8/Accounts', 'javascript:alert(1)',
    'crm/v8/Accounts', 'HTTPS://www.zohoapis.com/crm/v8/Accounts']) {
    const c = check({ method: 'GET', path });
    assert.deepEqual([c.ok, c.code], [false, 'BAD_REQUEST'], path);
    assert.match(c.message, /not a full address|Only Zoho CRM/, path);
  }
});

test('paths outside /crm/ (Zoho\'s OAuth endpoints among them) are refused', () => {
  for (const path of ['/oauth/v2/token', '/oauth/v2/auth/refresh', '/crm', '/crm/', '/bigin/v2/Accounts', '/CRM/v8/Accounts']) {
    assert.match(check({ method: 'GET', path }).message, /Only Zoho CRM API paths|version/, path);
  }
});

test('a path must name a CRM API version Zoho serves', () => {
  assert.equal(check({ method: 'GET', path: '/crm/v2.1/users' }).ok, true);
  for (const path of ['/crm/v9/users', '/crm/8/users', '/crm/v/users', '/crm/v8']) assert.equal(check({ method: 'GET', path }).ok, false, path);
});

test('dot segments, encoded characters, empty parts and fragments cannot steer the path', () => {
  for (const path of ['/crm/v8/../../oauth/v2/token', '/crm/v8/./Accounts', '/crm/v8/%2e%2e/oauth', '/crm/v8/Accounts%2F..',
    '/crm/v8//Accounts', '/crm/v8/Accounts/', '/crm/v8/Accounts#x', '/crm/v8/Acc\\ounts', '/crm/v8/Accounts@evil.example']) {
    assert.equal(check({ method: 'GET', path }).ok, false, path);
  }
});

test('only GET, POST, PUT, PATCH and DELETE', () => {
  for (const method of ['HEAD', 'OPTIONS', 'TRACE', 'CONNECT', '', undefined, 5]) {
    assert.match(check({ method, path: '/crm/v8/Accounts' }).message, /method/, String(method));
  }
});

test('a page cannot set Authorization or any header but If-Modified-Since', () => {
  const ok = check({ method: 'GET', path: '/crm/v8/Accounts', headers: { 'if-modified-since': '2026-11-01T00:00:00+00:00' } });
  assert.deepEqual(ok.headers, { 'If-Modified-Since': '2026-11-01T00:00:00+00:00' });
  for (const h of ['Authorization', 'Cookie', 'X-CRM-ORG', 'Host', 'Origin']) {
    assert.match(check({ method: 'GET', path: '/crm/v8/Accounts', headers: { [h]: 'x' } }).message, /can set only If-Modified-Since/, h);
  }
  assert.equal(check({ method: 'GET', path: '/crm/v8/Accounts', headers: { 'If-Modified-Since': 'a\r\nAuthorization: x' } }).ok, false);
});

test('a JSON body only with POST, PUT or PATCH, at most 1 MiB', () => {
  const post = check({ method: 'POST', path: '/crm/v8/Contacts', body: { data: [{ Last_Name: 'Lee' }] } });
  assert.equal(post.body, '{"data":[{"Last_Name":"Lee"}]}');
  assert.equal(post.headers['Content-Type'], 'application/json');
  assert.match(check({ method: 'GET', path: '/crm/v8/Contacts', body: {} }).message, /no body/);
  assert.match(check({ method: 'POST', path: '/crm/v8/Contacts', body: 'text' }).message, /JSON object/);
  assert.match(check({ method: 'POST', path: '/crm/v8/Contacts', body: { x: 'a'.repeat(1024 * 1024) } }).message, /1 MiB/);
});

test('params are names with string, number or boolean values', () => {
  assert.match(check({ method: 'GET', path: '/crm/v8/Accounts', params: { fields: ['a'] } }).message, /string, number or boolean/);
  assert.match(check({ method: 'GET', path: '/crm/v8/Accounts', params: 'fields=a' }).message, /params is an object/);
});

test('the log\'s template has no query and an {id} for each record ID', () => {
  assert.equal(pathTemplate('/crm/v8/Accounts/4150868000000225013/Contacts?fields=Email'), '/crm/v8/Accounts/{id}/Contacts');
  assert.equal(pathTemplate('/crm/v8/users?type=CurrentUser'), '/crm/v8/users');
  assert.equal(pathTemplate('/crm/v2.1/Accounts/search'), '/crm/v2.1/Accounts/search');
  assert.equal(pathTemplate('/oauth/v2/token'), null);
  assert.equal(check({ method: 'DELETE', path: '/crm/v8/Accounts/123', headers: { Authorization: 'x' } }).template, '/crm/v8/Accounts/{id}');
});

test('a page sees only the answer headers that describe the body and Zoho\'s limits', () => {
  const headers = new Headers({ 'Content-Type': 'application/json', 'Set-Cookie': 'a=b', 'X-RATELIMIT-REMAINING': '9', Server: 'ZGS' });
  assert.deepEqual(safeResponseHeaders(headers), { 'content-type': 'application/json', 'x-ratelimit-remaining': '9' });
});
