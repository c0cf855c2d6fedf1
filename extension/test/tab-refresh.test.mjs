// The silent refresh in a background tab (bg/tab-refresh.js), driven with a small fake browser: the token is read
// from Zoho's redirect, the landing is diverted and the tab closed, and the URL is forgotten before the token is used.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeTabRefresh, refreshStates } from '../bg/tab-refresh.js';

const LANDING = 'https://app.example.com/LoginRedirect';
const ZOHO = 'https://accounts.zoho.com';

function event() {
  const listeners = new Set();
  return { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l), fire: (d) => [...listeners].forEach((l) => l(d)),
    get size() { return listeners.size; } };
}

// A browser whose tab, once sent to Zoho, does what `zoho(url, browser)` says: redirect, show a page, or nothing.
function fakeBrowser(zoho) {
  const log = [];
  const b = {
    log,
    webRequest: { onBeforeRedirect: event() },
    webNavigation: { onCommitted: event() },
    tabs: {
      create: async ({ url }) => { log.push(['create', url]); return { id: 7 }; },
      update: async (id, { url }) => { log.push(['update', id, url]); queueMicrotask(() => zoho(url, b)); },
      remove: async (id) => { log.push(['remove', id]); },
    },
    declarativeNetRequest: { updateSessionRules: async (r) => { log.push(['dnr', r]); } },
    history: { deleteUrl: async ({ url }) => { log.push(['forget', url]); } },
  };
  return b;
}

const redirectWithToken = (token) => (url, b) => {
  const state = new URL(url).searchParams.get('state');
  b.webRequest.onBeforeRedirect.fire({ tabId: 7, url, redirectUrl: `${LANDING}#access_token=${token}&expires_in=3600&state=${state}` });
};

const ask = { accounts: ZOHO, clientId: '1000.T', scopes: ['ZohoCRM.users.READ'], redirectUri: LANDING };

test('the token comes from Zoho\'s redirect; the landing is diverted, the tab closed and the URL forgotten first', async () => {
  const b = fakeBrowser(redirectWithToken('1000.fresh'));
  const token = await makeTabRefresh(b)(ask);
  assert.equal(token.access_token, '1000.fresh');
  const kinds = b.log.map((e) => e[0]);
  assert.deepEqual(kinds.slice(0, 3), ['create', 'dnr', 'update'], 'the diversion must be in place before Zoho is asked');
  const [, added] = b.log.find((e) => e[0] === 'dnr' && e[1].addRules);
  assert.deepEqual(added.addRules[0].condition.tabIds, [7]);
  assert.match(added.addRules[0].action.redirect.url, /^about:blank#/);
  assert.ok(b.log.some((e) => e[0] === 'remove' && e[1] === 7), 'the tab stayed open');
  assert.ok(b.log.some((e) => e[0] === 'forget' && e[1].includes('1000.fresh')), 'the URL was not removed from history');
  assert.ok(b.log.some((e) => e[0] === 'dnr' && e[1].removeRuleIds), 'the diversion rule was left behind');
  assert.equal(b.webRequest.onBeforeRedirect.size + b.webNavigation.onCommitted.size, 0, 'listeners were left behind');
  assert.equal(refreshStates.size, 0);
});

test('the refresh asks Zoho\'s silent-refresh endpoint for the web app\'s redirect URL', async () => {
  const b = fakeBrowser(redirectWithToken('1000.x'));
  await makeTabRefresh(b)(ask);
  const url = new URL(b.log.find((e) => e[0] === 'update')[2]);
  assert.equal(`${url.origin}${url.pathname}`, `${ZOHO}/oauth/v2/auth/refresh`);
  assert.equal(url.searchParams.get('redirect_uri'), LANDING);
});

test('a redirect carrying another state (not this refresh\'s answer) is ignored', async () => {
  const b = fakeBrowser((url, br) => {
    br.webRequest.onBeforeRedirect.fire({ tabId: 7, url, redirectUrl: `${LANDING}#access_token=1000.other&expires_in=3600&state=x` });
    redirectWithToken('1000.mine')(url, br);
  });
  assert.equal((await makeTabRefresh(b)(ask)).access_token, '1000.mine');
});

test('Zoho showing a page instead of redirecting means a person is needed, at once', async () => {
  const b = fakeBrowser((url, br) => br.webNavigation.onCommitted.fire({ tabId: 7, frameId: 0, url: `${ZOHO}/signin?x=1` }));
  await assert.rejects(makeTabRefresh(b)(ask), { code: 'interaction_required' });
  assert.ok(b.log.some((e) => e[0] === 'remove'), 'the tab stayed open');
});

test('Zoho\'s throttle in the redirect is a throttle, with the tab closed all the same', async () => {
  const b = fakeBrowser((url, br) => {
    const state = new URL(url).searchParams.get('state');
    br.webRequest.onBeforeRedirect.fire({ tabId: 7, url, redirectUrl:
      `${LANDING}#error=access_denied&error_description=You%20have%20made%20too%20many%20requests%20continuously.&state=${state}` });
  });
  await assert.rejects(makeTabRefresh(b)(ask), { code: 'zoho_throttled' });
  assert.ok(b.log.some((e) => e[0] === 'remove'));
});

test('a container\'s refresh opens its tab in that container (cookieStoreId), and its window too', async () => {
  const b = fakeBrowser(redirectWithToken('1000.ctr'));
  const created = [];
  const create = b.tabs.create;
  b.tabs.create = async (options) => {
    created.push(options);
    return create(options);
  };
  await makeTabRefresh(b)({ ...ask, cookieStoreId: 'firefox-container-3' });
  assert.equal(created[0].cookieStoreId, 'firefox-container-3');
  const windows = [];
  b.tabs.create = async () => {
    throw new Error('no window');
  };
  b.windows = { create: async (options) => {
    windows.push(options);
    return { tabs: [{ id: 7 }] };
  } };
  await makeTabRefresh(b)({ ...ask, cookieStoreId: 'firefox-container-3' });
  assert.equal(windows[0].cookieStoreId, 'firefox-container-3');
});

test('a container no tab can be opened in is gone: no tab of another container is opened instead', async () => {
  const b = fakeBrowser(redirectWithToken('1000.never'));
  const asked = [];
  b.tabs.create = async (options) => {
    asked.push(options);
    throw new Error('No cookie store exists with ID firefox-container-9');
  };
  b.windows = { create: async (options) => {
    asked.push(options);
    throw new Error('No cookie store exists with ID firefox-container-9');
  } };
  await assert.rejects(makeTabRefresh(b)({ ...ask, cookieStoreId: 'firefox-container-9' }), { containerGone: true });
  assert.ok(asked.every((o) => o.cookieStoreId === 'firefox-container-9'), JSON.stringify(asked));
  assert.equal(b.log.filter((e) => e[0] === 'update').length, 0, 'Zoho was asked');
  assert.equal(refreshStates.size, 0);
});
