// bg/token-identity.js: a sign-in reads the new token's org and user, a refresh keeps its token's, and a read that
// fails leaves the field out instead of failing the sign-in.
import test from 'node:test';
import assert from 'node:assert/strict';
import { tokenIdentity } from '../bg/token-identity.js';

const ORG = { id: '7', name: 'Zylker' };
const USER = { name: 'Ann', email: 'ann@example.com' };

function readers() {
  const calls = [];
  return { calls, readOrg: async (t) => { calls.push(`org:${t.access_token}`); return ORG; },
    readUser: async (t) => { calls.push(`user:${t.access_token}`); return USER; } };
}

test('a sign-in reads both with the new token', async () => {
  const r = readers();
  assert.deepEqual(await tokenIdentity({ access_token: 'new' }, 'https://api', null, r), { org: ORG, user: USER });
  assert.deepEqual(r.calls.sort(), ['org:new', 'user:new']);
});

test('a refresh keeps what its token had and asks Zoho for nothing', async () => {
  const r = readers();
  const held = { org: { id: '9' }, user: { email: 'bo@example.com' } };
  assert.deepEqual(await tokenIdentity({ access_token: 'new' }, 'https://api', held, r), held);
  assert.deepEqual(r.calls, []);
});

test('a failed read leaves that field out', async () => {
  const identity = await tokenIdentity({ access_token: 'new' }, 'https://api', null,
    { readOrg: async () => { throw new Error('403'); }, readUser: async () => ({ name: 'x'.repeat(500) }) });
  assert.deepEqual(Object.keys(identity), ['user']);
  assert.equal(identity.user.name.length, 200);
});
