// The same flows in Firefox ESR (puppeteer-core over WebDriver BiDi): sign-in, the host holding the token, an
// account chosen in the popup, the web-app bridge (allowed page, refused page, cross-origin frame), and one
// chosen account shared with Chromium through the same host state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { startWebApp } from './web-server.mjs';
import { buildPackages } from '../../extension/tools/package.mjs';

const scope = { client_id: h.CLIENT_ID, dc: 'us' };

async function pageAt(browser, prefix) {
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(prefix)) return page;
  }
  return null;
}

describe('Firefox journey', () => {
  let fake, web, stateDir, home, packages, ff, popup;
  const ffToken = async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }], { firefox: true }))[0];

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho({}, [f.FIREFOX_REDIRECT]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    packages = await h.tempDir('packages');
    // The package a person would install, not the source folder.
    const built = await buildPackages(packages, { forTests: true });
    ff = await f.launchFirefox({ home, stateDir, extensionDir: built.firefox.dir });
    const saved = await f.inBackground(ff.extPage, async (z, { url, clientId, origin }) => {
      const r = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL'],
        accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
        baseUrlOverride: { accounts: url, api: url }, webApps: [{ origin, canReadToken: false }], redirectCaptures: [] });
      // Applied now, not only when the storage change event arrives: the next step signs in at once.
      if (r.ok) await z.session.configure(r.settings);
      return r.ok;
    }, { url: fake.url, clientId: h.CLIENT_ID, origin: web.allowed });
    assert.equal(saved, true);
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, home, packages);
  });

  it('uses its own redirect URL under extensions.allizom.org', async () => {
    const shown = await ff.extPage.evaluate(() => browser.identity.getRedirectURL('cb'));
    assert.equal(shown, f.FIREFOX_REDIRECT);
  });

  it('signs in through Zoho and the host holds the token for Firefox', async () => {
    f.inBackground(ff.extPage, (z) => {
      z.session.signIn();
      return true;
    });
    const auth = await h.waitFor(() => pageAt(ff.browser, `${fake.url}/oauth/v2/auth`), 'the Zoho sign-in window', 30000)
      .catch(async (e) => {
        const state = await f.inBackground(ff.extPage, (z) => JSON.stringify(z.session.state)).catch((x) => String(x));
        throw new Error(`${e.message}; background state: ${state}; fake: ${JSON.stringify(fake.state.authCalls)}`);
      });
    await auth.click('#accept');
    const token = await h.waitFor(async () => {
      const t = await ffToken();
      return t.ok && t;
    }, 'the host to hold the Firefox token');
    assert.equal(token.access_token, fake.state.issued.at(-1).token);
    const chromium = (await h.askHost(stateDir, [{ id: 1, type: 'token.status', ...scope }]))[0];
    assert.equal(chromium.present, false, 'tokens are per browser');
  });

  it('chooses an account in the popup', async () => {
    await ff.extPage.evaluate(() => {
      location.href = browser.runtime.getURL('popup/popup.html');
    });
    popup = await h.waitFor(() => pageAt(ff.browser, `moz-extension://${f.FIREFOX_UUID}/popup/`), 'the popup');
    await popup.waitForFunction(() => /3,000 accounts/.test(document.getElementById('accounts-status').textContent),
      { timeout: 20000 });
    await popup.type('#search', '0099');
    await popup.waitForFunction(() => document.querySelector('#accounts button')?.textContent.includes('Acme 0099'));
    await popup.click('#accounts button');
    await popup.waitForFunction(() => document.getElementById('chosen').textContent.includes('Acme 0099'));
    const [answer] = await h.askHost(stateDir, [{ id: 1, type: 'account.get', ...scope }], { firefox: true });
    assert.match(answer.account.name, /^Acme 0099/);
    await popup.screenshot({ path: await h.artifact('firefox-popup.png') });
  });

  it('an allowed page reads the chosen account through the bridge and hears a change', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/`);
    const chosen = (await h.askHost(stateDir, [{ id: 1, type: 'account.get', ...scope }]))[0].account;
    await page.waitForSelector(`#account[data-id="${chosen.id}"]`, { timeout: 10000 });
    await popup.evaluate(() => {
      const s = document.getElementById('search');
      s.value = '0100';
      s.dispatchEvent(new Event('input'));
    });
    await popup.waitForFunction(() => document.querySelector('#accounts button')?.textContent.includes('Acme 0100'));
    await popup.click('#accounts button');
    const next = await h.waitFor(async () => {
      const a = (await h.askHost(stateDir, [{ id: 1, type: 'account.get', ...scope }]))[0].account;
      return a.id !== chosen.id && a;
    }, 'the new choice');
    await page.waitForSelector(`#account[data-id="${next.id}"]`, { timeout: 10000 });
    await page.close();
  });

  it('a page on an origin that is not allowed gets nothing', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.other}/?timeout=2000`);
    await page.waitForSelector('#error[data-code="NOT_INSTALLED"]', { timeout: 10000 });
    assert.equal(await page.$eval('#account', (e) => e.dataset.id ?? null), null);
    await page.close();
  });

  it('a cross-origin frame inside an allowed page gets nothing', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/frame-host.html`);
    const frame = await h.waitFor(() => page.frames().find((fr) => fr.url().includes('/frame.html')), 'the frame');
    await frame.waitForSelector('#result[data-answers]', { timeout: 10000 });
    assert.equal(await frame.$eval('#result', (e) => e.dataset.answers), '0');
    await page.close();
  });

  it('sees the account chosen in Chromium, because both use the same host state', async () => {
    const profile = await h.tempDir('profile');
    const chromium = await h.launchChromium({ profile, stateDir });
    try {
      await h.configure(chromium.worker, fake);
      const picked = { id: 'cross-browser-1', name: 'Chosen in Chromium', kind: 'record', module: 'Accounts' };
      await chromium.worker.evaluate((a) => globalThis.zcrm.session.choose(a), picked);
      const seen = await h.waitFor(async () => {
        const a = await f.inBackground(popup, (z) => z.session.chosenAccount());
        return a?.id === picked.id && a;
      }, 'Firefox to see the Chromium choice');
      assert.equal(seen.name, picked.name);
    } finally {
      await chromium.context.close();
      await h.cleanup(profile);
    }
  });
});
