// Web apps call Zoho CRM through the extension (crm.request) in a real Chromium with the real host and the fake
// Zoho: the page gets its answers and never the token; each level and list refuses what it does not allow before
// Zoho is asked; a 401 costs one refresh; the org's concurrency holds; the host's log keeps templates only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as h from './harness.mjs';
import { startWebApp } from './web-server.mjs';

const scope = { client_id: h.CLIENT_ID, dc: 'us' };
const CRM_LEVEL = { level: 'crm', modules: [{ name: 'Accounts' }, { name: 'users' }] };

describe('Chromium: web apps call Zoho CRM through the extension', () => {
  let fake, web, stateDir, profile, browser, token, accountId;

  // A page of `origin` with the client script, recording every answer the extension sends it.
  async function appPage(origin) {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/plain`);
    await page.addScriptTag({ url: `${origin}/zcrm-bridge-client.js` });
    await page.evaluate((extensionId) => {
      window.received = [];
      const send = chrome.runtime.sendMessage.bind(chrome.runtime);
      chrome.runtime.sendMessage = (id, message, reply) => send(id, message, (answer) => {
        window.received.push(JSON.stringify(answer ?? null));
        reply(answer);
      });
      window.bridge = ZcrmBridge.connect({ extensionId });
    }, h.EXTENSION_ID);
    return page;
  }
  const request = (page, method, p, options) => page.evaluate(([method, p, options]) => window.bridge.crm.request(method, p, options)
    .then((r) => ({ ok: true, ...r }), (e) => ({ ok: false, code: e.code, message: e.message, retryAfterMs: e.retryAfterMs })), [method, p, options]);

  async function heapHas(page, secret) {
    const cdp = await browser.context.newCDPSession(page);
    const chunks = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await cdp.detach();
    return chunks.join('').includes(secret);
  }

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho();
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, ...CRM_LEVEL }, { origin: web.other }] });
    // Signed in from the popup, as a person does (headless Chromium with no window open keeps the sign-in
    // window's cookies apart, and Zoho's session with them).
    const popup = await h.openPopup(browser.context);
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.click('#accept');
    token = await h.waitFor(async () => {
      const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]);
      return t.ok && t.access_token;
    }, 'the host to hold a token');
    // The popup stays open: in headless Chromium, closing the last window ends the browser session and with it
    // Zoho's session cookie, which a refresh needs.
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('an allowed page lists Accounts through the extension, and the token is nowhere in the page', async () => {
    const page = await appPage(web.allowed);
    fake.clearApiLog();
    const answer = await request(page, 'GET', '/crm/v8/Accounts', { params: { fields: 'Account_Name', per_page: 5 } });
    assert.equal(answer.ok, true, answer.message);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.data.length, 5);
    assert.match(answer.body.data[0].Account_Name, /^Acme/);
    accountId = answer.body.data[0].id;
    assert.match(answer.headers['content-type'], /json/);
    const [call] = fake.apiLog;
    assert.deepEqual([call.method, call.path, call.authorization], ['GET', '/crm/v8/Accounts', true]);
    const received = await page.evaluate(() => window.received);
    assert.ok(received.length >= 1);
    for (const m of received) assert.ok(!m.includes(token), 'a message to the page carried the token');
    assert.equal(await heapHas(page, token), false, 'the token is in the page\'s heap');
    // The search itself works: a page that holds the token is found out.
    await page.evaluate((t) => { window.planted = [t].join(''); }, token);
    assert.equal(await heapHas(page, token), true);
    await page.close();
  });

  it('the example web app lists Accounts through the extension and never holds the token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/`);
    await page.waitForFunction(() => document.querySelectorAll('#accounts li').length === 20);
    assert.match(await page.textContent('#accounts'), /Acme/);
    assert.equal(await page.isVisible('#signin'), false, 'a signed-in page offers sign-in');
    assert.equal(await heapHas(page, token), false, 'the token is in the example\'s heap');
    await h.screenshot(page, 'web-app-lists-accounts');
    await page.close();
  });

  it('the content-script way (no extension ID) reaches the same proxy in Chromium', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/plain`);
    await page.addScriptTag({ url: `${web.allowed}/zcrm-bridge-client.js` });
    const answer = await page.evaluate(() => {
      const bridge = ZcrmBridge.connect({});
      return bridge.crm.request('GET', '/crm/v8/users', { params: { type: 'CurrentUser' } })
        .then((r) => ({ transport: bridge.transport, status: r.status, users: r.body.users.length }), (e) => ({ code: e.code, message: e.message }));
    });
    assert.deepEqual(answer, { transport: 'window', status: 200, users: 1 });
    await page.close();
  });

  it('a page allowed the account only is refused crm.request', async () => {
    const page = await appPage(web.other);
    fake.clearApiLog();
    const answer = await request(page, 'GET', '/crm/v8/users', { params: { type: 'CurrentUser' } });
    assert.deepEqual([answer.ok, answer.code], [false, 'FORBIDDEN']);
    assert.match(answer.message, /account only/);
    assert.equal(fake.apiLog.length, 0);
    await page.close();
  });

  it('a CRM-calls page is refused another module, a write, a non-CRM path and an absolute URL, before Zoho is asked', async () => {
    const page = await appPage(web.allowed);
    fake.clearApiLog();
    const refused = [
      ['GET', '/crm/v8/Deals', 'FORBIDDEN'],
      ['DELETE', '/crm/v8/Accounts/4150868000000225013', 'FORBIDDEN'],
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
    assert.equal(answer.ok, true, answer.message);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.users.length, 1);
    assert.equal(fake.state.refreshCalls, refreshes + 1);
    const [renewed] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]);
    assert.notEqual(renewed.access_token, token);
    token = renewed.access_token;
    await page.close();
  });

  it('20 parallel calls never exceed the configured concurrency at Zoho, and all are answered', async () => {
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, ...CRM_LEVEL }, { origin: web.other }], crmConcurrency: 3 });
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

  it('the host\'s request log lists each call without IDs, queries or bodies; the CLI and the popup show it', async () => {
    const page = await appPage(web.allowed);
    assert.equal((await request(page, 'GET', `/crm/v8/Accounts/${accountId}`, { params: { fields: 'Account_Name' } })).status, 200);
    await request(page, 'DELETE', `/crm/v8/Accounts/${accountId}`);
    const log = await h.waitFor(async () => {
      const [a] = await h.askHost(stateDir, [{ id: 1, type: 'request.log', ...scope, limit: 200 }]);
      return a.ok && a.entries[0]?.method === 'DELETE' && a.entries[1]?.path === '/crm/v8/Accounts/{id}' && a.entries;
    }, 'the last two calls in the host\'s log');
    assert.deepEqual(log.slice(0, 2).map((e) => [e.origin, e.method, e.path, e.status, e.code ?? null]),
      [[web.allowed, 'DELETE', '/crm/v8/Accounts/{id}', 403, 'FORBIDDEN'], [web.allowed, 'GET', '/crm/v8/Accounts/{id}', 200, null]]);
    assert.ok(log.length >= 30, `${log.length} entries: every call of this run is logged`);
    const text = JSON.stringify(log.map(({ at, ...entry }) => entry)); // `at` is a time, the one long number allowed
    assert.doesNotMatch(text, /\d{6,}|fields=|Account_Name|\?/);
    assert.ok(!text.includes(accountId));
    assert.ok(!text.includes(token));
    const { stdout } = await promisify(execFile)(path.join(h.BUILD, 'host/zcrm-bridge'), ['log', '--limit', '5'],
      { env: { PATH: process.env.PATH, ZCRM_BRIDGE_HOME: stateDir, HOME: stateDir } });
    assert.match(stdout, /DELETE \/crm\/v8\/Accounts\/\{id\}/);
    assert.ok(!stdout.includes(token));
    const popup = await h.openPopup(browser.context);
    await popup.waitForFunction((o) => document.getElementById('handout-list').textContent.includes(o), web.allowed);
    assert.match(await popup.textContent('#handout-list'), /Zoho CRM calls through zcrm-bridge, \d+ refused/);
    await h.screenshot(popup, 'popup-sites-crm-calls');
    await popup.close();
    await page.close();
  });
});
