// The heap an AccountIndex keeps per account (issue 15: the 100,000-account index within 40 MiB). Measured after a
// full GC with node's gc exposed from inside the test; the bound is structural (bytes per account, with a wide
// margin), never a time. bench/extension/index-memory.mjs reports the 100,000-account figure.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AccountIndex, normalizeRecord, normalizeUser } from '../lib/accounts.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const heap = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};
const COUNT = 20_000;
const source = { module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] };
// Fresh strings, as JSON.parse of a Zoho page or of the cache gives them.
const records = () => JSON.parse(JSON.stringify(Array.from({ length: COUNT }, (_, n) => ({
  id: String(4150868000000000000n + BigInt(n)), Account_Name: `Zylker Müller Holdings ${n}`, Billing_City: 'Zürich',
})))).map((r) => normalizeRecord(r, source));

function retained(build) {
  const before = heap();
  let input = records();
  const kept = build(input);
  input = null;
  const bytes = heap() - before;
  return { kept, perAccount: bytes / COUNT };
}

test('an index of records keeps under 3x what the plain accounts take (was ~4.7x, now ~2.2x)', (t) => {
  const plain = retained((r) => r.slice());
  const plainBytes = plain.perAccount;
  plain.kept = null;
  const indexed = retained((r) => {
    const index = new AccountIndex();
    for (let i = 0; i < r.length; i += 200) index.add(r.slice(i, i + 200));
    index.prepare();
    return index;
  });
  t.diagnostic(`per account: plain ${plainBytes.toFixed(0)} B, index ${indexed.perAccount.toFixed(0)} B`);
  assert.equal(indexed.kept.search('zylker 19999').length, 1);
  // Before the change an entry held a frozen spread copy (~290 B), its own folded key and name next to the haystack.
  assert.ok(indexed.perAccount < plainBytes * 3, `${indexed.perAccount.toFixed(0)} B per account`);
});

test('copies keep every field and key order, for records, users and other shapes, frozen and apart', () => {
  const rec = normalizeRecord({ id: '1', Account_Name: 'Acme', Billing_City: 'Berlin' }, source);
  const user = normalizeUser({ id: '2', full_name: 'Ann Lee', email: 'ann@example.com' });
  const other = { id: '3', name: 'Other', extra: { deep: 1 }, kind: 'x' };
  const index = new AccountIndex();
  index.add([rec, user, other]);
  for (const a of [rec, user, other]) {
    const got = index.get(a.id);
    assert.notEqual(got, a);
    assert.ok(Object.isFrozen(got));
    assert.deepEqual(Object.keys(got), Object.keys(a));
    assert.deepEqual(got, a);
  }
  rec.name = 'Changed';
  assert.equal(index.get('1').name, 'Acme');
});
