// The accounts service with the sync planner and the encrypted cache, against the fake Zoho over loopback (issue 15):
// a restart shows the cached index before any call and syncs with at most two; changes made at the fake arrive; an
// unusable cache is dropped and synced again without an error; the interval and sync-now decide when Zoho is asked.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, randomBytes } from 'node:crypto';
import { AccountsService } from '../bg/accounts-service.js';
import { cacheIdOf, memoryStore, openIndexCache } from '../lib/index-cache.js';
import { start, signIn, manualClock } from '../../tests/fake-zoho/testkit.mjs';

const SRC = { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] };
const ID = (n) => `5725767101${String(n).padStart(9, '0')}`;
const MIN = 60_000;
const subtle = webcrypto.subtle;

async function world(records) {
  const clock = manualClock(Date.now());
  const fake = await start({ records: { Accounts: records }, now: clock.now, tokenTtlS: 7 * 86400 });
  const { token } = await signIn(fake);
  const session = {
    settings: { clientId: '1000.TEST', crmVersion: '8', accountSource: SRC },
    state: { token: { present: true, stored_at: 1, org: { id: fake.orgs[0].id } } },
    scope: () => ({ client_id: '1000.TEST', dc: 'us' }),
    accountScope: () => ({ client_id: '1000.TEST', dc: 'us', org: fake.orgs[0].id }),
    token: async () => ({ access_token: token, endpoints: { api: fake.url } }),
    apiRejected: async () => false,
    setUser() {},
  };
  const store = memoryStore();
  const keyBytes = new Uint8Array(randomBytes(32)); // what the host's index.key answers (tested in the host)
  // `w.hold(name)`, when set, may return a promise a read of that record waits for (a slow disk, held by a test).
  const w = { hold: null };
  const reads = { ...store, get: async (k) => (await w.hold?.(k), store.get(k)) };
  const openCache = async (key) => openIndexCache({ store: reads, subtle, keyBytes, id: await cacheIdOf(subtle, key),
    randomBytes: (n) => new Uint8Array(randomBytes(n)) });
  // A browser start: a new service over the same store and clock.
  const service = (o = {}) => new AccountsService(session, { openCache, now: clock.now, ...o });
  const calls = () => fake.apiLog.filter((e) => e.method !== 'OPTIONS').length;
  return Object.assign(w, { fake, clock, store, service, calls, session });
}

test('after a restart the cached index is searchable before any call, and the sync takes two calls', async () => {
  const w = await world(5000);
  try {
    const first = w.service();
    await first.load(() => {});
    assert.equal(first.progress.count, 5000);
    assert.equal(w.calls(), 25, 'first sync: 10 pages by page, 15 by page_token');
    assert.equal(first.progress.sync.state, 'synced');
    w.clock.advance(20 * MIN);
    const before = w.calls();
    const again = w.service();
    const seen = [];
    await again.load((p) => {
      if (w.calls() === before) seen.push({ count: p.count, hits: again.search('Acme 4321').length });
    });
    assert.ok(seen[0].count > 0, 'shown from its first chunk');
    assert.deepEqual(seen.at(-1), { count: 5000, hits: 1 }, 'then all of the cache, before any call');
    assert.equal(w.calls() - before, 2, 'If-Modified-Since (304) and /deleted (304)');
    assert.deepEqual(w.fake.apiLog.slice(-2).map((e) => [e.path, e.status]),
      [['/crm/v8/Accounts', 304], ['/crm/v8/Accounts/deleted', 304]]);
    assert.equal(again.progress.error, null);
  } finally {
    await w.fake.close();
  }
});

test('a record renamed and one deleted at the fake show after the next sync; within the interval Zoho is not asked',
  async () => {
    const w = await world(3000);
    try {
      const svc = w.service();
      await svc.load(() => {});
      w.clock.advance(5 * MIN);
      w.fake.renameRecord('Accounts', ID(42), 'Zylker Renamed');
      w.fake.deleteRecord('Accounts', ID(7));
      let before = w.calls();
      await svc.load(() => {});
      assert.equal(w.calls(), before, 'not due yet (15 minutes)');
      assert.equal(svc.search('Zylker Renamed').length, 0);
      await svc.syncNow(() => {});
      assert.equal(w.calls() - before, 2, 'sync-now: forced');
      assert.deepEqual(svc.search('Zylker Renamed').map((a) => a.id), [ID(42)]);
      assert.equal(svc.search('Acme 0007').length, 0);
      assert.equal(svc.progress.count, 2999);
      // And after a restart, from the cache.
      w.clock.advance(MIN);
      before = w.calls();
      const next = w.service();
      await next.load(() => {});
      assert.equal(w.calls(), before, 'synced a minute ago: the cache alone');
      assert.deepEqual(next.search('Zylker Renamed').map((a) => a.id), [ID(42)]);
      assert.equal(next.progress.count, 2999);
    } finally {
      await w.fake.close();
    }
  });

test('the sync interval set in the settings (syncIntervalMinutes) decides when Zoho is asked again', async () => {
  const w = await world(300);
  try {
    w.session.settings = { ...w.session.settings, syncIntervalMinutes: 60 };
    const svc = w.service();
    await svc.load(() => {});
    w.clock.advance(30 * MIN);
    const before = w.calls();
    await svc.load(() => {});
    assert.equal(w.calls(), before, 'synced after 30 minutes although the setting says 60');
    w.clock.advance(31 * MIN);
    await svc.load(() => {});
    assert.equal(w.calls() - before, 2, 'not synced once the 60 minutes were over');
  } finally {
    await w.fake.close();
  }
});

test('a damaged cache is dropped and synced again, with no error', async () => {
  const w = await world(500);
  try {
    await w.service().load(() => {});
    for (const rec of w.store.map.values()) rec.data[5] ^= 0xff;
    w.clock.advance(20 * MIN);
    const before = w.calls();
    const svc = w.service();
    await svc.load(() => {});
    assert.equal(svc.progress.error, null);
    assert.equal(svc.progress.count, 500);
    assert.equal(w.calls() - before, 3, 'a full sync again: 500 records in 3 pages');
  } finally {
    await w.fake.close();
  }
});

test('a sync cut off (Zoho refuses mid-way) keeps what it saved and resumes after a restart', async () => {
  const w = await world(3000);
  try {
    const svc = w.service();
    let pages = 0;
    w.fake.crmConcurrency = null;
    const load = svc.load(() => {
      if (++pages === 5) w.fake.rejectAllTokens(true); // Zoho stops accepting the token after a few pages
    });
    await load;
    assert.ok(svc.progress.error);
    w.fake.rejectAllTokens(false);
    const saved = svc.progress.count;
    assert.ok(saved > 0 && saved < 3000, `${saved} saved`);
    const before = w.calls();
    const next = w.service();
    await next.load(() => {});
    assert.equal(next.progress.count, 3000);
    assert.equal(w.calls() - before, 15 - saved / 200, 'only the pages not saved yet');
  } finally {
    await w.fake.close();
  }
});

test('a reset (sign-out) during a sync stops it: the emptied list and its progress stay empty', async () => {
  const w = await world(5000);
  try {
    const svc = w.service();
    let pages = 0;
    const load = svc.load(() => {
      if (++pages === 4) svc.reset();
    });
    await load;
    assert.equal(svc.progress.count, 0);
    assert.equal(svc.progress.loaded, false);
    assert.deepEqual(svc.search('Acme', []), []);
    const calls = w.calls();
    assert.ok(calls < 25, `the sync went on after the reset: ${calls} calls`);
  } finally {
    await w.fake.close();
  }
});

test('after a restart the first screen shows from the first chunk, before the rest of the cache is read', async () => {
  const w = await world(15_000); // 75 pages: the first sync ends with a snapshot of 3 chunks of 5,000, by name
  try {
    const first = w.service();
    await first.load(() => {});
    const firstScreen = first.search('').map((a) => a.id);
    const firstAcme = first.search('acme 1').map((a) => a.id);
    let release;
    const gate = new Promise((r) => { release = r; });
    let shown = null;
    // Reading the second chunk lets the rest come on a later turn; whatever was shown by then came from the first.
    w.hold = (k) => {
      if (!/:\d+:[1-9]\d*$/.test(k)) return null;
      setImmediate(release);
      return gate;
    };
    const again = w.service();
    await again.load((p) => {
      shown ??= { count: p.count, loaded: p.loaded, screen: again.search('').map((a) => a.id) };
    });
    assert.equal(shown.loaded, true);
    assert.equal(shown.count, 5000, 'the first chunk only');
    assert.deepEqual(shown.screen, firstScreen, 'the first screen is the one the full list has');
    assert.equal(again.progress.count, 15_000);
    assert.deepEqual(again.search('acme 1').map((a) => a.id), firstAcme);
  } finally {
    await w.fake.close();
  }
});

test('while the first sync runs a query also asks Zoho\'s search, merged after the local results without duplicates',
  async () => {
    const w = await world(5000);
    try {
      let release;
      const gate = new Promise((r) => { release = r; });
      let pages = 0;
      let twoPages;
      const loaded = new Promise((r) => { twoPages = r; });
      const held = async (url, init) => { // the sync's third page waits: the first sync is running, 400 loaded
        if (new URL(url).pathname.endsWith('/Accounts') && ++pages === 3) {
          twoPages();
          await gate;
        }
        return fetch(url, init);
      };
      const svc = w.service({ fetch: held });
      const sync = svc.load(() => {});
      await loaded;
      const searches = () => w.fake.apiLog.filter((e) => e.path === '/crm/v8/Accounts/search').length;
      assert.equal(svc.search('acme 4321').length, 0, 'not loaded yet');
      assert.equal(svc.remoteSearchDue('acme 4321'), true);
      const found = await svc.searchMerged('acme 4321');
      assert.deepEqual(found.map((a) => a.id), [ID(4321)]);
      const local = svc.search('12');
      assert.ok(local.length > 0, 'some of it is loaded');
      const merged = await svc.searchMerged('12');
      assert.deepEqual(merged.slice(0, local.length), local, 'the local results first, in their order');
      assert.equal(new Set(merged.map((a) => a.id)).size, merged.length, 'no account twice');
      assert.ok(merged.length > local.length, 'Zoho added what has not loaded yet');
      assert.equal(searches(), 2, 'one call per query');
      assert.equal(svc.remoteSearchDue('a'), false, 'one character: Zoho needs two');
      release();
      await sync;
      assert.equal(svc.remoteSearchDue('acme 4321'), false, 'synced: the index answers alone');
      assert.deepEqual((await svc.searchMerged('acme 4321')).map((a) => a.id), [ID(4321)]);
      assert.equal(searches(), 2, 'no search call after the first sync');
    } finally {
      await w.fake.close();
    }
  });

// Issue 15: first results at once after a restart. The background reads the cached first screen (two small records)
// when it starts, so the empty query lists accounts before a single chunk of the index is opened.
for (const records of [5000, 15_000]) { // 25 appended pages; 75 pages ending in a snapshot of 3 chunks
  test(`after a restart the cached first screen is listed before any chunk is read (${records} records)`, async () => {
    const w = await world(records);
    try {
      const first = w.service();
      await first.load(() => {});
      const firstScreen = first.search('').map((a) => a.id);
      assert.equal(firstScreen.length, 50);
      const chunkReads = [];
      w.hold = (k) => {
        if (/:\d+:\d+$/.test(k)) chunkReads.push(k);
        return null;
      };
      const again = w.service();
      let told = 0;
      again.onFirstScreen(() => told++);
      assert.deepEqual(again.search(''), [], 'nothing before the preload');
      assert.equal(await again.preloadFirstScreen(), true);
      assert.equal(told, 1, 'the pages were not told');
      assert.deepEqual(chunkReads, [], 'a chunk of the index was read');
      assert.deepEqual(again.search('').map((a) => a.id), firstScreen, 'not the full list\'s first screen');
      assert.deepEqual(again.search('acme 1'), [], 'a query is answered by the index, not by the first screen');
      // Recent accounts come first, as the index lists them.
      const recent = [{ id: firstScreen[7], name: 'x', kind: 'record', module: 'Accounts' }];
      assert.deepEqual(again.search('', recent).slice(0, 2).map((a) => a.id), [firstScreen[7], firstScreen[0]]);
      const calls = w.calls();
      await again.load(() => {});
      assert.equal(again.progress.count, records);
      assert.deepEqual(again.search('').map((a) => a.id), firstScreen);
      assert.equal(w.calls() - calls, 0, 'synced just now: no call');
    } finally {
      await w.fake.close();
    }
  });
}

test('the cached first screen follows the next sync: a renamed record is listed by its new name', async () => {
  const w = await world(5000);
  try {
    const first = w.service();
    await first.load(() => {});
    const top = first.search('')[0];
    w.fake.renameRecord('Accounts', top.id, 'Aaaa Renamed First');
    w.clock.advance(20 * MIN);
    await first.load(() => {});
    const again = w.service();
    assert.equal(await again.preloadFirstScreen(), true);
    assert.equal(again.search('')[0].name, 'Aaaa Renamed First');
    assert.equal(again.search('').filter((a) => a.id === top.id).length, 1);
  } finally {
    await w.fake.close();
  }
});

test('a reset (sign-out) forgets the cached first screen', async () => {
  const w = await world(5000);
  try {
    await w.service().load(() => {});
    const again = w.service();
    assert.equal(await again.preloadFirstScreen(), true);
    again.reset();
    assert.deepEqual(again.search(''), []);
  } finally {
    await w.fake.close();
  }
});
