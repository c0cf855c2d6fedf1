import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequestIds, matchResponse, createCorrelator, FATAL_CODES } from '../lib/requests.js';

test('createRequestIds counts up from 1', () => {
  const ids = createRequestIds();
  assert.deepEqual([ids.next(), ids.next(), ids.next()], [1, 2, 3]);
  assert.equal(createRequestIds({ start: 41 }).next(), 41);
});

test('createRequestIds wraps to 1 before the largest safe integer', () => {
  const ids = createRequestIds({ start: Number.MAX_SAFE_INTEGER - 1 });
  assert.equal(ids.next(), Number.MAX_SAFE_INTEGER - 1);
  assert.equal(ids.next(), 1);
});

test('matchResponse reads a successful answer', () => {
  assert.deepEqual(matchResponse({ id: 1, ok: true, protocol: 1, host_version: '0.1.0' }),
    { id: 1, ok: true, data: { protocol: 1, host_version: '0.1.0' } });
});

test('matchResponse reads an error answer with retry_after_ms', () => {
  const r = matchResponse({ id: 7, ok: false, error: { code: 'RATE_LIMITED', message: 'Wait.', retry_after_ms: 41000 } });
  assert.deepEqual(r, { id: 7, ok: false, error: { code: 'RATE_LIMITED', message: 'Wait.', retry_after_ms: 41000 } });
});

test('matchResponse fills in a missing error code and message', () => {
  assert.deepEqual(matchResponse({ id: 'a', ok: false }),
    { id: 'a', ok: false, error: { code: 'INTERNAL', message: 'The native host reported an error.' } });
});

test('matchResponse keeps the null id of answers to unreadable frames', () => {
  assert.equal(matchResponse({ id: null, ok: false, error: { code: 'BAD_FRAME', message: 'x' } }).id, null);
  assert.deepEqual([...FATAL_CODES], ['BAD_FRAME', 'FRAME_TOO_LARGE']);
});

test('matchResponse returns null for messages that are not protocol answers', () => {
  for (const m of [null, 'x', [], {}, { id: 1 }, { id: 1, ok: 'yes' }, { id: 1.5, ok: true }, { id: 'x'.repeat(129), ok: true }, { ok: true }]) {
    assert.equal(matchResponse(m), null, JSON.stringify(m));
  }
});

test('correlator.next numbers requests and builds the message', () => {
  const c = createCorrelator();
  assert.deepEqual(c.next('hello'), { id: 1, message: { id: 1, type: 'hello' } });
  assert.deepEqual(c.next('token.get', { client_id: '1000.ABC', dc: 'us' }),
    { id: 2, message: { client_id: '1000.ABC', dc: 'us', id: 2, type: 'token.get' } });
  assert.equal(c.pending, 2);
});

test('correlator.next does not let fields override id or type', () => {
  const { message } = createCorrelator().next('token.status', { id: 99, type: 'token.get' });
  assert.deepEqual(message, { id: 1, type: 'token.status' });
});

test('correlator.next refuses a missing type', () => {
  assert.throws(() => createCorrelator().next(''), TypeError);
});

test('correlator.resolve returns the pending entry with its outcome and forgets it', () => {
  const c = createCorrelator();
  const context = { label: 'mine' };
  c.next('hello');
  const { id } = c.next('token.get', { client_id: 'A', dc: 'us' }, context);
  const entry = c.resolve({ id, ok: false, error: { code: 'NO_TOKEN', message: 'Sign in.' } });
  assert.equal(entry.id, id);
  assert.equal(entry.type, 'token.get');
  assert.equal(entry.context, context);
  assert.deepEqual(entry.outcome, { id, ok: false, error: { code: 'NO_TOKEN', message: 'Sign in.' } });
  assert.equal(c.pending, 1);
});

test('correlator.resolve returns null for unknown, repeated, malformed and id-less answers', () => {
  const c = createCorrelator();
  const { id } = c.next('hello');
  assert.equal(c.resolve({ id: 99, ok: true }), null);
  assert.equal(c.resolve({ id: String(id), ok: true }), null);
  assert.equal(c.resolve('garbage'), null);
  assert.equal(c.resolve({ id: null, ok: false, error: { code: 'INVALID_JSON', message: 'x' } }), null);
  assert.ok(c.resolve({ id, ok: true }));
  assert.equal(c.resolve({ id, ok: true }), null);
  assert.equal(c.pending, 0);
});

test('correlator.cancel forgets a pending request for a timeout', () => {
  const c = createCorrelator();
  const { id } = c.next('budget.get', { client_id: 'A' });
  assert.deepEqual(c.cancel(id), { id, type: 'budget.get', context: undefined });
  assert.equal(c.cancel(id), null);
  assert.equal(c.resolve({ id, ok: true }), null);
});

test('correlator.rejectAll hands back every pending entry with the error and clears them', () => {
  const c = createCorrelator();
  c.next('hello', {}, 'a');
  c.next('token.get', {}, 'b');
  const err = new Error('port disconnected');
  const all = c.rejectAll(err);
  assert.deepEqual(all.map((e) => [e.id, e.type, e.context, e.error]), [[1, 'hello', 'a', err], [2, 'token.get', 'b', err]]);
  assert.equal(c.pending, 0);
  assert.deepEqual(c.rejectAll(err), []);
});

test('correlator skips ids that are still pending', () => {
  let n = 0;
  const c = createCorrelator({ ids: { next: () => [1, 1, 2][n++] } });
  assert.equal(c.next('hello').id, 1);
  assert.equal(c.next('hello').id, 2);
});
