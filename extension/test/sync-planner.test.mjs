// The sync planner (issue 15, item 2) driven against the fake Zoho: first, incremental, deleted, resume, expired
// page token, interval. The planner is pure; the driver below only makes the calls it plans over loopback.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm, manualClock } from '../../tests/fake-zoho/testkit.mjs';
import { MAX_RESTARTS, beginSync, emptySyncState, foldAnswer, indexKey, nextRequest, syncDue, syncStatus }
  from '../lib/sync-planner.js';

const SRC = { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] };
const USERS = { type: 'users' };
const KEY = indexKey({ clientId: '1000.TEST', dc: 'us', orgId: '572576700', source: SRC });
const ID = (n) => `5725767101${String(n).padStart(9, '0')}`;
const MIN = 60_000;

async function startFake(records, users = 5) {
  const clock = manualClock();
  const fake = await start({ records: { Accounts: records }, users, now: clock.now, tokenTtlS: 7 * 86400 });
  const { token } = await signIn(fake);
  return { fake, clock, token };
}

async function call(fake, token, req) {
  const qs = new URLSearchParams(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
  const r = await crm(fake, `${req.path}?${qs}`, token, { headers: req.headers });
  return r.status >= 400 ? { error: r.body?.code ?? `HTTP_${r.status}` } : { status: r.status, body: r.body };
}

/**
 * Runs (or resumes) a sync; stops after `maxCalls` calls as a browser restart would. The state goes through JSON after
 * every page, as the store persists it. Returns {state, calls, requests, results}.
 */
async function sync(env, state, index, { maxCalls = Infinity, token = env.token, source = SRC } = {}) {
  state = beginSync(JSON.parse(JSON.stringify(state)), source, env.clock.now());
  const requests = [];
  const results = [];
  while (state.run && requests.length < maxCalls) {
    const req = nextRequest(state, source);
    requests.push(req);
    const f = foldAnswer(state, source, await call(env.fake, token, req), env.clock.now());
    for (const r of f.upsert) index.set(r.id, r.Account_Name ?? r.full_name);
    for (const id of f.remove) index.delete(id);
    state = JSON.parse(JSON.stringify(f.state));
    results.push(f);
    if (f.failed) break;
  }
  return { state, calls: requests.length, requests, results };
}

test('first sync: page for the first 2,000 records, then page_token; watermark and time kept', async () => {
  const env = await startFake(5000);
  try {
    const index = new Map();
    const { state, calls, requests } = await sync(env, emptySyncState(KEY), index);
    assert.equal(calls, 25);
    assert.equal(index.size, 5000);
    assert.deepEqual(requests.slice(0, 10).map((r) => r.query.page), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(requests.slice(10).every((r) => r.query.page_token && r.query.page === undefined));
    assert.ok(requests.every((r) => !r.headers['If-Modified-Since'] && r.query.fields === 'Account_Name,Billing_City'));
    assert.equal(state.run, null);
    assert.equal(state.syncedAt, env.clock.now());
    assert.ok(state.watermark <= env.clock.now());
    assert.deepEqual(syncStatus(state), { state: 'synced', at: env.clock.now(), truncated: false });
  } finally {
    await env.fake.close();
  }
});

test('first sync of more than 100,000 records stops at 100,000 in 500 calls, marked truncated', async () => {
  const env = await startFake(100_100);
  try {
    const index = new Map();
    const { state, calls } = await sync(env, emptySyncState(KEY), index);
    assert.equal(calls, 500);
    assert.equal(index.size, 100_000);
    assert.equal(state.truncated, true);
    assert.equal(state.run, null);
  } finally {
    await env.fake.close();
  }
});

test('incremental: If-Modified-Since then /deleted; a rename and a delete arrive; unchanged -> two 304s', async () => {
  const env = await startFake(3000);
  try {
    const index = new Map();
    let { state } = await sync(env, emptySyncState(KEY), index);
    env.clock.advance(16 * MIN);
    env.fake.renameRecord('Accounts', ID(42), 'Renamed Forty-Two');
    env.fake.deleteRecord('Accounts', ID(7));
    env.clock.advance(3 * MIN); // past the 2-minute skew margin, so the next sync need not see these again
    const r = await sync(env, state, index);
    assert.equal(r.calls, 2);
    assert.deepEqual(r.requests.map((q) => q.path), ['Accounts', 'Accounts/deleted']);
    assert.ok(r.requests.every((q) => q.headers['If-Modified-Since'] === new Date(state.watermark).toISOString()
      .replace(/\.\d{3}Z$/, '+00:00')));
    assert.equal(index.get(ID(42)), 'Renamed Forty-Two');
    assert.equal(index.has(ID(7)), false);
    assert.equal(index.size, 2999);
    state = r.state;
    env.clock.advance(16 * MIN);
    const seq = env.fake.apiLog.at(-1).seq;
    const quiet = await sync(env, state, index);
    assert.equal(quiet.calls, 2);
    assert.deepEqual(env.fake.apiLog.filter((e) => e.seq > seq).map((e) => e.status), [304, 304]);
    assert.equal(quiet.state.syncedAt, env.clock.now());
  } finally {
    await env.fake.close();
  }
});

test('interval: due when never synced, while unfinished, after 15 minutes, or forced', () => {
  const t = Date.UTC(2026, 0, 5);
  const synced = { ...emptySyncState(KEY), syncedAt: t, watermark: t - MIN };
  assert.equal(syncDue(emptySyncState(KEY), t), true);
  assert.equal(syncDue(synced, t + 14 * MIN), false);
  assert.equal(syncDue(synced, t + 15 * MIN), true);
  assert.equal(syncDue(synced, t + MIN, { force: true }), true);
  assert.equal(syncDue(synced, t + 4 * MIN, { intervalMs: 5 * MIN }), false);
  assert.equal(syncDue(synced, t + 5 * MIN, { intervalMs: 5 * MIN }), true);
  assert.equal(syncDue({ ...synced, run: { steps: ['records'] } }, t + MIN), true, 'an unfinished sync resumes');
  assert.equal(syncDue(synced, t - MIN), true, 'a clock set back');
});

test('resume: a sync cut off after 12 pages goes on from page 13 with its page token, asking nothing twice',
  async () => {
    const env = await startFake(5000);
    try {
      const index = new Map();
      const first = await sync(env, emptySyncState(KEY), index, { maxCalls: 12 });
      assert.equal(index.size, 2400);
      assert.ok(first.state.run.token);
      assert.equal(syncStatus(first.state).state, 'syncing');
      assert.equal(syncStatus(first.state).fetched, 2400);
      env.clock.advance(MIN);
      const rest = await sync(env, first.state, index);
      assert.equal(rest.calls, 13, '25 pages in all');
      assert.equal(rest.requests[0].query.page_token, first.state.run.token);
      assert.equal(index.size, 5000);
      assert.equal(rest.state.run, null);
    } finally {
      await env.fake.close();
    }
  });

test('expired page token: by the clock the walk restarts at once; EXPIRED_VALUE from Zoho restarts it too',
  async () => {
    const env = await startFake(5000);
    try {
      const index = new Map();
      const cut = await sync(env, emptySyncState(KEY), index, { maxCalls: 12 });
      env.clock.advance(25 * 3600_000);
      const seq = env.fake.apiLog.at(-1).seq;
      const again = await sync(env, cut.state, index);
      assert.equal(again.requests[0].query.page, 1, 'restarted before any call');
      assert.equal(again.calls, 25);
      assert.ok(env.fake.apiLog.filter((e) => e.seq > seq).every((e) => e.status === 200));
      // A token whose expiry the state does not know: Zoho answers EXPIRED_VALUE, and the walk starts over.
      const cut2 = await sync(env, emptySyncState(KEY), new Map(), { maxCalls: 12 });
      cut2.state.run.tokenExpiry = null;
      env.clock.advance(25 * 3600_000);
      const idx2 = new Map();
      const over = await sync(env, cut2.state, idx2);
      assert.equal(over.results[0].restarted, true);
      assert.equal(over.requests[1].query.page, 1);
      assert.equal(over.calls, 26);
      assert.equal(idx2.size, 5000);
      assert.equal(over.state.run, null);
    } finally {
      await env.fake.close();
    }
  });

test('rejected page token: another user\'s token gets TOKEN_BOUND_DATA_MISMATCH and the walk restarts cleanly',
  async () => {
    const env = await startFake(5000);
    try {
      const cut = await sync(env, emptySyncState(KEY), new Map(), { maxCalls: 12 });
      const { token: other } = await signIn(env.fake, { email: env.fake.users[1].email });
      const index = new Map();
      const r = await sync(env, cut.state, index, { token: other });
      assert.equal(r.results[0].restarted, true);
      assert.equal(r.calls, 26);
      assert.equal(index.size, 5000);
    } finally {
      await env.fake.close();
    }
  });

test('a walk rejected again and again is reported failed, and starts over on the next sync', () => {
  let state = beginSync(emptySyncState(KEY), SRC, 0);
  state = { ...state, run: { ...state.run, page: 11, token: 'x' } };
  for (let i = 0; i < MAX_RESTARTS; i++) {
    state = foldAnswer(state, SRC, { error: 'EXPIRED_VALUE' }, 0).state;
    state = { ...state, run: { ...state.run, page: 11, token: 'x' } };
  }
  const f = foldAnswer(state, SRC, { error: 'EXPIRED_VALUE' }, 0);
  assert.equal(f.failed, true);
  assert.deepEqual(syncStatus(f.state), { state: 'failed', error: 'EXPIRED_VALUE', at: null });
  assert.equal(nextRequest(beginSync(f.state, SRC, 1), SRC).query.page, 1);
  const other = foldAnswer(beginSync(emptySyncState(KEY), SRC, 0), SRC, { error: 'TOO_MANY_REQUESTS' }, 0);
  assert.equal(other.failed, true);
  assert.equal(other.state.run.page, 1, 'kept to resume');
});

test('users: ActiveUsers first; later syncs ask ActiveUsers, DeactiveUsers, DeletedUsers since the watermark',
  async () => {
    const env = await startFake(10, [{}, {}, { status: 'disabled' }, { status: 'deleted' }, {}]);
    try {
      const key = indexKey({ clientId: '1000.TEST', dc: 'us', orgId: '572576700', source: USERS });
      const index = new Map();
      let r = await sync(env, emptySyncState(key), index, { source: USERS });
      assert.deepEqual(r.requests.map((q) => q.query.type), ['ActiveUsers']);
      assert.equal(index.size, 3);
      index.set(env.fake.users[2].id, 'stale entry of a deactivated user');
      env.clock.advance(16 * MIN);
      r = await sync(env, r.state, index, { source: USERS });
      assert.deepEqual(r.requests.map((q) => q.query.type), ['ActiveUsers', 'DeactiveUsers', 'DeletedUsers']);
      assert.ok(r.requests.every((q) => q.headers['If-Modified-Since']));
      assert.equal(index.has(env.fake.users[2].id), false);
      assert.equal(index.size, 3);
    } finally {
      await env.fake.close();
    }
  });

test('indexKey separates client ID, data centre, org and source (module and fields)', () => {
  const base = { clientId: 'c', dc: 'us', orgId: '1', source: SRC };
  const keys = [base, { ...base, clientId: 'd' }, { ...base, dc: 'eu' }, { ...base, orgId: '2' },
    { ...base, source: USERS }, { ...base, source: { ...SRC, module: 'Contacts' } },
    { ...base, source: { ...SRC, fields: ['Account_Name'] } }].map(indexKey);
  assert.equal(new Set(keys).size, keys.length);
});
