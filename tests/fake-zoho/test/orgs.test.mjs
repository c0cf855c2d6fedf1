// CRM orgs (issue 12, item 5.3). Source: "Org-specific OAuth2.0 Tokens in Zoho CRM" (help.zoho.com, via zoho.md
// "Corrections"): the consent page asks for a Production, Sandbox or Developer org, the token is tied to it, and a
// user can belong to up to 10 CRM orgs. GET /org fields: zoho.md "CRM API".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, authorize, signIn, approve, refresh, fragment, crm } from '../testkit.mjs';
import { startFakeZoho } from '../server.mjs';

let fake;
before(async () => {
  fake = await start({
    orgs: [{ type: 'production' }, { type: 'sandbox', records: { Accounts: 5 } }, { type: 'developer', name: 'Dev Co' }],
    users: [{ orgs: [0, 1, 2] }, { orgs: [0, 1] }, { orgs: [1] }],
    records: { Accounts: 30 },
  });
});
after(() => fake.close());

const [prod, sandbox, dev] = [0, 1, 2].map((k) => () => fake.orgs[k]);

test('the consent page offers the person\'s orgs in #org, the first one selected', async () => {
  const html = await (await authorize(fake)).text();
  const options = [...html.matchAll(/<option value="(\d+)" data-type="(\w+)"( selected)?>/g)].map((m) => m.slice(1));
  assert.deepEqual(options, [[prod().id, 'production', ' selected'], [sandbox().id, 'sandbox', undefined],
    [dev().id, 'developer', undefined]]);
  assert.match(html, /<select id="org" name="org">/);
  assert.match(html, />Dev Co \(developer\)</);
});

test('the token is bound to the chosen org: GET /org answers that org, with its type', async () => {
  const keys = ['id', 'company_name', 'primary_zuid', 'zgid', 'domain_name', 'time_zone', 'currency', 'type'];
  for (const org of [prod(), sandbox(), dev()]) {
    const { token } = await signIn(fake, { org: org.id });
    const r = await crm(fake, 'org', token);
    assert.equal(r.status, 200);
    assert.equal(r.body.org.length, 1);
    for (const k of keys) assert.ok(k in r.body.org[0], k);
    assert.equal(r.body.org[0].id, org.id);
    assert.equal(r.body.org[0].type, org.type);
    assert.equal(fake.state.issued.at(-1).orgId, org.id);
  }
  const { token } = await signIn(fake);
  assert.equal((await crm(fake, 'org', token)).body.org[0].id, prod().id, 'no choice: the first org');
});

test('users and records are per org, and their ids differ between orgs', async () => {
  const { token: tp } = await signIn(fake, { org: prod().id });
  const { token: ts } = await signIn(fake, { org: sandbox().id });
  const up = (await crm(fake, 'users?type=AllUsers', tp)).body.users;
  const us = (await crm(fake, 'users?type=AllUsers', ts)).body.users;
  assert.deepEqual(up.map((u) => u.email), [fake.users[0].email, fake.users[1].email]);
  assert.deepEqual(us.map((u) => u.email), fake.users.map((u) => u.email));
  assert.notEqual(up[0].id, us[0].id, 'the same person has another CRM user id in another org');
  assert.equal(up[0].zuid, us[0].zuid, 'but the same zuid');
  const me = (await crm(fake, 'users?type=CurrentUser', ts)).body.users[0];
  assert.equal(me.id, us[0].id);
  const rp = await crm(fake, 'Accounts?fields=Account_Name&sort_order=asc', tp);
  const rs = await crm(fake, 'Accounts?fields=Account_Name&sort_order=asc', ts);
  assert.equal(rp.body.data.length, 30);
  assert.equal(rs.body.data.length, 5, 'the sandbox has its own records');
  const ids = new Set(rp.body.data.map((d) => d.id));
  assert.ok(rs.body.data.every((d) => !ids.has(d.id)));
  assert.equal((await crm(fake, `Accounts/${rp.body.data[0].id}`, ts)).status, 204, 'a production id is not in sandbox');
  assert.equal((await crm(fake, `Accounts/${rs.body.data[0].id}`, ts)).status, 200);
});

test('the consent form refuses an org the person does not belong to', async () => {
  const res = await approve(fake, { email: fake.users[2].email, org: prod().id });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /id="error"/);
  const ok = await approve(fake, { email: fake.users[2].email });
  assert.equal(ok.status, 302, 'default: the person\'s first org');
  assert.equal(fake.state.issued.at(-1).orgId, sandbox().id);
});

test('a silent refresh keeps the org of the session grant', async () => {
  const { cookie } = await signIn(fake, { org: dev().id });
  const frag = fragment(await refresh(fake, {}, cookie));
  assert.equal((await crm(fake, 'org', frag.get('access_token'))).body.org[0].type, 'developer');
});

test('org types are production, sandbox or developer; a person belongs to 1 to 10 orgs', async () => {
  await assert.rejects(startFakeZoho({ orgs: [{ type: 'staging' }] }), /type must be one of production, sandbox/);
  const eleven = Array.from({ length: 11 }, () => ({}));
  await assert.rejects(startFakeZoho({ orgs: eleven, users: [{ orgs: eleven.map((_, k) => k) }] }), /1\.\.10 orgs/);
  const ten = await startFakeZoho({ orgs: eleven.slice(1), users: [{ orgs: eleven.slice(1).map((_, k) => k) }] });
  try {
    assert.equal(ten.users[0].orgs.length, 10);
    assert.equal(new Set(ten.orgs.map((o) => o.id)).size, 10);
  } finally {
    await ten.close();
  }
});
