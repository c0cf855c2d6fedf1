// The background's session driven by node's test runner with a small fake browser and a scripted host: the
// refresh scheduler, the give-up rules, Zoho's throttle, one sign-in at a time, and what a 401 leads to.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HostError } from '../bg/host-client.js';
import { REFRESH_ALARM, Session } from '../bg/session.js';
import { SignInError } from '../bg/zoho-auth.js';

const SETTINGS = { clientId: '1000.T', dc: 'us', scopes: ['ZohoCRM.users.READ'], refreshEarlyMinutes: 5,
  baseUrlOverride: { accounts: '', api: '' }, dcOverrides: {} };
const HOUR = 3600 * 1000;

// A host that keeps one token and the budgets, and records every request it was sent.
function fakeHost() {
  const host = {
    sent: [],
    token: null,
    refuse: {}, // type -> HostError to throw
    async request(type, body) {
      host.sent.push({ type, ...body });
      if (host.refuse[type]) throw host.refuse[type];
      switch (type) {
        case 'token.status': return host.token ? { present: true, expired: false, ...host.token } : { present: false };
        case 'token.get': if (!host.token) throw new HostError('NO_TOKEN', 'No token.'); return { ...host.token, access_token: 'tok' };
        case 'token.store': {
          // Each token gets its own stored_at, also when two are stored within one millisecond.
          const now = Math.max(Date.now(), (host.token?.stored_at ?? 0) + 1);
          host.token = { dc: body.token.location ?? body.dc, stored_at: now, expires_at: now + HOUR, refresh_at: now + HOUR - 300000,
            granted_for_session: body.token.granted_for_session, api_domain: body.token.api_domain,
            ...(body.org ? { org: body.org } : {}), ...(body.user ? { user: body.user } : {}) };
          return { dc: host.token.dc, stored_at: now };
        }
        case 'token.forget': host.token = null; return {};
        case 'budget.block': return { kind: body.kind, until: Date.now() + 600000 };
        case 'budget.get': return { login: { used: 0, limit: 10, window_ms: 600000 }, refresh: { used: 0, limit: 20, window_ms: 1200000 } };
        case 'account.get': return { account: null };
        case 'account.recent': return { accounts: [] };
        case 'token.handouts': return { handouts: [] };
        case 'token.list': return { tokens: host.token ? [{ caller: 'chromium:x', ...host.token }] : [] };
        default: return {};
      }
    },
    count: (type) => host.sent.filter((r) => r.type === type).length,
  };
  return host;
}

function fakeBrowser() {
  const alarms = new Map();
  const created = [];
  const zoho = { calls: [], answers: [] };
  return {
    created,
    alarms: {
      get: async (name) => alarms.get(name),
      create: async (name, { when }) => {
        created.push(when);
        alarms.set(name, { name, scheduledTime: when });
      },
      clear: async (name) => alarms.delete(name),
    },
    alarm: () => alarms.get(REFRESH_ALARM),
    store: { loadActiveDc: async () => null, saveActiveDc: async () => {}, loadTokenVia: async () => ({ kind: 'extension' }),
      saveTokenVia: async () => {} },
    zoho: Object.assign(zoho, {
      // Each call takes the next scripted answer: a token, or an error to throw.
      async authorize(options) {
        zoho.calls.push(options);
        const next = zoho.answers.shift() ?? { access_token: 'new', expires_in: 3600, granted_for_session: true };
        if (next instanceof Error) throw next;
        return next;
      },
      authorizeInTab: async (o) => zoho.authorize(o),
      revoke: async () => true,
    }),
  };
}

async function signedIn({ granted = true } = {}) {
  const host = fakeHost();
  const browser = fakeBrowser();
  const session = new Session(host, browser);
  await session.configure(SETTINGS);
  browser.zoho.answers.push({ access_token: 'a', expires_in: 3600, granted_for_session: granted });
  assert.equal((await session.signIn()).ok, true);
  return { host, browser, session };
}

test('a token Zoho may renew gets one refresh alarm at its refresh_at, not a second one', async () => {
  const { host, browser, session } = await signedIn();
  assert.equal(browser.alarm().scheduledTime, host.token.refresh_at);
  const before = browser.created.length;
  await session.refreshStatus();
  await session.refreshStatus();
  assert.equal(browser.created.length, before, 'the same alarm was created again');
});

test('a token without session access gets no refresh alarm', async () => {
  const { browser, session } = await signedIn({ granted: false });
  assert.equal(browser.alarm(), undefined);
  assert.equal(session.state.phase.name, 'signed_in');
});

test('a refresh Zoho refuses is not retried for that token, and the person is asked to sign in', async () => {
  const { browser, session, host } = await signedIn();
  browser.zoho.answers.push(new SignInError('client_not_granted', 'Zoho needs you to sign in again.'));
  const answer = await session.refresh();
  assert.deepEqual(answer, { ok: false, error: { code: 'client_not_granted', message: 'Zoho needs you to sign in again.' } });
  assert.equal(session.state.phase.name, 'signin_needed');
  await browser.alarms.clear(REFRESH_ALARM);
  await session.refreshStatus();
  assert.equal(browser.alarm(), undefined, 'a refused refresh was scheduled again');
  assert.equal(host.count('budget.reserve'), 2, 'one sign-in and one refresh reserved, nothing more');
});

test('a spent refresh budget schedules nothing before the budget frees up', async () => {
  const { browser, session, host } = await signedIn();
  host.refuse['budget.reserve'] = new HostError('RATE_LIMITED', 'Refresh budget spent.', 120000);
  const answer = await session.refresh();
  assert.equal(answer.error.code, 'RATE_LIMITED');
  assert.equal(session.state.phase.name, 'budget_spent');
  assert.ok(browser.alarm().scheduledTime >= Date.now() + 110000, 'the refresh alarm is inside the refusal');
  assert.equal(browser.zoho.calls.length, 1, 'Zoho was asked although the budget said no');
});

test('Zoho\'s throttle is reported to the host and becomes a block until the host\'s end, not "declined"', async () => {
  const { host, browser, session } = await signedIn();
  browser.zoho.answers.push(new SignInError('zoho_throttled', 'Zoho is blocking new sign-ins and refreshes for this client for a while.'));
  await session.refresh();
  assert.deepEqual(host.sent.filter((r) => r.type === 'budget.block').map((r) => r.kind), ['refresh']);
  assert.equal(session.state.phase.name, 'zoho_blocked');
  assert.equal(session.state.phase.kind, 'refresh');
  assert.ok(session.state.phase.until > Date.now() + 590000);
  assert.equal(session.state.lastError, null, 'the block is the state, not an error line');
});

test('a block the host reports (ZOHO_BLOCKED) is a block too, and sends nothing to Zoho', async () => {
  const { host, browser, session } = await signedIn();
  host.refuse['budget.reserve'] = new HostError('ZOHO_BLOCKED', 'Zoho blocks sign-ins.', 300000);
  await session.signOut();
  const calls = browser.zoho.calls.length;
  const answer = await session.signIn();
  assert.equal(answer.error.code, 'ZOHO_BLOCKED');
  assert.equal(session.state.phase.name, 'zoho_blocked');
  assert.equal(browser.zoho.calls.length, calls);
});

test('sign-ins asked for while one runs join it: one Zoho window, one budget slot', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  const session = new Session(host, browser);
  await session.configure(SETTINGS);
  const answers = await Promise.all([session.signIn(), session.signIn(), session.signIn()]);
  assert.deepEqual(answers.map((a) => a.ok), [true, true, true]);
  assert.equal(browser.zoho.calls.length, 1);
  assert.equal(host.count('budget.reserve'), 1);
});

test('a 401 from the CRM API leads to one refresh; another soon after asks for a sign-in instead', async () => {
  const { browser, session } = await signedIn();
  assert.equal(await session.apiRejected(), true, 'the renewed token is ready for another try');
  assert.equal(browser.zoho.calls.filter((c) => c.refresh).length, 1);
  assert.equal(await session.apiRejected(), false);
  assert.equal(browser.zoho.calls.filter((c) => c.refresh).length, 1, 'a second refresh for a Zoho that keeps refusing');
  assert.equal(session.state.phase.name, 'signin_needed');
});

test('401s of several calls at once lead to one refresh, and every call tries again with the renewed token', async () => {
  const { host, browser, session } = await signedIn();
  const answers = await Promise.all([session.apiRejected(), session.apiRejected(), session.apiRejected()]);
  assert.deepEqual(answers, [true, true, true]);
  assert.equal(browser.zoho.calls.filter((c) => c.refresh).length, 1, 'a refresh per rejected call');
  assert.equal(host.count('budget.reserve'), 2, 'the sign-in and one refresh');
  assert.equal(session.state.phase.name, 'signed_in');
});

test('a 401 to a call that carried a token older than the one held now tries again without a refresh', async () => {
  const { browser, session } = await signedIn();
  const old = session.state.token.stored_at;
  assert.equal(await session.apiRejected(old), true);
  assert.equal(await session.apiRejected(old), true, 'the late answer to the old token asked for a sign-in');
  assert.equal(browser.zoho.calls.filter((c) => c.refresh).length, 1);
  assert.equal(session.state.phase.name, 'signed_in');
});

test('a 401 without session access asks for a sign-in at once', async () => {
  const { browser, session } = await signedIn({ granted: false });
  assert.equal(await session.apiRejected(), false);
  assert.equal(browser.zoho.calls.length, 1, 'a refresh was tried for a token Zoho will not renew');
  assert.equal(session.state.phase.name, 'signin_needed');
});

test('a 401 after signing out signs nobody back in', async () => {
  const { browser, session } = await signedIn();
  await session.signOut();
  assert.equal(await session.apiRejected(), false);
  assert.equal(browser.zoho.calls.length, 1);
  assert.equal(session.state.phase.name, 'signed_out');
});

test('a token whose api_domain is not its data centre\'s is refused and never stored', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  const session = new Session(host, browser);
  await session.configure(SETTINGS);
  browser.zoho.answers.push({ access_token: 'a', expires_in: 3600, location: 'us', api_domain: 'https://www.zohoapis.eu' });
  const answer = await session.signIn();
  assert.equal(answer.error.code, 'wrong_api_domain');
  assert.equal(host.count('token.store'), 0);
  assert.equal(session.state.phase.name, 'signin_needed');
});

test("the chosen account is kept per org: the token's org goes with every account request", async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  const orgs = [{ id: '111', name: 'Zylker', type: 'production' }, { id: '222', name: 'Zylker', type: 'sandbox' }];
  const session = new Session(host, { ...browser, readOrg: async () => orgs.shift() });
  await session.configure(SETTINGS);
  await session.signIn();
  await session.choose({ id: '9', name: 'Ann', kind: 'user' });
  assert.equal(host.sent.filter((r) => r.type === 'token.store')[0].org.id, '111');
  assert.equal(host.sent.filter((r) => r.type === 'account.choose')[0].org, '111');
  await session.signOut();
  await session.signIn(); // the person picked the sandbox org at Zoho this time
  assert.deepEqual(host.sent.filter((r) => r.type === 'account.get').at(-1).org, '222');
  await session.refresh(); // a refresh keeps the org without asking Zoho again
  assert.equal(host.sent.filter((r) => r.type === 'token.store').at(-1).org.id, '222');
});

test('a token whose org Zoho does not tell keeps the account per client and data centre, as before', async () => {
  const host = fakeHost();
  const session = new Session(host, { ...fakeBrowser(), readOrg: async () => { throw new Error('no ZohoCRM.org.READ'); } });
  await session.configure(SETTINGS);
  assert.equal((await session.signIn()).ok, true);
  assert.equal('org' in host.sent.filter((r) => r.type === 'account.get').at(-1), false);
});

test('every token request names this profile\'s installation, so two profiles keep two tokens at the host', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  browser.store.loadInstallationId = async () => 'AAAAAAAAAAAAAAAAAAAAAA';
  const session = new Session(host, browser);
  await session.configure(SETTINGS);
  assert.equal((await session.signIn()).ok, true);
  await session.refresh();
  await session.token('https://app.example.com');
  await session.signOut();
  // token.list asks for every profile's token, so it names none.
  const tokenRequests = host.sent.filter((r) => r.type.startsWith('token.') && r.type !== 'token.list');
  assert.deepEqual([...new Set(tokenRequests.map((r) => r.type))].sort(),
    ['token.forget', 'token.get', 'token.handouts', 'token.status', 'token.store']);
  for (const r of tokenRequests) assert.equal(r.installation, 'AAAAAAAAAAAAAAAAAAAAAA', r.type);
});

test('a profile whose installation ID cannot be read still works with the browser\'s one token', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  browser.store.loadInstallationId = async () => { throw new Error('storage is gone'); };
  const session = new Session(host, browser);
  await session.configure(SETTINGS);
  assert.equal((await session.signIn()).ok, true);
  for (const r of host.sent) assert.equal('installation' in r, false, r.type);
});

test('a sign-in keeps its Zoho user with the token, a refresh keeps it, and the machine\'s sign-ins are listed', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  const asked = [];
  const readUser = async (token) => {
    asked.push(token.access_token);
    return { name: 'Ann Example', email: 'ann@example.com' };
  };
  const session = new Session(host, { ...browser, readUser });
  await session.configure(SETTINGS);
  assert.equal((await session.signIn()).ok, true);
  const stores = () => host.sent.filter((r) => r.type === 'token.store');
  assert.deepEqual(stores()[0].user, { name: 'Ann Example', email: 'ann@example.com' });
  await session.refresh();
  assert.equal(stores().length, 2);
  assert.deepEqual(stores()[1].user, { name: 'Ann Example', email: 'ann@example.com' });
  assert.equal(asked.length, 1, 'a refresh asked Zoho for the user again');
  assert.deepEqual(session.state.machineTokens.map((t) => t.user?.email), ['ann@example.com']);
});

test('a sign-in whose user cannot be read is still stored, without a user', async () => {
  const host = fakeHost();
  const browser = fakeBrowser();
  const session = new Session(host, { ...browser, readUser: async () => { throw new Error('users API refused'); } });
  await session.configure(SETTINGS);
  assert.equal((await session.signIn()).ok, true);
  const [store] = host.sent.filter((r) => r.type === 'token.store');
  assert.equal('user' in store, false);
});
