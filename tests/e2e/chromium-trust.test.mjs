// The trust boundary in a real Chromium: no web page can plant, see or spend the Zoho token (issue 11). Every
// attack is made the way a page would make it, against the real extension and the real host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as h from './harness.mjs';
import { startWebApp } from './web-server.mjs';

const scope = { client_id: h.CLIENT_ID, dc: 'us' };
const hostToken = async (stateDir) => (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0];

// A request the page itself sends to the extension through externally_connectable, run inside `frame`.
const ask = (frame, message) => frame.evaluate(({ id, message }) => new Promise((resolve) => {
  if (!globalThis.chrome?.runtime?.sendMessage) return resolve({ ok: false, error: { code: 'NO_RUNTIME' } });
  chrome.runtime.sendMessage(id, message, (answer) => resolve(answer ?? { ok: false, error: { code: 'NO_ANSWER' } }));
}), { id: h.EXTENSION_ID, message });

async function noticeSays(context, pattern) {
  const popup = await h.openPopup(context);
  await popup.waitForFunction((source) => new RegExp(source).test(document.getElementById('notice').textContent),
    pattern.source, { timeout: 10000 });
  return popup;
}

// Every file of the profile's History database and session-restore files, as bytes.
async function historyAndSessionFiles(profile) {
  const dir = path.join(profile, 'Default');
  const names = (await readdir(dir)).filter((f) => f.startsWith('History') || f.startsWith('Current ') || f.startsWith('Last '));
  const sessions = (await readdir(path.join(dir, 'Sessions')).catch(() => [])).map((f) => path.join('Sessions', f));
  return Promise.all([...names, ...sessions].map(async (f) => ({ file: f, bytes: await readFile(path.join(dir, f)) })));
}

describe('Chromium: captured sign-ins come only from Zoho', () => {
  let fake, web, stateDir, profile, browser, landing;

  before(async () => {
    web = await startWebApp();
    landing = `${web.allowed}/LoginRedirect`;
    fake = await h.startZoho({}, [landing]);
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { redirectCaptures: [landing], webApps: [{ origin: web.allowed }] });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('ignores a forged fragment that a page of another origin navigates to, and says so in the popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.other}/plain`);
    await page.evaluate((to) => {
      location.href = to;
    }, `${landing}#access_token=1000.ATTACKER&expires_in=86400&location=eu`);
    await page.waitForURL(/LoginRedirect/);
    const popup = await noticeSays(browser.context, /did not come from Zoho/);
    assert.equal((await hostToken(stateDir)).error?.code, 'NO_TOKEN', 'the forged token was stored');
    const stored = JSON.stringify(await browser.worker.evaluate(() => chrome.storage.local.get(null)));
    assert.doesNotMatch(stored, /ATTACKER/, 'the forged URL reached storage.local');
    await popup.close();
    await page.close();
  });

  it('ignores a token in the query of a capture URL', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${landing}?access_token=1000.QUERY&expires_in=3600`);
    const popup = await noticeSays(browser.context, /did not come from Zoho.*address query/);
    assert.equal((await hostToken(stateDir)).error?.code, 'NO_TOKEN', 'the token in the query was stored');
    await popup.close();
    await page.close();
  });

  it('keeps a real Zoho redirect, saving only the configured prefix, and ignores its replay after a worker restart', async () => {
    const page = await browser.context.newPage();
    await h.webAppSignIn(page, fake, landing);
    const real = page.url();
    const kept = await h.waitFor(async () => (await hostToken(stateDir)).ok && hostToken(stateDir), 'the captured token');
    assert.equal(kept.access_token, fake.state.issued.at(-1).token);
    const via = await browser.worker.evaluate(() => chrome.storage.local.get('tokenVia'));
    assert.deepEqual(via.tokenVia, { kind: 'capture', redirectUri: landing }, 'storage.local holds more than the prefix');

    await h.askHost(stateDir, [{ id: 1, type: 'token.forget', ...scope }]);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const replay = await browser.context.newPage();
    await replay.goto(real); // the browser (session restore, history, a page) opens the old redirect again
    const popup = await noticeSays(browser.context, /did not come from Zoho|arrived again/);
    assert.equal((await hostToken(stateDir)).error?.code, 'NO_TOKEN', 'the replayed token was stored again');
    await Promise.all([popup.close(), replay.close(), page.close()]);
  });
});

describe('Chromium: a refresh of a captured token leaves no trace in history or session files', () => {
  let fake, web, stateDir, profile, browser, landing;

  before(async () => {
    web = await startWebApp();
    landing = `${web.allowed}/LoginRedirect`;
    fake = await h.startZoho({}, [landing]);
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { redirectCaptures: [landing] });
  });

  after(async () => {
    await browser?.context.close().catch(() => {});
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('the refreshed token is absent from the History database and the session files', async () => {
    const page = await browser.context.newPage();
    await h.webAppSignIn(page, fake, landing);
    await h.waitFor(async () => (await hostToken(stateDir)).ok, 'the captured token');
    const result = await browser.worker.evaluate(() => globalThis.zcrm.session.refresh());
    assert.equal(result.ok, true, JSON.stringify(result));
    const refreshed = await hostToken(stateDir);
    assert.equal(refreshed.source, 'refresh');
    assert.equal(refreshed.access_token, fake.state.issued.at(-1).token);
    await browser.context.close(); // writes History and the session files out
    const urls = execFileSync('sqlite3', [path.join(profile, 'Default/History'), 'select url from urls']).toString();
    assert.ok(urls.includes('LoginRedirect'), 'the web app\'s own landing is in history (the test reads the right file)');
    assert.ok(!urls.includes(refreshed.access_token), 'the refreshed token is in the History database');
    for (const { file, bytes } of await historyAndSessionFiles(profile)) {
      assert.ok(!bytes.includes(refreshed.access_token), `the refreshed token is in ${file}`);
    }
  });
});

describe('Chromium: only the top frame of an allowed origin counts, and sign-in is not the page\'s to spend', () => {
  let fake, web, stateDir, profile, browser;

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho();
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed }] });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('the allowed page itself is answered (the probe reaches the extension)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/plain`);
    assert.equal((await ask(page, { type: 'getAccount' })).ok, true);
    await page.close();
  });

  it('a page served with CSP: sandbox on the allowed origin is FORBIDDEN', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/csp-sandboxed`);
    assert.equal((await ask(page, { type: 'getAccount' })).error?.code, 'FORBIDDEN');
    await page.close();
  });

  for (const [name, framer, sandbox] of [
    ['a sandboxed iframe of the allowed origin inside the allowed page', 'allowed', true],
    ['a child frame of the allowed origin inside the allowed page', 'allowed', false],
    ['the allowed page framed by a page of another origin', 'other', false],
  ]) {
    it(`${name} is FORBIDDEN`, async () => {
      const page = await browser.context.newPage();
      const src = encodeURIComponent(`${web.allowed}/plain`);
      await page.goto(`${web[framer]}/framer?src=${src}${sandbox ? '&sandbox' : ''}`);
      const child = await h.waitFor(() => page.frames().find((f) => f !== page.mainFrame() && f.url().endsWith('/plain')),
        'the child frame');
      await child.waitForLoadState();
      assert.equal((await ask(child, { type: 'getAccount' })).error?.code, 'FORBIDDEN');
      await page.close();
    });
  }

  it('20 signIn calls from an account-only page are refused with a code and message, and spend nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/plain`);
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask(page, { type: 'signIn' })));
    for (const a of answers) {
      assert.equal(a.ok, false);
      assert.equal(a.error.code, 'FORBIDDEN');
      assert.ok(a.error.message.length > 0);
    }
    const budget = (await h.askHost(stateDir, [{ id: 1, type: 'budget.get', client_id: h.CLIENT_ID }]))[0];
    assert.equal(budget.login.used, 0, 'sign-in budget spent by a page');
    assert.equal(fake.state.authCalls, 0, 'a Zoho window was opened');
    await page.close();
  });

  it('signIn from a token-trusted page opens one Zoho window for many calls and spends one sign-in', async () => {
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: true }] });
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/plain`);
    const opened = browser.context.waitForEvent('page', (p) => p.url().includes('/oauth/v2/auth'));
    const calls = Promise.all(Array.from({ length: 5 }, () => ask(page, { type: 'signIn' })));
    const zoho = await opened;
    await zoho.click('#accept');
    const answers = await calls;
    assert.deepEqual(answers.map((a) => a.ok), [true, true, true, true, true]);
    const budget = (await h.askHost(stateDir, [{ id: 1, type: 'budget.get', client_id: h.CLIENT_ID }]))[0];
    assert.equal(budget.login.used, 1);
    assert.equal(fake.state.authCalls, 1);
    await page.close();
  });
});
