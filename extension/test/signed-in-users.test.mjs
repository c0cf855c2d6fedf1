// lib/signed-in-users.js: the popup's list of who is signed in on this machine, from the host's token.list.
import test from 'node:test';
import assert from 'node:assert/strict';
import { signedInUsers, userForHost } from '../lib/signed-in-users.js';

const SELF = 'AAAAAAAAAAAAAAAAAAAAAA';
const chromium = 'chromium:abcdefghijklmnopabcdefghijklmnop';

test('this profile comes first and is named so; others say which browser and profile hold them', () => {
  const rows = signedInUsers([
    { caller: chromium, installation: 'bbbbbbbbbbbbbbbbbbbbbb', user: { name: 'Bo', email: 'bo@example.com' }, dc: 'eu', expired: false, expires_at: 5 },
    { caller: chromium, installation: SELF, user: { name: 'Ann', email: 'ann@example.com' }, dc: 'us', expired: false, expires_at: 9,
      org: { id: '7', name: 'Zylker', type: 'sandbox' } },
    { caller: 'firefox:zcrm-bridge@example.com', dc: 'us', expired: true, expires_at: 1 },
  ], { installation: SELF });
  assert.deepEqual(rows.map((r) => [r.who, r.where, r.here]), [
    ['Ann', 'this browser profile', true],
    ['Bo', 'Chromium-based browser profile bbbbbb', false],
    ['Zoho user (name not known yet)', 'Firefox', false],
  ]);
  assert.equal(rows[0].org, 'Zylker (sandbox)');
  assert.equal(rows[0].email, 'ann@example.com');
  assert.equal(rows[2].expired, true);
});

test('valid sign-ins come before expired ones', () => {
  const rows = signedInUsers([
    { caller: chromium, installation: 'x'.repeat(22), user: { name: 'A' }, expired: true },
    { caller: chromium, installation: 'y'.repeat(22), user: { name: 'Z' }, expired: false },
  ], { installation: null });
  assert.deepEqual(rows.map((r) => r.who), ['Z', 'A']);
  assert.equal(rows.some((r) => r.here), false, 'a profile without an ID matched one');
});

test('a missing or malformed answer lists nobody', () => {
  assert.deepEqual(signedInUsers(undefined, { installation: SELF }), []);
  assert.deepEqual(signedInUsers({ tokens: [] }, { installation: SELF }), []);
});

test('the user sent with a token always fits the host\'s bounds, so a long name never fails a sign-in', () => {
  assert.deepEqual(userForHost({ name: 'Ann', email: 'ann@example.com' }), { name: 'Ann', email: 'ann@example.com' });
  assert.equal([...userForHost({ name: 'é'.repeat(300) }).name].length, 200);
  assert.deepEqual(userForHost({ name: 'Ann', email: `${'a'.repeat(250)}@x.io` }), { name: 'Ann' });
  assert.deepEqual(userForHost({ name: '', email: 'ann@example.com' }), { email: 'ann@example.com' });
  for (const nothing of [null, undefined, {}, { name: '', email: '' }, { name: 42 }]) assert.equal(userForHost(nothing), null);
});

test('a Firefox container of this profile is named by its container and can be used, also with no own token', () => {
  const firefox = 'firefox:some-addon@example.test';
  const tokens = [
    { caller: firefox, installation: `${SELF}-c6`, user: { name: 'Cy', email: 'cy@example.com' }, dc: 'us', expired: false, expires_at: 5 },
    { caller: firefox, installation: `${SELF}-c7`, user: { name: 'Di', email: 'di@example.com' }, dc: 'us', expired: false, expires_at: 5 },
  ];
  const rows = signedInUsers(tokens, { installation: SELF, active: `${SELF}-c7`, containers: { 'firefox-container-6': 'Work' } });
  assert.deepEqual(rows.map((r) => [r.who, r.where, r.usable, r.active, r.here, r.container]), [
    ['Cy', 'Firefox container Work', true, false, false, 'firefox-container-6'],
    ['Di', 'Firefox container 7', true, true, false, 'firefox-container-7'],
  ]);
});
