import test from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthUrl, newState } from '../lib/auth-url.js';

const base = {
  accounts: 'https://accounts.zoho.eu',
  clientId: '1000.ABC',
  scopes: ['ZohoCRM.users.READ', 'ZohoCRM.org.READ'],
  redirectUri: 'https://abcdef.chromiumapp.org/',
  state: 'St4te_-x',
};

test('buildAuthUrl builds the implicit-grant sign-in URL', () => {
  assert.equal(buildAuthUrl(base),
    'https://accounts.zoho.eu/oauth/v2/auth?response_type=token&client_id=1000.ABC'
    + '&scope=ZohoCRM.users.READ,ZohoCRM.org.READ&redirect_uri=https%3A%2F%2Fabcdef.chromiumapp.org%2F&state=St4te_-x');
});

test('buildAuthUrl uses /oauth/v2/auth/refresh for a silent refresh', () => {
  const u = new URL(buildAuthUrl({ ...base, refresh: true }));
  assert.equal(u.origin + u.pathname, 'https://accounts.zoho.eu/oauth/v2/auth/refresh');
  assert.equal(u.searchParams.get('response_type'), 'token');
});

test('buildAuthUrl never sends access_type', () => {
  for (const refresh of [false, true]) {
    assert.equal(new URL(buildAuthUrl({ ...base, refresh, access_type: 'offline' })).searchParams.has('access_type'), false);
  }
});

test('buildAuthUrl adds prompt only when given', () => {
  assert.equal(new URL(buildAuthUrl({ ...base, prompt: 'consent' })).searchParams.get('prompt'), 'consent');
  assert.equal(new URL(buildAuthUrl(base)).searchParams.has('prompt'), false);
  assert.equal(new URL(buildAuthUrl({ ...base, prompt: '' })).searchParams.has('prompt'), false);
});

test('buildAuthUrl encodes values so they come back unchanged', () => {
  const u = new URL(buildAuthUrl({ ...base, accounts: 'http://127.0.0.1:9/', redirectUri: 'https://app.example.com/cb?a=1&b=2', state: 'a b&c=d' }));
  assert.equal(u.origin, 'http://127.0.0.1:9');
  assert.equal(u.pathname, '/oauth/v2/auth');
  assert.equal(u.searchParams.get('redirect_uri'), 'https://app.example.com/cb?a=1&b=2');
  assert.equal(u.searchParams.get('state'), 'a b&c=d');
  assert.equal(u.searchParams.get('scope'), 'ZohoCRM.users.READ,ZohoCRM.org.READ');
});

test('buildAuthUrl throws on a missing required field or empty scopes', () => {
  for (const key of ['accounts', 'clientId', 'redirectUri', 'state']) {
    assert.throws(() => buildAuthUrl({ ...base, [key]: '' }), TypeError, key);
  }
  assert.throws(() => buildAuthUrl({ ...base, scopes: [] }), TypeError);
  assert.throws(() => buildAuthUrl({ ...base, scopes: 'ZohoCRM.users.READ' }), TypeError);
  assert.throws(() => buildAuthUrl(), TypeError);
});

test('newState encodes the given bytes as unpadded base64url', () => {
  for (const n of [16, 17, 18, 32, 33]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 251) & 255);
    assert.equal(newState(bytes), Buffer.from(bytes).toString('base64url'), `${n} bytes`);
  }
  assert.equal(newState(new Uint8Array(16).fill(255)), '_____________________w');
});

test('newState is deterministic and URL-safe', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 8);
  assert.equal(newState(bytes), newState([...bytes]));
  assert.match(newState(bytes), /^[A-Za-z0-9_-]{43}$/);
});

test('newState refuses fewer than 16 bytes or values that are not bytes', () => {
  assert.throws(() => newState(new Uint8Array(15)), TypeError);
  assert.throws(() => newState(undefined), TypeError);
  assert.throws(() => newState([...new Array(16).fill(0), 256]), TypeError);
  assert.throws(() => newState(new Array(16).fill(0.5)), TypeError);
});
