// The whole browser side in a real Chromium with the real host and the fake Zoho, in the order a person meets it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as h from './harness.mjs';
import { startWebApp } from './web-server.mjs';

async function filesUnder(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

const scope = { client_id: h.CLIENT_ID, dc: 'us' };

describe('Chromium journey', () => {
  let fake, web, stateDir, profile, browser, popup;
  const state = () => browser.worker.evaluate(() => globalThis.zcrm.session.state);
  const hostToken = async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0];

  async function signInThroughPopup() {
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.waitForSelector('#accept');
    return auth;
  }

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho();
    stateDir = await h.hostState({ refresh: { max: 4, window_s: 1200 } });
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: false }] });
    popup = await h.openPopup(browser.context);
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('shows a signed-out popup that offers sign-in', async () => {
    await popup.waitForSelector('#signin:not([hidden])');
    assert.match(await popup.textContent('#user'), /Not signed in/);
    await h.screenshot(popup, 'popup-signed-out');
  });

  it('signs in through Zoho and the host holds the token, never in clear on disk', async () => {
    const auth = await signInThroughPopup();
    await h.screenshot(auth, 'zoho-sign-in');
    await auth.click('#accept');
    const token = await h.waitFor(async () => {
      const t = await hostToken();
      return t.ok && t;
    }, 'the host to hold a token');
    assert.equal(token.access_token, fake.state.issued.at(-1).token);
    assert.equal(token.source, 'login');
    assert.equal(token.refresh_at, token.expires_at - 5 * 60 * 1000);
    const secret = Buffer.from(token.access_token);
    for (const file of await filesUnder(stateDir)) {
      const bytes = await readFile(file);
      for (let i = 0; i + 8 <= secret.length; i += 4) {
        assert.equal(bytes.indexOf(secret.subarray(i, i + 8)), -1, `${file} holds part of the token`);
      }
    }
    const stored = await browser.worker.evaluate(() => chrome.storage.local.get(null));
    assert.ok(!JSON.stringify(stored).includes(token.access_token), 'the token reached storage.local');
  });

  it('popup shows who is signed in, the expiry and the budgets', async () => {
    await popup.waitForFunction(() => document.getElementById('user').textContent.includes('@'));
    assert.match(await popup.textContent('#user'), /Ava Morgan · ava\.morgan@zylker\.test/);
    assert.match(await popup.textContent('#expiry'), /^(59 min|1 h)$/);
    assert.match(await popup.textContent('#budget-login'), /1 of 10 used/);
    assert.match(await popup.textContent('#budget-refresh'), /0 of 4 used/);
    await popup.waitForFunction(() => /3,000 accounts/.test(document.getElementById('accounts-status').textContent));
    await h.screenshot(popup, 'popup-signed-in');
  });

  it('chooses an account by searching, and the host keeps it', async () => {
    await popup.fill('#search', '0042');
    await popup.waitForSelector('#accounts button >> text=Acme 0042');
    await popup.click('#accounts button >> text=Acme 0042');
    await popup.waitForFunction(() => document.getElementById('chosen').textContent.includes('Acme 0042'));
    const answer = await h.chosenInHost(stateDir, scope);
    assert.equal(answer.account.kind, 'record');
    assert.equal(answer.account.module, 'Accounts');
    assert.match(answer.account.name, /^Acme 0042/);
    await popup.fill('#search', '');
    await h.screenshot(popup, 'popup-account-chosen');
  });

  it('an allowed web page reads the chosen account and hears a change', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/`);
    const chosen = (await state()).account;
    await page.waitForSelector(`#account[data-id="${chosen.id}"]`);
    await popup.fill('#search', '0007');
    await popup.click('#accounts button >> text=Acme 0007');
    const next = await h.waitFor(async () => {
      const a = (await state()).account;
      return a.id !== chosen.id && a;
    }, 'the new choice');
    await page.waitForSelector(`#account[data-id="${next.id}"]`);
    assert.ok(Number(await page.textContent('#change-count')) >= 2);
    await h.screenshot(page, 'web-app-reads-account');
    await page.close();
  });

  it('a page on an origin that is not allowed gets nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.other}/`);
    await page.waitForSelector('#error[data-code="FORBIDDEN"]');
    assert.equal(await page.getAttribute('#account', 'data-id'), null);
    const answer = await page.evaluate((id) => new Promise((resolve) =>
      chrome.runtime.sendMessage(id, { type: 'getToken' }, resolve)), h.EXTENSION_ID);
    assert.equal(answer.ok, false);
    assert.equal(answer.error.code, 'FORBIDDEN');
    assert.ok(!JSON.stringify(answer).includes('1000.'));
    await page.close();
  });

  it('hands the token only to a site allowed to read it, and the popup shows which site read it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/`);
    const read = () => page.evaluate((extensionId) => ZcrmBridge.connect({ extensionId })
      .getToken().then((t) => ({ ok: true, ...t }), (e) => ({ ok: false, code: e.code })), h.EXTENSION_ID);
    assert.deepEqual(await read(), { ok: false, code: 'FORBIDDEN' });
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: true }] });
    const handed = await read();
    assert.equal(handed.ok, true);
    assert.equal(handed.access_token, (await hostToken()).access_token);
    const [log] = await h.askHost(stateDir, [{ id: 1, type: 'token.handouts', ...scope }]);
    assert.equal(log.handouts[0].origin, web.allowed);
    await popup.waitForFunction((o) => document.getElementById('handout-list').textContent.includes(o), web.allowed);
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: false }] });
    assert.deepEqual(await read(), { ok: false, code: 'FORBIDDEN' });
    await page.close();
  });

  it('asks to sign in again when the Zoho session has ended, and signs in again', async () => {
    fake.signOut();
    await popup.click('#refresh');
    await popup.waitForFunction(() => /Zoho needs you to sign in again/.test(document.getElementById('notice').textContent));
    assert.equal((await state()).signinNeeded?.reason.includes('sign in again'), true);
    await h.screenshot(popup, 'popup-zoho-session-ended');
    await browser.worker.evaluate(() => globalThis.zcrm.session.signOut());
    const auth = await signInThroughPopup();
    await auth.click('#accept');
    await h.waitFor(async () => (await hostToken()).ok && (await state()).busy === null, 'a new token');
  });

  it('refreshes silently within the budget, then stops and says when the next is possible', async () => {
    const first = (await hostToken()).access_token;
    const calls = fake.state.refreshCalls; // one was spent on the ended session
    for (let n = 1; n <= 3; n++) {
      await popup.click('#refresh');
      await h.waitFor(async () => fake.state.refreshCalls === calls + n && (await state()).busy === null, `refresh ${n}`);
    }
    const refreshed = await hostToken();
    assert.notEqual(refreshed.access_token, first);
    assert.equal(refreshed.source, 'refresh');
    await popup.click('#refresh');
    await popup.waitForFunction(() => /Refresh budget spent\. Zoho allows 4 per 20 min\. Next possible at/.test(document.getElementById('notice').textContent));
    assert.equal(fake.state.refreshCalls, calls + 3, 'Zoho was asked beyond the budget');
    assert.equal(fake.state.throttled.refresh, 0);
    assert.match(await popup.textContent('#budget-refresh'), /full|4 of 4/);
    await h.screenshot(popup, 'popup-refresh-budget-spent');
  });

  it('keeps the sign-in and the account across a browser restart', async () => {
    const before = (await state()).account;
    await browser.context.close();
    browser = await h.launchChromium({ profile, stateDir });
    popup = await h.openPopup(browser.context);
    await popup.waitForFunction(() => document.getElementById('chosen').textContent.includes('✓'));
    assert.match(await popup.textContent('#chosen'), new RegExp(before.name));
    assert.match(await popup.textContent('#expiry'), /min/);
  });

  it('signs out: revokes at Zoho and forgets in the host', async () => {
    const token = (await hostToken()).access_token;
    await popup.click('#signout');
    await h.waitFor(() => fake.state.revoked.includes(token), 'the revoke at Zoho');
    const [status] = await h.askHost(stateDir, [{ id: 1, type: 'token.status', ...scope }]);
    assert.equal(status.present, false);
    await popup.waitForSelector('#signin:not([hidden])');
  });

  it('says so when the person declines at Zoho', async () => {
    fake.setNextAuthError('access_denied');
    await popup.click('#signin'); // Zoho answers at once with the error redirect, so no window stays open
    await popup.waitForFunction(() => /declined access at Zoho/.test(document.getElementById('notice').textContent));
    await h.screenshot(popup, 'popup-zoho-declined');
  });

});
