import test from 'node:test';
import assert from 'node:assert/strict';
import { validateOrigin, validateRedirectCapture, isLoopbackHost } from '../lib/origins.js';

const ok = (s) => validateOrigin(s).origin;
const err = (s) => validateOrigin(s).error;

test('validateOrigin accepts an https origin', () => {
  assert.deepEqual(validateOrigin('https://app.example.com'), { ok: true, origin: 'https://app.example.com', error: null });
});

test('validateOrigin normalizes case, default port, trailing slash and surrounding space', () => {
  assert.equal(ok('  HTTPS://App.Example.COM:443/ '), 'https://app.example.com');
  assert.equal(ok('https://app.example.com:8443'), 'https://app.example.com:8443');
  assert.equal(ok('http://localhost:80'), 'http://localhost');
});

test('validateOrigin turns international domain names into punycode', () => {
  assert.equal(ok('https://bücher.example'), 'https://xn--bcher-kva.example');
});

test('validateOrigin allows http only for localhost, 127.0.0.1 and [::1]', () => {
  assert.equal(ok('http://localhost:3000'), 'http://localhost:3000');
  assert.equal(ok('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  assert.equal(ok('http://[::1]:5173'), 'http://[::1]:5173');
  assert.match(err('http://app.example.com'), /https/);
  assert.match(err('http://192.168.1.2'), /https/);
});

test('validateOrigin refuses other schemes and text without a scheme', () => {
  for (const s of ['ftp://app.example.com', 'chrome-extension://abcdef', 'file:///etc', 'javascript:alert(1)',
    'app.example.com', 'localhost:3000', '//app.example.com']) {
    assert.equal(validateOrigin(s).ok, false, s);
  }
});

test('validateOrigin refuses a path, query or fragment', () => {
  assert.match(err('https://app.example.com/app'), /path/);
  assert.match(err('https://app.example.com/?'), /query/);
  assert.match(err('https://app.example.com?x=1'), /query/);
  assert.match(err('https://app.example.com#'), /fragment/);
  assert.match(err('https://app.example.com/#x'), /fragment/);
});

test('validateOrigin refuses user info', () => {
  for (const s of ['https://user@app.example.com', 'https://user:pw@app.example.com', 'https://@app.example.com']) {
    assert.match(err(s), /user name/, s);
  }
});

test('validateOrigin refuses wildcards, bad host names and hosts over 253 characters', () => {
  assert.match(err('https://*.example.com'), /Wildcards/);
  assert.equal(validateOrigin('https://app..example.com').ok, false);
  assert.equal(validateOrigin('https://example.com.').ok, false);
  assert.equal(validateOrigin('https://-bad.example.com').ok, false);
  assert.equal(validateOrigin('https://[2001:db8::1]').ok, false);
  const label = 'a'.repeat(61);
  const host253 = `${[label, label, label].join('.')}.${'b'.repeat(61)}.example`.slice(0, 253);
  assert.equal(host253.length, 253);
  assert.equal(validateOrigin(`https://${host253}`).ok, true);
  assert.match(err(`https://${host253}x`), /253/);
});

test('validateOrigin refuses empty and non-string input with a sentence', () => {
  for (const v of ['', '   ', null, undefined, 42, {}]) {
    const r = validateOrigin(v);
    assert.equal(r.ok, false);
    assert.equal(r.origin, null);
    assert.match(r.error, /^[A-Z].*\.$/);
  }
});

test('isLoopbackHost knows the three loopback names', () => {
  assert.deepEqual(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST', 'example.com', '127.0.0.2'].map(isLoopbackHost),
    [true, true, true, true, false, false]);
});

test('validateRedirectCapture accepts https URLs and http on loopback, normalized', () => {
  assert.deepEqual(validateRedirectCapture(' https://App.example.com:443/LoginRedirect '), { ok: true, url: 'https://app.example.com/LoginRedirect' });
  assert.equal(validateRedirectCapture('http://127.0.0.1:3000/cb').ok, true);
});

test('validateRedirectCapture refuses fragments, relative URLs, plain http elsewhere and user info', () => {
  assert.match(validateRedirectCapture('https://app.example.com/cb#x').error, /fragment/);
  assert.match(validateRedirectCapture('/LoginRedirect').error, /https/);
  assert.match(validateRedirectCapture('http://app.example.com/cb').error, /https/);
  assert.match(validateRedirectCapture('https://u@app.example.com/cb').error, /user name/);
  assert.equal(validateRedirectCapture('').ok, false);
});
