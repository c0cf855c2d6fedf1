// The sign-in state table (lib/signin-states.js, documented in STATES.md): every event from every state.
import test from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS, STATES, nextState, stateView } from '../lib/signin-states.js';

// One sample of each event; blocks in the samples end at 5000, the sample states' at 1000, "now" is 2000.
const SAMPLE = {
  configured: { clientId: 'A' }, status: { present: true, expired: false }, signin_started: {}, signin_ok: {},
  signin_failed: { message: 'Zoho refused.' }, signin_declined: {}, refresh_started: {}, refresh_ok: {},
  refresh_refused: { message: 'Session ended.' }, capture_failed: { message: 'Zoho refused.' }, throttled: { kind: 'login', until: 5000 },
  budget_refused: { kind: 'refresh', until: 5000 }, api_rejected: { renewable: true }, api_empty: {},
  host_error: { code: 'HOST_NOT_FOUND', message: 'The host is not installed.' }, signed_out: {},
  settings_changed: { clientId: 'A' }, time_passed: { now: 2000 },
};
const from = (name) => (name === 'zoho_blocked' || name === 'budget_spent' ? { name, until: 1000, kind: 'login' } : { name });

// Rows: events; columns: the states in STATES order (abbreviated below). Each cell is the state after the event.
const COLUMNS = ['not_configured', 'signed_out', 'signing_in', 'signed_in', 'refreshing', 'signin_needed', 'budget_spent',
  'zoho_blocked', 'host_unavailable'];
const TABLE = {
  configured: ['signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out'],
  status: ['not_configured', 'signed_in', 'signing_in', 'signed_in', 'refreshing', 'signin_needed', 'budget_spent', 'zoho_blocked', 'signed_in'],
  signin_started: ['not_configured', 'signing_in', 'signing_in', 'signing_in', 'signing_in', 'signing_in', 'signing_in', 'zoho_blocked', 'signing_in'],
  signin_ok: ['not_configured', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in'],
  signin_failed: ['not_configured', 'signed_out', 'signin_needed', 'signed_in', 'refreshing', 'signin_needed', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  signin_declined: ['not_configured', 'signed_out', 'signed_out', 'signed_in', 'refreshing', 'signin_needed', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  refresh_started: ['not_configured', 'signed_out', 'signing_in', 'refreshing', 'refreshing', 'refreshing', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  refresh_ok: ['not_configured', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in', 'signed_in'],
  refresh_refused: ['not_configured', 'signed_out', 'signing_in', 'signed_in', 'signin_needed', 'signin_needed', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  capture_failed: ['not_configured', 'signin_needed', 'signin_needed', 'signin_needed', 'signin_needed', 'signin_needed', 'signin_needed', 'signin_needed', 'signin_needed'],
  throttled: ['not_configured', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked', 'zoho_blocked'],
  budget_refused: ['not_configured', 'budget_spent', 'budget_spent', 'budget_spent', 'budget_spent', 'budget_spent', 'budget_spent', 'zoho_blocked', 'budget_spent'],
  api_rejected: ['not_configured', 'signed_out', 'signing_in', 'refreshing', 'refreshing', 'signin_needed', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  api_empty: ['not_configured', 'signed_out', 'signing_in', 'signed_in', 'refreshing', 'signin_needed', 'budget_spent', 'zoho_blocked', 'host_unavailable'],
  host_error: ['host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable', 'host_unavailable'],
  signed_out: ['not_configured', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out'],
  settings_changed: ['signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out', 'signed_out'],
  time_passed: ['not_configured', 'signed_out', 'signing_in', 'signed_in', 'refreshing', 'signin_needed', 'signed_out', 'signed_out', 'host_unavailable'],
};

test('the table covers every state and every event', () => {
  assert.deepEqual(COLUMNS, [...STATES]);
  assert.deepEqual(Object.keys(TABLE), [...EVENTS]);
});

for (const event of EVENTS) {
  test(`${event}: from every state to the documented state`, () => {
    STATES.forEach((state, i) => {
      assert.equal(nextState(from(state), { type: event, ...SAMPLE[event] }).name, TABLE[event][i], `${event} in ${state}`);
    });
  });
}

test('a status without a token signs out, an expired one asks for a sign-in, with why', () => {
  assert.equal(nextState({ name: 'signed_in' }, { type: 'status', present: false }).name, 'signed_out');
  const expired = nextState({ name: 'signed_in' }, { type: 'status', present: true, expired: true });
  assert.deepEqual(expired, { name: 'signin_needed', why: 'Your Zoho sign-in has expired.' });
});

test('a 401 to a token Zoho will not renew asks for a sign-in at once (no refresh is tried)', () => {
  assert.equal(nextState({ name: 'signed_in' }, { type: 'api_rejected', renewable: false }).name, 'signin_needed');
});

test('host errors: NO_TOKEN signs out, TOKEN_EXPIRED asks for a sign-in, other request errors keep the state', () => {
  assert.equal(nextState({ name: 'signed_in' }, { type: 'host_error', code: 'NO_TOKEN' }).name, 'signed_out');
  assert.equal(nextState({ name: 'signed_in' }, { type: 'host_error', code: 'TOKEN_EXPIRED' }).name, 'signin_needed');
  assert.equal(nextState({ name: 'signed_in' }, { type: 'host_error', code: 'BAD_REQUEST' }).name, 'signed_in');
  for (const code of ['KEY_UNSAFE', 'VAULT_CORRUPT', 'LOCK_TIMEOUT', 'STATE_UNAVAILABLE', 'FORBIDDEN', 'HOST_VERSION_MISMATCH']) {
    assert.equal(nextState({ name: 'signed_in' }, { type: 'host_error', code, message: 'm' }).name, 'host_unavailable', code);
  }
});

test('a block lasts until its end: time before it changes nothing, and the block keeps its kind and end', () => {
  const blocked = nextState({ name: 'signed_in' }, { type: 'throttled', kind: 'refresh', until: 5000 });
  assert.deepEqual(blocked, { name: 'zoho_blocked', kind: 'refresh', until: 5000 });
  assert.equal(nextState(blocked, { type: 'time_passed', now: 4999 }), blocked);
  assert.equal(nextState(blocked, { type: 'status', present: true, expired: false }), blocked);
});

test('every state has a view: a sign-in is offered where a person can act, none while blocked or busy', () => {
  const view = (name, extra) => stateView({ name, ...extra }, { format: () => '10:30' });
  assert.deepEqual(view('signed_out').buttons, ['signin']);
  assert.deepEqual(view('signin_needed', { why: 'Zoho refused.' }), { notice: 'Sign in needed: Zoho refused.', info: false, buttons: ['signin', 'signout'] });
  assert.match(view('zoho_blocked', { kind: 'login', until: 1 }).notice, /blocking new sign-ins for this client until 10:30; nothing will be tried/);
  assert.match(view('zoho_blocked', { kind: 'refresh', until: 1 }).notice, /refreshes/);
  assert.ok(!view('zoho_blocked', { until: 1 }).buttons.includes('signin'));
  assert.deepEqual(view('signing_in').buttons, []);
  assert.equal(stateView({ name: 'budget_spent', kind: 'refresh', until: 1 }, { format: () => '10:30', budget: { limit: 20, window_ms: 1200000 } }).notice,
    'Refresh budget spent. Zoho allows 20 per 20 min. Next possible at 10:30.');
  for (const s of STATES) assert.ok(Array.isArray(view(s, { until: 1 }).buttons), s);
});
