// The active user (issue 15): lib/active-user.js's rules, and the session with a host holding two profiles' tokens:
// web apps get the chosen profile's token, a borrowed token is never refreshed from here, a gone one falls back to
// this profile's own, the chosen account follows the active user's org, and token.list is asked only when needed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HostError } from '../bg/host-client.js';
import { Session } from '../bg/session.js';
import { borrowProblem, canUse, choiceOf, elsewhereMessage, ownCaller, validChoice } from '../lib/active-user.js';
import { signedInUsers } from '../lib/signed-in-users.js';

const SETTINGS = { clientId: '1000.T', dc: 'us', scopes: ['ZohoCRM.users.READ'], refreshEarlyMinutes: 5,
  baseUrlOverride: { accounts: '', api: '' }, dcOverrides: {} };
const HOUR = 3600 * 1000;
const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const CALLER = 'chromium:abcdefghijklmnopabcdefghijklmnop';

test('only another profile of this browser, while this one is signed in, can be used', () => {
  const tokens = [{ caller: CALLER, installation: A }, { caller: CALLER, installation: B },
    { caller: 'firefox:x', installation: 'CCCCCCCCCCCCCCCCCCCCCC' }, { caller: CALLER }];
  const self = { installation: A, caller: ownCaller(tokens, A) };
  assert.deepEqual(tokens.map((t) => canUse(t, self)), [false, true, false, false]);
  assert.equal(canUse(tokens[1], { installation: A, caller: ownCaller([tokens[1]], A) }), false, 'signed out here');
});

test('a borrowed token is refused once its refresh is due or it expired, and is gone when not stored', () => {
  const now = 1000;
  assert.equal(borrowProblem({ present: false }, now), 'gone');
  assert.equal(borrowProblem({ present: true, expired: false, expires_at: 2000, refresh_at: 1500 }, now), null);
  assert.equal(borrowProblem({ present: true, expired: false, expires_at: 2000, refresh_at: 1000 }, now), 'expiring');
  assert.equal(borrowProblem({ present: true, expired: true, expires_at: 900, refresh_at: 800 }, now), 'expired');
  const message = elsewhereMessage({ who: 'Bo', where: 'Chromium-based browser profile BBBBBB' }, 'expiring');
  assert.match(message, /Bo's Zoho sign-in is due for renewal; only Chromium-based browser profile BBBBBB/);
  assert.match(message, /Use my own sign-in/);
});

test('a stored choice is kept only in the shape the extension writes', () => {
  const entry = { caller: CALLER, installation: B, dc: 'eu', org: { id: '77' } };
  const choice = choiceOf(entry, { who: 'Bo', where: 'there' });
  assert.deepEqual(validChoice(JSON.parse(JSON.stringify(choice))), choice);
  assert.equal(validChoice({ installation: B }), null);
  assert.equal(validChoice('x'), null);
});

test('the signed-in list marks the active user and offers the others of this browser', () => {
  const tokens = [{ caller: CALLER, installation: A, user: { name: 'Ann' } }, { caller: CALLER, installation: B, user: { name: 'Bo' } }];
  const own = signedInUsers(tokens, { installation: A });
  assert.deepEqual(own.map((r) => [r.who, r.active, r.usable]), [['Ann', true, false], ['Bo', false, true]]);
  const other = signedInUsers(tokens, { installation: A, active: B });
  assert.deepEqual(other.map((r) => [r.who, r.active]), [['Ann', false], ['Bo', true]]);
});

// A host keeping one token per installation, as the real one does, recording every request.
function twoProfileHost(now = Date.now()) {
  const token = (who, org) => ({ dc: 'us', stored_at: now, expires_at: now + HOUR, refresh_at: now + HOUR - 300000,
    granted_for_session: true, org: { id: org }, user: { name: who }, access: `token-of-${who}` });
  const host = {
    sent: [],
    tokens: { [A]: token('Ann', '11'), [B]: token('Bo', '22') },
    accounts: { 11: { id: '1', name: 'Ann Co' }, 22: { id: '2', name: 'Bo Co' } },
    async request(type, body) {
      host.sent.push({ type, ...body });
      const held = host.tokens[body.installation];
      switch (type) {
        case 'token.status': return held ? { present: true, expired: held.expires_at <= Date.now(), ...held } : { present: false };
        case 'token.get':
          if (!held) throw new HostError('NO_TOKEN', 'No token.');
          return { ...held, access_token: held.access };
        case 'token.list': return { tokens: Object.entries(host.tokens).map(([installation, t]) =>
          ({ caller: CALLER, installation, expired: false, ...t })) };
        case 'account.get': return { account: body.org ? host.accounts[body.org] ?? null : { id: '0', name: 'no org' } };
        case 'account.recent': return { accounts: [] };
        case 'token.handouts': return { handouts: [] };
        case 'budget.get': return { login: {}, refresh: {} };
        default: return {};
      }
    },
    count: (type) => host.sent.filter((r) => r.type === type).length,
  };
  return host;
}

async function profileA(host, stored = null) {
  const saved = [];
  const alarms = new Map();
  const store = { loadActiveDc: async () => null, saveActiveDc: async () => {}, loadTokenVia: async () => ({ kind: 'extension' }),
    saveTokenVia: async () => {}, loadInstallationId: async () => A, loadActiveUser: async () => stored,
    saveActiveUser: async (c) => { saved.push(c); } };
  const refreshes = [];
  const zoho = { authorize: async (o) => { refreshes.push(o); return { access_token: 'new', expires_in: 3600 }; },
    authorizeInTab: async () => { throw new Error('no'); }, revoke: async () => true };
  const session = new Session(host, { alarms: { get: async (n) => alarms.get(n),
    create: async (n, { when }) => alarms.set(n, { scheduledTime: when }), clear: async (n) => alarms.delete(n) }, store, zoho });
  await session.configure(SETTINGS);
  await session.refreshStatus({ listTokens: true });
  return { session, saved, refreshes };
}

test('switching to another profile\'s user changes the token and the account web apps get, and back', async () => {
  const host = twoProfileHost();
  const { session, saved } = await profileA(host);
  assert.equal((await session.token('https://app.example')).access_token, 'token-of-Ann');
  assert.equal((await session.chosenAccount()).name, 'Ann Co');
  assert.deepEqual(await session.useUser(B), { ok: true });
  assert.equal(saved.at(-1).installation, B);
  assert.equal((await session.token('https://app.example')).access_token, 'token-of-Bo');
  assert.equal((await session.chosenAccount()).name, 'Bo Co', 'the account of the other user\'s org');
  const handout = host.sent.filter((r) => r.type === 'token.get').at(-1);
  assert.equal(handout.installation, B);
  assert.equal(handout.for_origin, 'https://app.example');
  assert.deepEqual(await session.useUser(null), { ok: true });
  assert.equal(saved.at(-1), null);
  assert.equal((await session.token()).access_token, 'token-of-Ann');
});

test('a borrowed token due for renewal is refused with its holder named, and nothing is refreshed here', async () => {
  const host = twoProfileHost();
  const { session, refreshes } = await profileA(host);
  await session.useUser(B);
  host.tokens[B].refresh_at = Date.now() - 1;
  const before = host.sent.length;
  await assert.rejects(session.token('https://app.example'), (e) => e.code === 'ACTIVE_USER_ELSEWHERE' && /Bo's/.test(e.message));
  assert.equal(host.sent.slice(before).some((r) => r.type === 'token.get'), false, 'a refused token was handed out');
  assert.match(session.state.activeUserNote, /due for renewal/, 'the popup is not told');
  assert.equal(await session.apiRejected(), false);
  assert.equal(refreshes.length, 0);
  assert.equal(host.count('budget.reserve'), 0);
});

test('a borrowed sign-in that is gone falls back to this profile\'s own, saying so', async () => {
  const host = twoProfileHost();
  const { session, saved } = await profileA(host);
  await session.useUser(B);
  delete host.tokens[B];
  assert.equal((await session.token()).access_token, 'token-of-Ann');
  assert.equal(session.state.activeUser, null);
  assert.equal(saved.at(-1), null);
  assert.match(session.state.activeUserNote, /Bo's sign-in is no longer on this computer/);
});

test('a stored choice whose user has no known org reads no chosen account', async () => {
  const host = twoProfileHost();
  const { session } = await profileA(host, { installation: B, dc: 'us', org: null, who: 'Bo', where: 'there' });
  assert.equal(await session.chosenAccount(), null);
  assert.equal(session.state.account, null);
});

test('a web app\'s token read does not make the host list every profile\'s token; a shown page does', async () => {
  const host = twoProfileHost();
  const { session } = await profileA(host);
  const listed = host.count('token.list');
  await session.token('https://app.example');
  await session.refreshStatus();
  assert.equal(host.count('token.list'), listed);
  await session.refreshStatus({ listTokens: true });
  assert.equal(host.count('token.list'), listed + 1);
});

test('a container of this profile: the choice names its cookieStoreId, which a stored choice keeps', () => {
  const own = 'AAAAAAAAAAAAAAAAAAAAAA';
  const entry = { caller: 'firefox:x', installation: `${own}-c7`, dc: 'us', org: { id: '5' } };
  const choice = choiceOf(entry, { who: 'Di', where: 'Firefox container 7' }, own);
  assert.equal(choice.container, 'firefox-container-7');
  assert.deepEqual(validChoice(JSON.parse(JSON.stringify(choice))), choice);
  assert.equal(choiceOf({ ...entry, installation: 'BBBBBBBBBBBBBBBBBBBBBB' }, { who: 'B', where: 'p' }, own).container, undefined);
  assert.equal(validChoice({ ...choice, container: 'firefox-default' }).container, undefined);
  assert.equal(ownCaller([entry], own), 'firefox:x', 'a container\'s token names this browser too');
});

test('a container of this profile as the active user: its token is read through bg/containers.js, its failure shown', async () => {
  const host = twoProfileHost();
  const C = `${A}-c7`;
  host.tokens[C] = { ...host.tokens[B], user: { name: 'Cy' }, access: 'token-of-Cy' };
  const { session, saved, refreshes } = await profileA(host);
  const reads = [];
  let fail = null;
  session.containers = {
    names: async () => ({ 'firefox-container-7': 'Work' }),
    read: async (choice, origin) => {
      reads.push([choice, origin]);
      if (fail) throw fail;
      return { access_token: 'renewed-in-container', expires_at: Date.now() + HOUR };
    },
  };
  await session.refreshStatus({ listTokens: true });
  assert.deepEqual(await session.useUser(C), { ok: true });
  assert.equal(saved.at(-1).container, 'firefox-container-7');
  assert.equal(saved.at(-1).where, 'Firefox container Work');
  assert.equal((await session.token('https://app.example')).access_token, 'renewed-in-container');
  assert.equal(reads[0][1], 'https://app.example');
  fail = Object.assign(new Error('Firefox container Work no longer exists.'), { code: 'SIGN_IN_NEEDED' });
  await assert.rejects(session.token('https://app.example'), { code: 'SIGN_IN_NEEDED' });
  assert.match(session.state.activeUserNote, /no longer exists/);
  assert.equal(refreshes.length, 0, 'launchWebAuthFlow renewed a container\'s token');
  // A 401 to it: renewed in its container (bg/containers.js decides), never by this profile's own refresh.
  const rejected = [];
  session.containers.renewRejected = async (c) => rejected.push(c.installation) > 0;
  assert.equal(await session.apiRejected(), true);
  assert.deepEqual(rejected, [C]);
  assert.equal(refreshes.length, 0);
  assert.equal(host.count('budget.reserve'), 0);
});
