// Web apps call Zoho CRM through the extension (crm.request) in Firefox ESR, the counterpart of
// chromium-crm-proxy.test.mjs: the real add-on package, the real host and the fake Zoho. Firefox has no
// externally_connectable, so the client script talks to the extension's content-script bridge over
// window.postMessage. The page gets its answers and never the token; each level and list refuses what it does not
// allow before Zoho is asked; a 401 costs one refresh; the org's concurrency holds; the host's log keeps templates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { startWebApp } from './web-server.mjs';
import { buildPackages } from '../../extension/tools/package.mjs';

const scope = { client_id: h.CLIENT_ID, dc: 'us' };
const CRM_LEVEL = { level: 'crm', modules: [{ name: 'Accounts' }, { name: 'users' }] };

async function pageAt(browser, prefix) {
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(prefix)) return page;
  }
  return null;
}

describe('Firefox: web apps call Zoho CRM through the extension', () => {
  let fake, web, stateDir, home, packages, ff, token;
  let record; // the ID of an Account the fake holds, read by the first test
  const hostToken = async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }], { firefox: true }))[0];

  /** Saves settings through the options page's validation and applies them at once (as firefox-journey does). */
  const configure = async (extra = {}) => {
    const r = await f.inBackground(ff.extPage, async (z, { url, clientId, extra }) => {
      const saved = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
        accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
        baseUrlOverride: { accounts: url, api: url }, redirectCaptures: [], ...extra });
      if (saved.ok) await z.session.configure(saved.settings);
      return saved;
    }, { url: fake.url, clientId: h.CLIENT_ID, extra });
    assert.equal(r.ok, true, JSON.stringify(r.errors));
  };
  const webApps = () => [{ origin: web.allowed, ...CRM_LEVEL }, { origin: web.other }];

  // A page of `origin` with the client script. Every 'message' event the page's window receives (the content
  // script's answers to the page arrive that way) is recorded, and so is every value or error the client resolves.
  // Firefox gives the harness no heap snapshot (BiDi has no HeapProfiler, unlike Chromium's CDP), so what the page
  // could hold is checked on everything that reaches it: these messages and the client's answers.
  async function appPage(origin) {
    const page = await ff.browser.newPage();
    await page.goto(`${origin}/plain`);
    await page.evaluate(() => {
      window.received = [];
      window.resolved = [];
      addEventListener('message', (e) => {
        window.received.push(JSON.stringify(e.data ?? null));
      });
    });
    await page.addScriptTag({ url: `${origin}/zcrm-bridge-client.js` });
    const transport = await page.evaluate((extensionId) => {
      // The same call as in Chromium: without externally_connectable the client uses the content-script relay.
      window.bridge = ZcrmBridge.connect({ extensionId });
      return window.bridge.transport;
    }, h.EXTENSION_ID);
    assert.equal(transport, 'window');
    return page;
  }
  const request = (page, method, p, options) => page.evaluate((method, p, options) => window.bridge.crm.request(method, p, options)
    .then((r) => ({ ok: true, ...r }), (e) => ({ ok: false, code: e.code, message: e.message, retryAfterMs: e.retryAfterMs }))
    .then((answer) => {
      window.resolved.push(JSON.stringify(answer));
      return answer;
    }), method, p, options ?? {});

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho({}, [f.FIREFOX_REDIRECT]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    packages = await h.tempDir('packages');
    // The package a person would install, not the source folder.
    const built = await buildPackages(packages, { forTests: true });
    ff = await f.launchFirefox({ home, stateDir, extensionDir: built.firefox.dir });
    await configure({ webApps: webApps() });
    // The bridge content script is registered for both web-app origins once the settings reach the background.
    const hosts = [web.allowed, web.other].map((o) => `http://${new URL(o).hostname}/*`);
    await h.waitFor(() => ff.extPage.evaluate(`(async () => {
      const [s] = await browser.scripting.getRegisteredContentScripts({ ids: ['zcrm-bridge'] });
      return ${JSON.stringify(hosts)}.every((m) => s?.matches.includes(m));
    })()`), 'the bridge content script on both origins');
    // Signed in as firefox-journey does. The options tab the add-on opened stays open for the whole file: in a
    // headless browser, closing the last window may end the browser session (it does in Chromium) and with it
    // Zoho's session cookie, which the refresh after a 401 needs.
    f.inBackground(ff.extPage, (z) => {
      z.session.signIn();
      return true;
    });
    const auth = await h.waitFor(() => pageAt(ff.browser, `${fake.url}/oauth/v2/auth`), 'the Zoho sign-in window', 30000);
    await auth.click('#accept');
    token = await h.waitFor(async () => {
      const t = await hostToken();
      return t.ok && t.access_token;
    }, 'the host to hold the Firefox token');
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, home, packages);
  });

  it('an allowed page lists Accounts through the extension, and the token is in nothing the page received', async () => {
    const page = await appPage(web.allowed);
    fake.clearApiLog();
    const answer = await request(page, 'GET', '/crm/v8/Accounts', { params: { fields: 'Account_Name', per_page: 5 } });
    assert.equal(answer.ok, true, answer.message);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.data.length, 5);
    assert.match(answer.body.data[0].Account_Name, /^Acme/);
    assert.match(answer.headers['content-type'], /json/);
    record = answer.body.data[0].id;
    assert.match(record, /^\d{6,}$/);
    const [call] = fake.apiLog;
    assert.deepEqual([call.method, call.path, call.authorization], ['GET', '/crm/v8/Accounts', true]);
    const { received, resolved } = await page.evaluate(() => ({ received: window.received, resolved: window.resolved }));
    // The answer came through the window: the content script's message with the 5 accounts is among those recorded.
    assert.ok(received.some((m) => m.includes('"to-page"') && m.includes(answer.body.data[4].id)),
      `the answer did not arrive as a window message: ${received.length} recorded`);
    assert.equal(resolved.length, 1);
    for (const m of [...received, ...resolved]) assert.ok(!m.includes(token), 'a message to the page carried the token');
    // The check itself works: a message carrying the token is found out.
    await page.evaluate((t) => postMessage({ planted: t }, location.origin), token);
    await page.waitForFunction(() => window.received.some((m) => m.includes('planted')));
    assert.ok((await page.evaluate(() => window.received)).some((m) => m.includes(token)));
    await page.close();
  });

  it('a page allowed the account only is refused crm.request', async () => {
    const page = await appPage(web.other);
    fake.clearApiLog();
    const answer = await request(page, 'GET', '/crm/v8/users', { params: { type: 'CurrentUser' } });
    assert.deepEqual([answer.ok, answer.code], [false, 'FORBIDDEN']);
    assert.match(answer.message, /account only/);
    assert.equal(fake.apiLog.length, 0);
    // The bridge answers this page otherwise: the refusal is the level, not a missing relay.
    assert.equal(await page.evaluate(() => window.bridge.getAccount().then(() => 'answered', (e) => e.code)), 'answered');
    await page.close();
  });

  it('a CRM-calls page is refused another module, a write, a non-CRM path and an absolute URL, before Zoho is asked', async () => {
    const page = await appPage(web.allowed);
    fake.clearApiLog();
    const refused = [
      ['GET', '/crm/v8/Deals', 'FORBIDDEN'],
      ['DELETE', `/crm/v8/Accounts/${record}`, 'FORBIDDEN'],
      ['POST', '/crm/v8/Accounts', 'FORBIDDEN'],
      ['GET', '/oauth/v2/token', 'BAD_REQUEST'],
      ['GET', `${fake.url}/crm/v8/Accounts`, 'BAD_REQUEST'],
      ['GET', '/crm/v8/../../oauth/v2/auth', 'BAD_REQUEST'],
    ];
    for (const [method, p, code] of refused) {
      const answer = await request(page, method, p, method === 'POST' ? { body: { data: [{ Account_Name: 'X' }] } } : {});
      assert.deepEqual([answer.ok, answer.code], [false, code], `${method} ${p}`);
    }
    assert.equal(fake.apiLog.length, 0, 'a refused request reached Zoho');
    await page.close();
  });

  it('a 401 leads to one refresh and the call is tried again', async () => {
    const page = await appPage(web.allowed);
    const refreshes = fake.state.refreshCalls;
    fake.expireAllTokens();
    const answer = await request(page, 'GET', '/crm/v8/users', { params: { type: 'CurrentUser' } });
    assert.equal(answer.ok, true, `${answer.code}: ${answer.message}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.users.length, 1);
    assert.equal(fake.state.refreshCalls, refreshes + 1);
    const renewed = await hostToken();
    assert.notEqual(renewed.access_token, token);
    token = renewed.access_token;
    await page.close();
  });

  it('20 parallel calls never exceed the configured concurrency at Zoho, and all are answered', async () => {
    await configure({ webApps: webApps(), crmConcurrency: 3 });
    const page = await appPage(web.allowed);
    fake.crmLatencyMs = 40; // makes calls overlap at Zoho if nothing queues them
    fake.resetMaxInFlight();
    try {
      const answers = await page.evaluate(() => Promise.all(Array.from({ length: 20 }, (_, i) =>
        window.bridge.crm.request('GET', '/crm/v8/Accounts', { params: { fields: 'Account_Name', page: i + 1, per_page: 10 } })
          .then((r) => r.status, (e) => e.code))));
      assert.deepEqual(answers, Array(20).fill(200));
      assert.ok(fake.maxInFlight <= 3, `${fake.maxInFlight} calls were in flight at once`);
      assert.ok(fake.maxInFlight >= 2, 'the calls did not overlap at all: the test proves nothing');
    } finally {
      fake.crmLatencyMs = 0;
    }
    await page.close();
  });

  it('the host\'s request log lists each call without IDs, queries or bodies', async () => {
    const page = await appPage(web.allowed);
    const read = await request(page, 'GET', `/crm/v8/Accounts/${record}`, { params: { fields: 'Account_Name' } });
    assert.deepEqual([read.status, read.body?.data?.[0]?.id], [200, record]);
    await request(page, 'DELETE', `/crm/v8/Accounts/${record}`);
    await page.close();
    // Every call of this file: 1 + 6 + 1 + 20 + 2 from the CRM-calls page, 1 from the account-only page.
    const ask = async () => (await h.askHost(stateDir, [{ id: 1, type: 'request.log', ...scope, limit: 200 }], { firefox: true }))[0];
    // Waiting for all of them, not for a DELETE: the refused DELETE of an earlier test is one too, and the last
    // batch lands up to 300 ms after its calls.
    const log = await h.waitFor(async () => {
      const a = await ask();
      return a.ok && a.entries.length >= 31 && a.entries;
    }, 'every call in the host\'s log').catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await ask())}`);
    });
    const row = (e) => [e.origin, e.method, e.path ?? null, e.status, e.code ?? null];
    assert.deepEqual(log.slice(0, 2).map(row), [[web.allowed, 'DELETE', '/crm/v8/Accounts/{id}', 403, 'FORBIDDEN'],
      [web.allowed, 'GET', '/crm/v8/Accounts/{id}', 200, null]]);
    assert.equal(log.length, 31, JSON.stringify(log));
    const count = (...want) => log.filter((e) => JSON.stringify(row(e)) === JSON.stringify(want)).length;
    assert.equal(count(web.other, 'GET', '/crm/v8/users', 403, 'FORBIDDEN'), 1);
    assert.equal(count(web.allowed, 'GET', '/crm/v8/Accounts', 200, null), 21);
    assert.equal(count(web.allowed, 'GET', '/crm/v8/users', 200, null), 1);
    assert.equal(count(web.allowed, 'GET', '/crm/v8/Deals', 403, 'FORBIDDEN'), 1);
    assert.equal(count(web.allowed, 'POST', '/crm/v8/Accounts', 403, 'FORBIDDEN'), 1);
    assert.equal(count(web.allowed, 'DELETE', '/crm/v8/Accounts/{id}', 403, 'FORBIDDEN'), 2);
    assert.equal(count(web.allowed, 'GET', '/crm/v8/Accounts/{id}', 200, null), 1);
    // The non-CRM path, the absolute URL and the .. path: no path at all.
    assert.equal(count(web.allowed, 'GET', null, 400, 'BAD_REQUEST'), 3);
    for (const e of log) {
      assert.deepEqual(Object.keys(e).filter((k) => !['origin', 'method', 'path', 'status', 'code', 'at'].includes(k)), []);
      if (e.path !== undefined) assert.match(e.path, /^\/crm\/v8\/[A-Za-z_]+(\/\{id\})?$/);
      assert.ok(Number.isInteger(e.at) && e.at > 0, JSON.stringify(e));
    }
    // Without the times (long numbers of their own): no record ID, query, field name or non-CRM path anywhere.
    const text = JSON.stringify(log.map(({ at, ...e }) => e));
    assert.doesNotMatch(text, /\d{6,}|fields=|Account_Name|per_page|\?|oauth/);
    assert.ok(!text.includes(record));
    assert.ok(!text.includes(token));
    // The log is this browser's: Chromium's caller has none of it.
    const [chromium] = await h.askHost(stateDir, [{ id: 1, type: 'request.log', ...scope }]);
    assert.deepEqual(chromium.entries, []);
  });
});
