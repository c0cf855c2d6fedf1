import test from 'node:test';
import assert from 'node:assert/strict';
import { WEB_ERRORS, signInAnswer, webError } from '../lib/web-errors.js';
import { HOST_ERRORS } from '../lib/host-errors.js';

test('web-app codes are unique and none reuses a host code', () => {
  const codes = WEB_ERRORS.map((e) => e.code);
  assert.equal(new Set(codes).size, codes.length);
  const host = new Set(HOST_ERRORS.map((e) => e.code));
  for (const c of codes) if (c !== 'FORBIDDEN' && c !== 'UNKNOWN_TYPE' && c !== 'BAD_REQUEST') assert.ok(!host.has(c), c);
});

test('a sign-in\'s own failure codes become documented web-app codes', () => {
  const code = (c) => signInAnswer({ ok: false, error: { code: c, message: 'm' } }).error.code;
  assert.equal(code('zoho_throttled'), 'ZOHO_BLOCKED');
  assert.equal(code('cancelled'), 'SIGN_IN_CANCELLED');
  assert.equal(code('access_denied'), 'SIGN_IN_DECLINED');
  assert.equal(code('flow_failed'), 'SIGN_IN_FAILED');
  assert.equal(code('interaction_required'), 'SIGN_IN_FAILED');
  assert.equal(code('RATE_LIMITED'), 'RATE_LIMITED');
  assert.equal(code('HOST_UNAVAILABLE'), 'HOST_UNAVAILABLE');
  assert.deepEqual(signInAnswer({ ok: true }), { ok: true });
});

test('the wait of a refused sign-in reaches the web app', () => {
  const a = signInAnswer({ ok: false, error: { code: 'RATE_LIMITED', message: 'spent', retry_after_ms: 41000.2 } });
  assert.deepEqual(a, { ok: false, error: { code: 'RATE_LIMITED', message: 'spent', retry_after_ms: 41001 } });
  assert.equal(webError('FORBIDDEN').error.retry_after_ms, undefined);
});
