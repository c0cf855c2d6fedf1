// GET /users `type` values (issue 12, item 5.6). Source: zoho.md "Corrections" (Users: the ten types, and
// "ActiveUsers includes invited users who have not confirmed"); Zoho's v8 OAS getUsers
// (github.com/zoho/crm-oas v8.0/users/operations/getUsers/operation.md) describes each type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, crm } from '../testkit.mjs';

let fake;
let token;
// 0 active admin, 1 active, 2 invited (active, not confirmed), 3 deactivated, 4 deleted, 5 active admin not confirmed
const SPECS = [{}, {}, { confirm: false }, { status: 'disabled' }, { status: 'deleted' }, { admin: true, confirm: false }];
before(async () => {
  fake = await start({ users: SPECS });
  ({ token } = await signIn(fake, { email: fake.users[1].email }));
});
after(() => fake.close());

const who = async (type) => {
  const r = await crm(fake, `users?type=${type}`, token);
  if (r.status === 204) return [];
  assert.equal(r.status, 200, type);
  return r.body.users.map((u) => fake.users.findIndex((x) => x.email === u.email));
};

test('each documented type selects its users', async () => {
  const expected = {
    AllUsers: [0, 1, 2, 3, 5],
    ActiveUsers: [0, 1, 2, 5], // includes invited users who have not confirmed
    DeactiveUsers: [3],
    ConfirmedUsers: [0, 1, 3],
    NotConfirmedUsers: [2, 5],
    DeletedUsers: [4],
    ActiveConfirmedUsers: [0, 1],
    AdminUsers: [0, 5],
    ActiveConfirmedAdmins: [0],
    CurrentUser: [1],
  };
  for (const [type, ids] of Object.entries(expected)) assert.deepEqual(await who(type), ids, type);
});

test('no type means AllUsers; an unknown type is 400 INVALID_DATA', async () => {
  assert.deepEqual(await who('AllUsers'), (await crm(fake, 'users', token)).body.users
    .map((u) => fake.users.findIndex((x) => x.email === u.email)));
  const r = await crm(fake, 'users?type=EveryoneEver', token);
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'INVALID_DATA');
  assert.deepEqual(r.body.details, { param_name: 'type' });
});

test('user records carry the documented keys and statuses', async () => {
  const r = await crm(fake, 'users?type=AllUsers', token);
  for (const u of r.body.users) {
    assert.deepEqual(Object.keys(u), ['id', 'full_name', 'first_name', 'last_name', 'email', 'role', 'profile', 'status',
      'confirm', 'zuid']);
  }
  assert.deepEqual(r.body.users.map((u) => u.status), ['active', 'active', 'active', 'disabled', 'active']);
  const deleted = await crm(fake, 'users?type=DeletedUsers', token);
  assert.equal(deleted.body.users[0].status, 'deleted');
});

test('an empty selection answers 204 with no body', async () => {
  const solo = await start({ users: 1 });
  try {
    const { token: t } = await signIn(solo);
    const r = await crm(solo, 'users?type=DeactiveUsers', t);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
  } finally {
    await solo.close();
  }
});
