// The Zoho search fallback while a first sync runs (issue 15, item 3): which request, and how answers merge.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mergeRemote, remoteSearchRequest } from '../lib/remote-search.js';

const SRC = { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] };
const acc = (id, name, detail = '') => ({ id, name, kind: 'record', module: 'Accounts', detail });

test('remoteSearchRequest: the longest word as typed, the fields, nothing for users or one-letter queries', () => {
  assert.deepEqual(remoteSearchRequest(SRC, '  Müller  gm 4321 '), { path: 'Accounts/search',
    query: { word: 'Müller', per_page: 50, page: 1, fields: 'Account_Name,Billing_City' } });
  assert.equal(remoteSearchRequest(SRC, 'acme 4321').query.word, '4321', 'a tie: the later word');
  assert.equal(remoteSearchRequest(SRC, 'a b'), null);
  assert.equal(remoteSearchRequest(SRC, ''), null);
  assert.equal(remoteSearchRequest({ type: 'users' }, 'acme'), null);
  assert.equal(remoteSearchRequest({ ...SRC, module: 'Custom Mod' }, 'xy').path, 'Custom%20Mod/search');
});

test('mergeRemote: local first, remote ones matching every term and not listed yet, up to the limit', () => {
  const local = [acc('1', 'Acme Berlin'), acc('2', 'Acme Bonn')];
  const remote = [acc('2', 'Acme Bonn'), acc('3', 'Acme Köln', 'Zürich'), acc('4', 'Other'), acc('5', 'ACME Zurich')];
  assert.deepEqual(mergeRemote(local, remote, 'acme').map((a) => a.id), ['1', '2', '3', '5']);
  assert.deepEqual(mergeRemote(local, remote, 'acme zurich').map((a) => a.id), ['1', '2', '3', '5'],
    'the local list as given; remote ones by every term, the detail counting, folded');
  assert.deepEqual(mergeRemote([], remote, 'köln').map((a) => a.id), ['3']);
  assert.deepEqual(mergeRemote(local, remote, 'acme', { limit: 3 }).map((a) => a.id), ['1', '2', '3']);
  assert.ok(Object.isFrozen(mergeRemote([], remote, 'other')[0]));
});
