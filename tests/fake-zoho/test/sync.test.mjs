// What incremental sync reads (issue 15, item 2): the If-Modified-Since header of Get Records, GET /{module}/deleted,
// the record-change hooks and the per-endpoint call count. Sources: see deleted-api.mjs (crm-oas v8.0/record.json
// `/crm/v8/{module_api_name}/deleted`, `Deleted_Record`; Zoho's v2 get-deleted-records page; zoho.md "Corrections").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm, manualClock } from '../testkit.mjs';
import { RECORD_STEP_MS, zohoTime } from '../data.mjs';

const clock = manualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
let fake;
let token;
before(async () => {
  fake = await start({ records: { Accounts: 3000, Deals: 5 }, now: clock.now, tokenTtlS: 7 * 86400 });
  ({ token } = await signIn(fake));
});
after(() => fake.close());

const ims = (ms) => ({ headers: { 'If-Modified-Since': zohoTime(ms) } });
const LIST = 'Accounts?fields=Account_Name,Modified_Time&per_page=200';
const ID = (n) => `5725767101${String(n).padStart(9, '0')}`; // record n (1-based) of org 0's Accounts

test('If-Modified-Since after every record -> 304 with no body; before them all -> every record', async () => {
  // Even 100,000 generated records were all modified in the past.
  const big = await start({ records: { Accounts: 100_000 }, now: clock.now, tokenTtlS: 7 * 86400 });
  try {
    const { token: t } = await signIn(big);
    assert.equal((await crm(big, LIST, t, ims(Date.UTC(2024, 0, 1)))).status, 304);
  } finally {
    await big.close();
  }
  const none = await crm(fake, LIST, token, ims(clock.now()));
  assert.equal(none.status, 304);
  assert.equal(none.text, '');
  const all = await crm(fake, LIST, token, ims(Date.UTC(2000, 0, 1)));
  assert.equal(all.status, 200);
  assert.equal(all.body.info.more_records, true);
  assert.equal(all.body.data.length, 200);
});

test('If-Modified-Since lists only records modified after it (generated times: record i at base + i min + 1 d)',
  async () => {
    // Record 2991 (index 2990) was modified at 2023-01-02T09:00Z + 2990 min + 24 h; ask just before record 2991.
    const t = Date.UTC(2023, 0, 2, 9) + 2990 * RECORD_STEP_MS + 86400_000 - 1;
    const r = await crm(fake, LIST, token, ims(t));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.map((d) => d.id), [3000, 2999, 2998, 2997, 2996, 2995, 2994, 2993, 2992, 2991]
      .map(ID), 'desc by id, only the 10 newest');
    assert.equal(r.body.info.more_records, false);
    const bad = await crm(fake, LIST, token, { headers: { 'If-Modified-Since': 'yesterday-ish' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_DATA');
  });

test('a renamed record gets a new Modified_Time and is the one record modified since', async () => {
  const before = clock.now();
  clock.advance(60_000);
  assert.equal(fake.renameRecord('Accounts', ID(7), 'Renamed Seven'), true);
  const r = await crm(fake, LIST, token, ims(before));
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data, [{ id: ID(7), Account_Name: 'Renamed Seven', Modified_Time: zohoTime(clock.now()) }]);
  const one = await crm(fake, `Accounts/${ID(7)}?fields=Account_Name`, token);
  assert.equal(one.body.data[0].Account_Name, 'Renamed Seven');
  assert.equal((await crm(fake, 'Accounts/search?word=Renamed%20Seven', token)).body.data[0].id, ID(7));
  assert.equal(fake.renameRecord('Accounts', '1', 'x'), false, 'no such record');
});

test('a deleted record leaves every read and is listed at /deleted with Zoho\'s fields', async () => {
  clock.advance(60_000);
  const t0 = clock.now();
  assert.equal(fake.deleteRecord('Accounts', ID(3000)), true);
  clock.advance(60_000);
  assert.equal(fake.deleteRecord('Accounts', ID(5), { type: 'permanent' }), true);
  assert.equal(fake.deleteRecord('Accounts', ID(5)), false, 'already gone');
  const first = await crm(fake, 'Accounts?fields=Account_Name&per_page=1', token);
  assert.equal(first.body.data[0].id, ID(2999), 'desc: the deleted newest record is gone');
  assert.equal((await crm(fake, `Accounts/${ID(5)}?fields=Account_Name`, token)).status, 204);
  const asc = await crm(fake, 'Accounts?fields=Account_Name&page=10&sort_order=asc', token);
  assert.equal(asc.body.data[0].id, ID(1802), 'asc: record 5 gone, so position 1800 is record 1802');
  const d = await crm(fake, 'Accounts/deleted', token);
  assert.equal(d.status, 200);
  assert.deepEqual(d.body.data[0], { deleted_by: { name: fake.users[0].full_name, id: fake.users[0].id },
    id: ID(5), display_name: 'Acme 0005 Foods', type: 'permanent',
    created_by: { name: d.body.data[0].created_by.name, id: d.body.data[0].created_by.id },
    deleted_time: zohoTime(clock.now()) });
  assert.deepEqual(Object.keys(d.body.data[1]).sort(), ['created_by', 'deleted_by', 'deleted_time', 'display_name',
    'id', 'type']);
  assert.equal(d.body.data[1].id, ID(3000));
  assert.deepEqual(d.body.info, { per_page: 200, count: 2, page: 1, more_records: false });
  assert.deepEqual((await crm(fake, 'Accounts/deleted?type=recycle', token)).body.data.map((x) => x.id), [ID(3000)]);
  assert.deepEqual((await crm(fake, 'Accounts/deleted?type=permanent', token)).body.data.map((x) => x.id), [ID(5)]);
  assert.equal((await crm(fake, 'Accounts/deleted?type=gone', token)).body.code, 'INVALID_DATA');
  const paged = await crm(fake, 'Accounts/deleted?per_page=1&page=2', token);
  assert.deepEqual(paged.body.info, { per_page: 1, count: 1, page: 2, more_records: false });
  assert.deepEqual((await crm(fake, 'Accounts/deleted', token, ims(t0))).body.data.map((x) => x.id), [ID(5)],
    'If-Modified-Since: only deletions after it');
  assert.equal((await crm(fake, 'Accounts/deleted', token, ims(clock.now()))).status, 304);
  assert.equal((await crm(fake, 'Deals/deleted', token)).status, 204, 'none at all');
});

test('callsByEndpoint counts CRM calls per method and path from the request log', async () => {
  const seq = fake.apiLog.at(-1).seq;
  await crm(fake, 'Accounts?fields=Account_Name&per_page=1', token);
  await crm(fake, 'Accounts?fields=Account_Name&per_page=1&page=2', token);
  await crm(fake, 'Accounts/deleted', token);
  assert.deepEqual(fake.callsByEndpoint(seq), { 'GET /crm/v8/Accounts': 2, 'GET /crm/v8/Accounts/deleted': 1 });
});
