// The encrypted account-index cache (issue 15, item 1) with node's real WebCrypto and an in-memory store: replay,
// removals, snapshots, and every way a cache can be unusable (wrong key, tampering, swapped records) drops it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, randomBytes } from 'node:crypto';
import { CHUNK_ACCOUNTS, cacheIdOf, memoryStore, needsCompaction, openIndexCache } from '../lib/index-cache.js';

const subtle = webcrypto.subtle;
const rnd = (n) => new Uint8Array(randomBytes(n));
const COMPACT_PAGES = 70;
const acct = (i, name = `Acme ${i} Holdings`) => ({ id: String(1000 + i), name, kind: 'record', module: 'Accounts',
  detail: 'Berlin' });

async function setup(store = memoryStore(), keyBytes = rnd(32)) {
  const id = await cacheIdOf(subtle, '["index-v1","1000.TEST","us","1",["module","Accounts",["Account_Name"]]]');
  return { store, keyBytes, id, open: (k = keyBytes) => openIndexCache({ store, subtle, randomBytes: rnd, keyBytes: k, id }) };
}

test('cacheIdOf is the SHA-256 hex of the index key', async () => {
  assert.equal(await cacheIdOf(subtle, 'abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('appended pages and removals replay in order in a new instance, with the last state', async () => {
  const s = await setup();
  const c = s.open();
  assert.equal(await c.load(), null, 'nothing saved yet');
  await c.append({ state: { page: 2 }, upsert: [acct(1), acct(2)] });
  await c.append({ state: { page: 3 }, upsert: [acct(3), acct(1, 'Renamed One')] });
  const meta = await c.append({ state: { done: true }, remove: ['1002'] });
  assert.deepEqual(meta, { gen: 1, entries: 3 });
  const loaded = await s.open().load();
  assert.deepEqual(loaded.state, { done: true });
  assert.deepEqual(loaded.accounts.map((a) => [a.id, a.name]).sort(), [['1001', 'Renamed One'], ['1003', 'Acme 3 Holdings']]);
  await c.saveState({ synced: 1 });
  assert.deepEqual((await s.open().load()).state, { synced: 1 });
});

test('the store holds only ciphertext: no account name, id or state in it', async () => {
  const s = await setup();
  const c = s.open();
  await c.append({ state: { marker: 'STATEMARKER' }, upsert: [acct(1, 'Zylkerplaintextname')] });
  await c.snapshot({ state: { marker: 'STATEMARKER' }, accounts: [acct(2, 'Zylkerplaintextname')] });
  const dump = [...s.store.map.values()].map((r) => Buffer.from(r.data).toString('latin1')).join('');
  for (const secret of ['Zylkerplaintextname', 'STATEMARKER', '1002']) assert.equal(dump.includes(secret), false, secret);
});

test('a wrong key, a flipped byte or swapped records drop the cache instead of failing', async () => {
  for (const spoil of ['key', 'flip', 'swap', 'version']) {
    const s = await setup();
    const c = s.open();
    await c.append({ state: {}, upsert: [acct(1)] });
    await c.append({ state: {}, upsert: [acct(2)] });
    let reader = s.open();
    if (spoil === 'key') reader = s.open(rnd(32));
    if (spoil === 'flip') s.store.map.get(`${s.id}:1:0`).data[3] ^= 1;
    if (spoil === 'version') s.store.map.get(`${s.id}:meta`).v = 2;
    if (spoil === 'swap') {
      const a = s.store.map.get(`${s.id}:1:0`);
      s.store.map.set(`${s.id}:1:0`, s.store.map.get(`${s.id}:1:1`));
      s.store.map.set(`${s.id}:1:1`, a);
    }
    assert.equal(await reader.load(), null, spoil);
    assert.equal(s.store.map.size, 0, `${spoil}: dropped`);
  }
});

test('an entry written without its meta (a write cut off) is not read', async () => {
  const s = await setup();
  const c = s.open();
  await c.append({ state: { n: 1 }, upsert: [acct(1)] });
  const other = s.open();
  await other.load();
  // A second writer's entry 1 whose meta never landed: only meta decides what is read.
  s.store.map.set(`${s.id}:1:1`, s.store.map.get(`${s.id}:1:0`));
  const loaded = await s.open().load();
  assert.equal(loaded.accounts.length, 1);
  assert.deepEqual(loaded.meta, { gen: 1, entries: 1 });
});

test('snapshot: a new generation of chunks replaces the log, and the old records go', async () => {
  const s = await setup();
  const c = s.open();
  for (let p = 0; p < COMPACT_PAGES; p++) {
    await c.append({ state: { p }, upsert: Array.from({ length: 200 }, (_, i) => acct(p * 200 + i)) });
  }
  const before = await s.open().load();
  assert.equal(needsCompaction(before.meta), true);
  const meta = await c.snapshot({ state: { snap: true }, accounts: before.accounts });
  assert.deepEqual(meta, { gen: 2, entries: Math.ceil(COMPACT_PAGES * 200 / CHUNK_ACCOUNTS) });
  assert.equal(s.store.map.size, meta.entries + 1);
  const after = await s.open().load();
  assert.equal(needsCompaction(after.meta), false);
  assert.deepEqual(after.state, { snap: true });
  assert.equal(after.accounts.length, COMPACT_PAGES * 200);
  await c.append({ state: { later: 1 }, remove: ['1000'] });
  assert.equal((await s.open().load()).accounts.length, COMPACT_PAGES * 200 - 1);
});

test('100,000 accounts: snapshot and load (timing reported, not judged)', async (t0) => {
  const s = await setup();
  const c = s.open();
  const accounts = Array.from({ length: 100_000 }, (_, i) => acct(i));
  let t = performance.now();
  await c.snapshot({ state: {}, accounts });
  const saveMs = performance.now() - t;
  t = performance.now();
  const loaded = await s.open().load();
  const loadMs = performance.now() - t;
  assert.equal(loaded.accounts.length, 100_000);
  const bytes = [...s.store.map.values()].reduce((n, r) => n + r.data.byteLength, 0);
  t0.diagnostic(`100k: snapshot ${saveMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, ${(bytes / 1048576).toFixed(1)} MiB`);
});

test('load({onEntry}) hands over each chunk in order with the state, and a damaged later chunk still drops the cache',
  async () => {
    const s = await setup();
    const accounts = Array.from({ length: 2 * CHUNK_ACCOUNTS + 10 }, (_, i) => acct(i));
    await s.open().snapshot({ state: { key: 'k' }, accounts });
    const seen = [];
    const loaded = await s.open().load({ onEntry: (e, state) => seen.push([e.upsert[0].id, e.upsert.length, state.key]) });
    assert.deepEqual(seen, [['1000', CHUNK_ACCOUNTS, 'k'], [String(1000 + CHUNK_ACCOUNTS), CHUNK_ACCOUNTS, 'k'],
      [String(1000 + 2 * CHUNK_ACCOUNTS), 10, 'k']], 'in the order given to snapshot');
    assert.equal(loaded.accounts, null);
    assert.deepEqual(loaded.state, { key: 'k' });
    s.store.map.get(`${s.id}:1:2`).data[3] ^= 1;
    const partial = [];
    assert.equal(await s.open().load({ onEntry: (e) => partial.push(e.upsert.length) }), null);
    assert.deepEqual(partial, [CHUNK_ACCOUNTS, CHUNK_ACCOUNTS], 'the caller is told to forget them by the null');
    assert.equal(s.store.map.size, 0, 'dropped');
  });

test('the first screen saved with a write is loaded alone, and only while that write is the last', async () => {
  const s = await setup();
  const c = s.open();
  assert.equal(await c.loadFirstScreen(), null, 'nothing saved yet');
  await c.append({ state: { p: 1 }, upsert: [acct(1), acct(2)], firstScreen: [acct(1)] });
  assert.deepEqual(await s.open().loadFirstScreen(), { state: { p: 1 }, accounts: [acct(1)] });
  await c.saveState({ p: 1, synced: true }); // the state alone: the entries, and so the first screen, stay
  assert.deepEqual(await s.open().loadFirstScreen(), { state: { p: 1, synced: true }, accounts: [acct(1)] });
  await c.append({ state: { p: 2 }, upsert: [acct(0)] }); // written without one: the old one is stale
  assert.equal(await s.open().loadFirstScreen(), null);
  await c.append({ state: { p: 3 }, remove: ['1001'], firstScreen: [acct(0), acct(2)] });
  assert.deepEqual((await s.open().loadFirstScreen()).accounts, [acct(0), acct(2)]);
});

test('a snapshot saves its first screen and keeps no older one; a later snapshot without one leaves none', async () => {
  const s = await setup();
  const c = s.open();
  await c.append({ state: {}, upsert: [acct(1)], firstScreen: [acct(1)] });
  await c.snapshot({ state: { snap: 1 }, accounts: [acct(1), acct(2)], firstScreen: [acct(1), acct(2)] });
  assert.deepEqual(await s.open().loadFirstScreen(), { state: { snap: 1 }, accounts: [acct(1), acct(2)] });
  await c.snapshot({ state: { snap: 2 }, accounts: [acct(2)] });
  assert.equal(await s.open().loadFirstScreen(), null);
});

test('a first screen under another key, tampered with or swapped in is not shown, and nothing is dropped', async () => {
  const s = await setup();
  const c = s.open();
  await c.append({ state: {}, upsert: [acct(1, 'Zylkerplaintextname')], firstScreen: [acct(1, 'Zylkerplaintextname')] });
  const first = [...s.store.map.keys()].find((k) => k.endsWith(':first'));
  assert.ok(first);
  assert.equal(JSON.stringify([...s.store.map.values()].map((v) => Buffer.from(v.data ?? []).toString('latin1')))
    .includes('Zylkerplaintextname'), false, 'the first screen is stored in clear');
  assert.equal(await s.open(rnd(32)).loadFirstScreen(), null, 'opened with another key');
  const kept = s.store.map.size;
  const sealed = s.store.map.get(first);
  s.store.map.set(first, { ...sealed, data: sealed.data.map((b, i) => (i === 3 ? b ^ 1 : b)) });
  assert.equal(await s.open().loadFirstScreen(), null, 'tampered');
  s.store.map.set(first, s.store.map.get(`${s.id}:1:0`)); // a chunk in the first screen's place
  assert.equal(await s.open().loadFirstScreen(), null, 'swapped');
  assert.equal(s.store.map.size, kept, 'a record was dropped');
});
