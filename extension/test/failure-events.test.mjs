// bg/failure-events.js: what a failed sign-in, refresh or sign-out shows, and what its caller is answered.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HostError } from '../bg/host-client.js';
import { failureAnswer, failureEvent, failurePatch } from '../bg/failure-events.js';
import { SignInError } from '../bg/zoho-auth.js';

test('a host that cannot be reached is shown as such, not as the last error', () => {
  const e = new HostError('HOST_UNAVAILABLE', 'The host is not installed.');
  assert.deepEqual(failurePatch(e, failureEvent(e, 'signin', 'login'), 'signin'),
    { busy: null, lastError: null, host: { ok: false, error: 'The host is not installed.' } });
});

test('a host refusal and a declined sign-in are shown as the last error; a refused refresh is not', () => {
  const refusal = new HostError('VAULT_CORRUPT', 'A record is damaged.');
  assert.deepEqual(failurePatch(refusal, failureEvent(refusal, 'signin', 'login'), 'signin').lastError,
    { code: 'VAULT_CORRUPT', message: 'A record is damaged.' });
  const declined = new SignInError('access_denied', 'You declined.');
  assert.equal(failurePatch(declined, failureEvent(declined, 'signin', 'login'), 'signin').lastError.code, 'access_denied');
  const refused = new SignInError('client_not_granted', 'Sign in again.');
  assert.equal(failurePatch(refused, failureEvent(refused, 'refresh', 'refresh'), 'refresh').lastError, null);
});

test('any failed sign-out is shown, even when the host is gone', () => {
  const e = new HostError('HOST_UNAVAILABLE', 'gone');
  const patch = failurePatch(e, failureEvent(e, 'signout', 'login'), 'signout');
  assert.equal(patch.lastError.code, 'HOST_UNAVAILABLE');
  assert.equal(patch.host.ok, false);
});

test('the answer always has a code and a message, and says how long to wait where waiting helps', () => {
  assert.deepEqual(failureAnswer(new Error('boom'), null), { ok: false, error: { code: 'ERROR', message: 'boom' } });
  const limited = new HostError('RATE_LIMITED', 'Wait.', 41000);
  assert.equal(failureAnswer(limited, null).error.retry_after_ms, 41000);
  const throttled = failureAnswer(new SignInError('zoho_throttled', 'Too many.'), Date.now() + 60000);
  assert.ok(throttled.error.retry_after_ms > 59000 && throttled.error.retry_after_ms <= 60000);
  assert.equal('retry_after_ms' in failureAnswer(new SignInError('x', 'y'), Date.now() - 1000).error, false);
});
