import test from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeUser, normalizeRecord, nextPage, AccountIndex, foldText, fieldText, accountForHost, MAX_ACCOUNTS,
} from '../lib/accounts.js';

const src = { module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City', 'Owner', 'Phone'] };

test('normalizeUser uses full_name as the name and the e-mail as the detail', () => {
  const u = { id: '4150868000000225013', full_name: 'Patricia Boyle', first_name: 'Patricia', last_name: 'Boyle',
    email: 'p.boyle@zylker.com', role: { name: 'CEO', id: '1' }, status: 'active' };
  assert.deepEqual(normalizeUser(u), { id: '4150868000000225013', name: 'Patricia Boyle', kind: 'user', detail: 'p.boyle@zylker.com' });
});

test('normalizeUser falls back to first and last name, then e-mail, then id', () => {
  assert.equal(normalizeUser({ id: '1', full_name: '', first_name: 'Ann', last_name: 'Lee', email: 'a@x' }).name, 'Ann Lee');
  assert.equal(normalizeUser({ id: '1', full_name: ' ', email: 'a@x' }).name, 'a@x');
  assert.deepEqual(normalizeUser({ id: '7' }), { id: '7', name: '7', kind: 'user', detail: '' });
});

test('normalizeUser returns null without a usable id', () => {
  for (const u of [null, 'x', {}, { id: '' }, { id: 'x'.repeat(65) }, { id: 1.5 }, { id: { a: 1 } }]) {
    assert.equal(normalizeUser(u), null, JSON.stringify(u));
  }
  assert.equal(normalizeUser({ id: 42, email: 'a@x' }).id, '42');
});

test('normalizeUser clips names to 256 characters', () => {
  assert.equal(normalizeUser({ id: '1', full_name: 'n'.repeat(300) }).name.length, 256);
});

test('normalizeRecord takes the name field and joins the other fields with a middle dot', () => {
  const r = { id: '4150868000000225013', Account_Name: 'Zylker Inc', Billing_City: 'Berlin', Owner: { name: 'Patricia Boyle', id: '1' }, Phone: null };
  assert.deepEqual(normalizeRecord(r, src), { id: '4150868000000225013', name: 'Zylker Inc', kind: 'record', module: 'Accounts', detail: 'Berlin · Patricia Boyle' });
});

test('normalizeRecord names a record without a name by its module and id', () => {
  assert.equal(normalizeRecord({ id: '9', Account_Name: null }, src).name, 'Accounts 9');
});

test('normalizeRecord returns null without a usable id', () => {
  assert.equal(normalizeRecord({ Account_Name: 'x' }, src), null);
  assert.equal(normalizeRecord(null, src), null);
});

test('accountForHost keeps only the fields account.choose takes', () => {
  assert.deepEqual(accountForHost(normalizeRecord({ id: '9', Account_Name: 'Zylker Inc', Billing_City: 'Berlin' }, src)),
    { id: '9', name: 'Zylker Inc', kind: 'record', module: 'Accounts' });
  assert.deepEqual(accountForHost(normalizeUser({ id: '4', full_name: 'Ann Lee', email: 'a@x' })), { id: '4', name: 'Ann Lee', kind: 'user' });
});

test('accountForHost refuses accounts the host would reject', () => {
  for (const a of [null, { id: '1', name: 'x', kind: 'record' }, { id: '1', name: ' ', kind: 'user' }, { id: '', name: 'x', kind: 'user' },
    { id: '1', name: 'x', kind: 'org' }]) {
    assert.equal(accountForHost(a), null, JSON.stringify(a));
  }
});

test('fieldText turns Zoho values into text', () => {
  assert.equal(fieldText(' a '), 'a');
  assert.equal(fieldText(12.5), '12.5');
  assert.equal(fieldText(false), 'false');
  assert.equal(fieldText(['Retail', '', 'B2B']), 'Retail, B2B');
  assert.equal(fieldText({ name: 'Lookup', id: '1' }), 'Lookup');
  assert.equal(fieldText({ id: '1' }), '');
  assert.equal(fieldText(undefined), '');
});

test('nextPage stops when Zoho has no more records', () => {
  assert.equal(nextPage({ more_records: false, page: 1, per_page: 200 }, 1), null);
  assert.equal(nextPage(null, 1), null);
  assert.equal(nextPage({}, 1), null);
});

test('nextPage asks for the next page number while there are more records', () => {
  assert.deepEqual(nextPage({ more_records: true, page: 1, per_page: 200, count: 200 }, 1), { page: 2 });
  assert.deepEqual(nextPage({ more_records: true, page: 3, per_page: 200 }), { page: 4 });
  assert.deepEqual(nextPage({ more_records: true }), { page: 2 });
});

test('nextPage uses next_page_token when Zoho gives one', () => {
  const info = { per_page: 200, next_page_token: 'c8582e7b', count: 200, page: 2, previous_page_token: null, more_records: true };
  assert.deepEqual(nextPage(info, 2), { page_token: 'c8582e7b' });
});

test('nextPage switches from page numbers to page_token past 2000 records', () => {
  assert.deepEqual(nextPage({ more_records: true, per_page: 200, page: 9 }, 9), { page: 10 });
  assert.deepEqual(nextPage({ more_records: true, per_page: 200, page: 10, next_page_token: 'tok10' }, 10), { page_token: 'tok10' });
  assert.deepEqual(nextPage({ more_records: true, per_page: 200, page: 11, next_page_token: 'tok11' }, 11), { page_token: 'tok11' });
});

test('nextPage never asks for a page past 2000 records without a token', () => {
  assert.equal(nextPage({ more_records: true, per_page: 200, page: 10 }, 10), null);
  assert.deepEqual(nextPage({ more_records: true, per_page: 100, page: 19 }, 19), { page: 20 });
  assert.equal(nextPage({ more_records: true, per_page: 100, page: 20 }, 20), null);
  assert.equal(nextPage({ more_records: true, page: 10 }, 10), null);
});

test('foldText ignores case and accents', () => {
  assert.equal(foldText('Ærø Straße ZÜRICH Łódź İstanbul ﬁne'), 'aero strasse zurich lodz istanbul fine');
});

const acc = (id, name, detail = '') => ({ id, name, kind: 'record', module: 'Accounts', detail });
const names = (list) => list.map((a) => a.name);

function sample() {
  const index = new AccountIndex();
  index.add([acc('1', 'Zylker Inc', 'Berlin'), acc('2', 'Acme Corp', 'Zürich'), acc('3', 'Société Générale', 'Paris'),
    acc('4', 'acme labs', 'Boston'), acc('5', 'Bäckerei Müller', 'München')]);
  return index;
}

test('AccountIndex.add counts accepted accounts and skips invalid ones', () => {
  const index = new AccountIndex();
  assert.equal(index.add([acc('1', 'A'), null, { id: 2, name: 'B' }, { id: '3' }, acc('', 'C')]), 1);
  assert.equal(index.size, 1);
  assert.equal(index.add(undefined), 0);
});

test('AccountIndex.add replaces an account with the same id', () => {
  const index = sample();
  index.add([acc('1', 'Zylker GmbH', 'Hamburg')]);
  assert.equal(index.size, 5);
  assert.equal(index.get('1').name, 'Zylker GmbH');
  assert.deepEqual(names(index.search('hamburg')), ['Zylker GmbH']);
  assert.deepEqual(index.search('berlin'), []);
});

test('AccountIndex stores frozen copies', () => {
  const index = new AccountIndex();
  const a = acc('1', 'A');
  index.add([a]);
  a.name = 'changed';
  assert.equal(index.get('1').name, 'A');
  assert.ok(Object.isFrozen(index.search('')[0]));
  assert.equal(index.get('nope'), null);
});

test('AccountIndex.search matches case-insensitively anywhere in the name', () => {
  assert.deepEqual(names(sample().search('ACME')), ['Acme Corp', 'acme labs']);
  assert.deepEqual(names(sample().search('LKER')), ['Zylker Inc']);
});

test('AccountIndex.search ignores accents in the query and in the accounts', () => {
  assert.deepEqual(names(sample().search('societe')), ['Société Générale']);
  assert.deepEqual(names(sample().search('GÉNÉ')), ['Société Générale']);
  assert.deepEqual(names(sample().search('muller')), ['Bäckerei Müller']);
});

test('AccountIndex.search matches the detail too', () => {
  assert.deepEqual(names(sample().search('zurich')), ['Acme Corp']);
  assert.deepEqual(names(sample().search('münchen')), ['Bäckerei Müller']);
});

test('AccountIndex.search requires every word of the query', () => {
  assert.deepEqual(names(sample().search('ker i')), ['Bäckerei Müller', 'Zylker Inc']);
  assert.deepEqual(names(sample().search('acme boston')), ['acme labs']);
  assert.deepEqual(names(sample().search('acme paris')), []);
});

test('AccountIndex.search with an empty query lists all by name', () => {
  assert.deepEqual(names(sample().search('  ')), ['Acme Corp', 'acme labs', 'Bäckerei Müller', 'Société Générale', 'Zylker Inc']);
});

test('AccountIndex.search puts recent accounts first in recentIds order', () => {
  const r = sample().search('', { recentIds: ['5', '1', 'unknown', '5'] });
  assert.deepEqual(names(r), ['Bäckerei Müller', 'Zylker Inc', 'Acme Corp', 'acme labs', 'Société Générale']);
});

test('AccountIndex.search accepts recent accounts as objects and skips recent ones that do not match', () => {
  const r = sample().search('acme', { recentIds: [{ id: '4' }, { id: '1' }] });
  assert.deepEqual(names(r), ['acme labs', 'Acme Corp']);
});

test('AccountIndex.search returns at most limit accounts, recent ones included', () => {
  assert.equal(sample().search('').length, 5);
  assert.deepEqual(names(sample().search('', { limit: 2, recentIds: ['3'] })), ['Société Générale', 'Acme Corp']);
  assert.deepEqual(sample().search('', { limit: 0, recentIds: ['3'] }), []);
});

test('AccountIndex.search keeps name order after later additions', () => {
  const index = sample();
  index.search('');
  index.add([acc('6', 'Aardvark Ltd')]);
  assert.equal(index.search('')[0].name, 'Aardvark Ltd');
});

test('AccountIndex.search merges accounts added after prepare into name order', () => {
  const index = sample();
  index.prepare();
  index.add([acc('6', 'Aardvark Ltd', 'Berlin'), acc('7', 'Zz Top', 'Berlin')]);
  assert.deepEqual(names(index.search('')), ['Aardvark Ltd', 'Acme Corp', 'acme labs', 'Bäckerei Müller', 'Société Générale', 'Zylker Inc', 'Zz Top']);
  assert.deepEqual(names(index.search('berlin')), ['Aardvark Ltd', 'Zylker Inc', 'Zz Top']);
  assert.deepEqual(names(index.search('', { limit: 2 })), ['Aardvark Ltd', 'Acme Corp']);
});

test('AccountIndex.search returns a replaced account once, with its new values, before and after prepare', () => {
  const index = sample();
  index.prepare();
  index.add([acc('2', 'Acme Corporation', 'Geneva')]);
  index.add([acc('2', 'Acme Corp AG', 'Genève')]);
  for (const round of [1, 2]) {
    assert.deepEqual(names(index.search('acme')), ['Acme Corp AG', 'acme labs'], `round ${round}`);
    assert.deepEqual(index.search('zurich'), [], `round ${round}`);
    assert.deepEqual(names(index.search('geneve', { recentIds: ['2'] })), ['Acme Corp AG'], `round ${round}`);
    assert.equal(index.size, 5);
    index.prepare();
  }
});

test('AccountIndex.add merges large batches into the sorted part on its own', () => {
  const index = new AccountIndex();
  const batch = (from, n) => Array.from({ length: n }, (_, i) => acc(`${from + i}`, `Name ${String(n - i).padStart(5, '0')} of ${from}`));
  index.add(batch(0, 100));
  index.add(batch(100, 3000)); // over 2048 waiting: merged during add
  index.add(batch(3100, 10));
  assert.equal(index.size, 3110);
  const all = index.search('', { limit: 5000 });
  assert.equal(all.length, 3110);
  const folded = all.map((a) => a.name.toLowerCase());
  assert.deepEqual(folded, [...folded].sort());
  assert.deepEqual(names(index.search('00001')), ['Name 00001 of 0', 'Name 00001 of 100', 'Name 00001 of 3100']);
});

test('AccountIndex holds at most its capacity and says when it left accounts out', () => {
  assert.equal(MAX_ACCOUNTS, 100000);
  const index = new AccountIndex({ capacity: 3 });
  assert.equal(index.add([acc('1', 'A'), acc('2', 'B'), acc('3', 'C'), acc('4', 'D')]), 3);
  assert.equal(index.truncated, true);
  assert.equal(index.add([acc('1', 'A2')]), 1);
  index.clear();
  assert.equal(index.size, 0);
  assert.equal(index.truncated, false);
  assert.deepEqual(index.search(''), []);
});

test('AccountIndex.search on 50 000 accounts finds the right accounts', () => {
  const cities = ['Berlin', 'Zürich', 'São Paulo', 'Kraków', 'Chennai', 'Osaka'];
  const index = new AccountIndex();
  for (let page = 0; page < 250; page++) {
    index.add(Array.from({ length: 200 }, (_, i) => {
      const n = page * 200 + i;
      return acc(String(4150868000000000000n + BigInt(n)), `Company ${String(n).padStart(5, '0')}`, cities[n % cities.length]);
    }));
  }
  assert.equal(index.size, 50000);
  const krakow = index.search('krakow', { limit: 100000 });
  assert.equal(krakow.length, Math.ceil((50000 - 3) / 6));
  assert.ok(krakow.every((a) => a.detail === 'Kraków'));
  assert.deepEqual(names(index.search('company 4999')),
    [...[0, 1, 2, 3, 4].map((d) => `Company ${d}4999`), ...Array.from({ length: 10 }, (_, i) => `Company 4999${i}`)]);
  const recent = String(4150868000000000000n + 12344n); // São Paulo
  const top = index.search('sao', { recentIds: [recent], limit: 50 });
  assert.equal(top.length, 50);
  assert.deepEqual(names(top.slice(0, 3)), ['Company 12344', 'Company 00002', 'Company 00008']);
  assert.deepEqual(index.search('no such company'), []);
});

test('AccountIndex.remove drops accounts from search, get and recent, in the main part and among recent additions', () => {
  const index = new AccountIndex();
  index.add(Array.from({ length: 3000 }, (_, i) => ({ id: `m${i}`, name: `Main ${i}`, kind: 'record' })));
  index.prepare();
  index.add([{ id: 'p1', name: 'Pending One', kind: 'record' }, { id: 'p2', name: 'Pending Two', kind: 'record' }]);
  assert.equal(index.remove(['m7', 'p1', 'nope']), 2);
  assert.equal(index.size, 3000);
  assert.equal(index.get('m7'), null);
  assert.deepEqual(index.search('Main 7', { limit: 500 }).map((a) => a.id).filter((id) => id === 'm7'), []);
  assert.deepEqual(index.search('Pending').map((a) => a.id), ['p2']);
  assert.deepEqual(index.search('', { recentIds: ['m7', 'm8'], limit: 1 }).map((a) => a.id), ['m8']);
  index.add([{ id: 'm7', name: 'Main 7 again', kind: 'record' }]);
  assert.equal(index.search('Main 7 again')[0].id, 'm7');
  assert.equal(index.accounts().length, 3001);
});
