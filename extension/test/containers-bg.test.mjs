// A Firefox container's token in the background (bg/containers.js), with a fake session, host and browser: kept under
// the container's installation; read as is while fresh; renewed when due only in a tab of that container (never
// launchWebAuthFlow); a container that is gone, or a renewal that fails, answers SIGN_IN_NEEDED with the way on.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CONTAINER_ALARM, containerOfRequest, makeContainerTokens } from '../bg/containers.js';

const OWN = 'AbC-dEf_0123456789xyzQ';
const INST = `${OWN}-c7`;
const STORE = 'firefox-container-7';
const LANDING = 'https://app.example.com/LoginRedirect';
const choice = { installation: INST, dc: 'us', org: null, who: 'Ann', where: 'Firefox container Work', container: STORE };

function world({ refreshAt = Date.now() + 600000, gone = false, tabFails = null, granted = false, revokes = true, via = { kind: 'capture', redirectUri: LANDING, cookieStoreId: STORE } } = {}) {
  const log = [];
  const vias = new Map([[INST, via]]);
  const host = { request: async (type, body) => {
    log.push([type, body]);
    if (type === 'token.status') {
      return { present: true, expired: false, expires_at: Date.now() + 3600000, refresh_at: refreshAt, scope: 'ZohoCRM.users.READ',
        granted_for_session: granted };
    }
    if (type === 'token.get') return { access_token: '1000.held', expires_at: Date.now() + 3600000 };
    if (type === 'budget.reserve') return { ok: true };
    if (type === 'token.forget') return { ok: true, forgotten: true };
    if (type === 'token.store') {
      log.push(['store', body.token.access_token, body.source, body.installation, body.user?.name]);
      refreshAt = Date.now() + 600000;
      return { ok: true, dc: 'us', refresh_at: Date.now() + 5000 };
    }
    throw new Error(`unexpected ${type}`);
  } };
  const session = {
    scope: () => ({ client_id: '1000.T', dc: 'us', installation: OWN }),
    state: { activeUser: null, machineTokens: [{ installation: INST, dc: 'eu' }] },
    useUser: async (i) => log.push(['useUser', i]),
    configured: Promise.resolve(),
    noteActiveUser: (m) => log.push(['note', m]),
    settings: { scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL'], refreshEarlyMinutes: 5, dc: 'us' },
    endpoints: () => ({ accounts: 'https://accounts.zoho.com' }),
    refreshStatus: async (o) => log.push(['status', o]),
  };
  const zoho = {
    authorize: async () => assert.fail('launchWebAuthFlow must never renew a container\'s token'),
    revoke: async (accounts, token) => (log.push(['revoke', accounts, token]), revokes),
    authorizeInTab: async (ask) => {
      log.push(['tab', ask]);
      if (tabFails) throw tabFails;
      return { access_token: '1000.renewed', expires_in: 3600 };
    },
  };
  const store = { loadContainerVia: async (i) => vias.get(i) ?? null, saveContainerVia: async (i, v) => vias.set(i, v),
    forgetContainerVia: async (i) => vias.delete(i) };
  const identities = { get: async (id) => {
    if (gone) throw new Error(`Invalid contextual identity: ${id}`);
    return { cookieStoreId: id, name: 'Work' };
  }, query: async () => [{ cookieStoreId: STORE, name: 'Work' }] };
  const readUser = async () => ({ name: 'Ann', email: 'ann@example.com' });
  const alarmList = [];
  const alarms = { create: async (name, { when }) => alarmList.push([name, when]),
    clear: async (name) => log.push(['clear', name]) };
  return { log, vias, session, alarms: alarmList,
    tokens: makeContainerTokens(session, host, { store, zoho, identities, readUser, alarms }) };
}

test('a capture in a container is kept under the container\'s installation with how to renew it', async () => {
  const w = world({ via: null });
  await w.tokens.storeCaptured({ access_token: '1000.new', expires_in: 3600 }, STORE, LANDING);
  assert.deepEqual(w.log.find(([t]) => t === 'store'), ['store', '1000.new', 'login', INST, 'Ann']);
  assert.deepEqual(w.log.at(-1), ['status', { listTokens: true }], 'the popup\'s list is not told');
  assert.deepEqual(w.vias.get(INST), { kind: 'capture', redirectUri: LANDING, cookieStoreId: STORE, dc: 'us' });
  assert.deepEqual(w.alarms, [], 'no session access granted: nothing to renew it with');
});

test('a fresh container token is read as it is: no refresh', async () => {
  const w = world();
  assert.equal((await w.tokens.read(choice)).access_token, '1000.held');
  assert.equal(w.log.filter(([t]) => t === 'tab' || t === 'budget.reserve').length, 0);
  assert.equal(w.log.find(([t]) => t === 'token.get')[1].installation, INST);
});

test('a container token due for renewal is renewed in a tab of that container, within the budget', async () => {
  const w = world({ refreshAt: Date.now() - 1 });
  await Promise.all([w.tokens.read(choice), w.tokens.read(choice)]);
  const tabs = w.log.filter(([t]) => t === 'tab');
  assert.equal(tabs.length, 1, 'two reads at once renew once');
  assert.equal(tabs[0][1].cookieStoreId, STORE);
  assert.equal(tabs[0][1].redirectUri, LANDING);
  assert.deepEqual(tabs[0][1].scopes, ['ZohoCRM.users.READ'], 'what was granted, not more');
  assert.deepEqual(w.log.find(([t]) => t === 'budget.reserve')[1], { client_id: '1000.T', kind: 'refresh' });
  assert.deepEqual(w.log.find(([t]) => t === 'store'), ['store', '1000.renewed', 'refresh', INST, 'Ann']);
});

test('a container that is gone is said so, before any budget is spent', async () => {
  const w = world({ refreshAt: Date.now() - 1, gone: true });
  await assert.rejects(w.tokens.read(choice), { code: 'SIGN_IN_NEEDED', message: /Firefox container Work no longer exists.*Use my own sign-in/ });
  assert.equal(w.log.filter(([t]) => t === 'tab' || t === 'budget.reserve').length, 0);
});

test('a container no tab opens in is gone too; Zoho refusing says why and the way on', async () => {
  const gone = world({ refreshAt: Date.now() - 1, tabFails: Object.assign(new Error('x'), { containerGone: true }) });
  await assert.rejects(gone.tokens.read(choice), { code: 'SIGN_IN_NEEDED', message: /no longer exists/ });
  const refused = world({ refreshAt: Date.now() - 1, tabFails: new Error('Zoho asks to sign in again') });
  await assert.rejects(refused.tokens.read(choice),
    { code: 'SIGN_IN_NEEDED', message: /could not be renewed there \(Zoho asks to sign in again\).*Use my own sign-in/ });
  assert.equal(refused.log.filter(([t]) => t === 'store').length, 0);
});

test('after a renewal on a read failed, later reads of that token answer the same and ask Zoho no more', async () => {
  const w = world({ refreshAt: Date.now() - 1, tabFails: new Error('Zoho asks to sign in again') });
  for (let i = 0; i < 3; i++) {
    await assert.rejects(w.tokens.read(choice), { code: 'SIGN_IN_NEEDED', message: /could not be renewed there/ });
  }
  assert.equal(w.log.filter(([t]) => t === 'tab').length, 1, 'Zoho was asked again');
  assert.equal(w.log.filter(([t]) => t === 'budget.reserve').length, 1, 'the refresh budget was spent again');
});

test('without a known web app sign-in of the container nothing is asked of Zoho', async () => {
  const w = world({ refreshAt: Date.now() - 1, via: null });
  await assert.rejects(w.tokens.read(choice), { code: 'SIGN_IN_NEEDED', message: /Sign in again in a tab of that container/ });
  assert.equal(w.log.filter(([t]) => t === 'tab' || t === 'budget.reserve').length, 0);
});

test('the container of a request: its cookieStoreId, else its tab\'s; none for the default store or no tab', async () => {
  assert.equal(await containerOfRequest({ cookieStoreId: STORE, tabId: 1 }), STORE);
  assert.equal(await containerOfRequest({ cookieStoreId: 'firefox-default', tabId: 1 }), null);
  assert.equal(await containerOfRequest({ cookieStoreId: 'firefox-private', tabId: 1 }), null);
  const tabs = { get: async (id) => ({ id, cookieStoreId: 'firefox-container-2' }) };
  assert.equal(await containerOfRequest({ tabId: 3 }, tabs), 'firefox-container-2');
  assert.equal(await containerOfRequest({ tabId: -1 }, tabs), null);
  assert.equal(await containerOfRequest({ tabId: 3 }), null, 'Chromium: no containers');
});

test('container names come from Firefox, and none where it gives none', async () => {
  assert.deepEqual(await world().tokens.names(), { [STORE]: 'Work' });
  const bare = makeContainerTokens({}, {}, { store: {}, zoho: {} });
  assert.deepEqual(await bare.names(), {});
});

test('a token with session access is renewed by its alarm at refresh_at, in its container; a failure is shown when active', async () => {
  const w = world({ via: null });
  await w.tokens.storeCaptured({ access_token: '1000.new', expires_in: 3600, granted_for_session: 'true' }, STORE, LANDING);
  assert.equal(w.alarms.length, 1);
  const [name, when] = w.alarms[0];
  assert.equal(name, `${CONTAINER_ALARM}${INST}`);
  assert.ok(when > Date.now(), 'the alarm is not at refresh_at');
  assert.equal(await w.tokens.onAlarm('zcrm-refresh'), false, 'another alarm');
  assert.equal(await w.tokens.onAlarm(name), true);
  const tab = w.log.find(([t]) => t === 'tab');
  assert.equal(tab[1].cookieStoreId, STORE);
  assert.equal(tab[1].redirectUri, LANDING);
  assert.deepEqual(w.log.filter(([t]) => t === 'store').map((e) => e[2]), ['login', 'refresh']);

  const failing = world({ tabFails: new Error('Zoho asks to sign in again') });
  failing.session.state.activeUser = { installation: INST };
  assert.equal(await failing.tokens.onAlarm(name), true);
  assert.match(failing.log.find(([t]) => t === 'note')[1], /Firefox container Work.*could not be renewed.*Use my own sign-in/);
  assert.equal(await world().tokens.onAlarm(`${CONTAINER_ALARM}ZZZZZZZZZZZZZZZZZZZZZZ-c7`), true, 'another profile\'s: nothing');
});

test('a 401 to a container\'s token renews it in its container once per ten minutes, with session access only', async () => {
  const w = world();
  assert.equal(await w.tokens.renewRejected(choice), false, 'no session access: Zoho would refuse');
  assert.equal(w.log.filter(([t]) => t === 'tab').length, 0);
  const granted = world({ granted: true });
  assert.equal(await granted.tokens.renewRejected(choice), true);
  assert.equal(granted.log.filter(([t]) => t === 'tab')[0][1].cookieStoreId, STORE);
  assert.equal(await granted.tokens.renewRejected(choice), false, 'a second 401 soon after');
  assert.equal(granted.log.filter(([t]) => t === 'tab').length, 1);
  const failing = world({ granted: true, tabFails: new Error('Zoho asks to sign in again') });
  assert.equal(await failing.tokens.renewRejected(choice), false);
  assert.match(failing.log.find(([t]) => t === 'note')[1], /could not be renewed/);
});

test('signing a container\'s user out revokes its token at Zoho, forgets it in its own scope and stops its renewal', async () => {
  const w = world();
  assert.deepEqual(await w.tokens.signOut(INST), { ok: true, revoked: true });
  const scope = { client_id: '1000.T', dc: 'eu', installation: INST }; // the token's data centre, from token.list
  assert.deepEqual(w.log.filter(([t]) => ['token.get', 'revoke', 'token.forget', 'clear'].includes(t)), [
    ['token.get', scope], ['revoke', 'https://accounts.zoho.com', '1000.held'], ['token.forget', scope],
    ['clear', `${CONTAINER_ALARM}${INST}`]]);
  assert.equal(w.vias.has(INST), false, 'how to renew it is still kept');
  assert.ok(w.log.some(([t, o]) => t === 'status' && o?.listTokens), 'the list of who is signed in was not read again');
  assert.equal(w.log.some(([t]) => t === 'useUser' || t === 'note'), false);
});

test('signing out the active container user goes back to the profile\'s own; an unconfirmed revoke is said', async () => {
  const w = world({ revokes: false });
  w.session.state.activeUser = { installation: INST };
  assert.deepEqual(await w.tokens.signOut(INST), { ok: true, revoked: false });
  assert.deepEqual(w.log.find(([t]) => t === 'useUser'), ['useUser', null]);
  assert.match(w.log.find(([t]) => t === 'note')[1], /Signed out of Firefox container Work here; Zoho could not confirm/);
});

test('only a container of this profile can be signed out there: its own or another profile\'s token is left', async () => {
  for (const installation of [OWN, 'ZZZ-dEf_0123456789xyzQ-c7', `${OWN}-x7`, '']) {
    const w = world();
    const answer = await w.tokens.signOut(installation);
    assert.equal(answer.ok, false, installation);
    assert.match(answer.error.message, /Only a Firefox container of this browser profile/);
    assert.deepEqual(w.log, [], `asked something for ${installation}`);
  }
});
