// The options page: filled from the saved settings, refuses bad input field by field, saves good input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('Chromium options page', () => {
  let stateDir, profile, browser, page;

  before(async () => {
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    page = await browser.context.newPage();
    await page.goto(`chrome-extension://${h.EXTENSION_ID}/options/options.html`);
    await page.waitForFunction(() => document.getElementById('dc').value === 'us');
  });

  after(async () => {
    await browser?.context.close();
    await h.cleanup(stateDir, profile);
  });

  it('shows the redirect URL to register at Zoho', async () => {
    assert.equal(await page.textContent('#redirect-url'), h.REDIRECT);
  });

  it('refuses bad input, names each field, and saves nothing', async () => {
    await page.fill('#clientId', 'not a client id!');
    await page.fill('#webApps', 'ftp://example.com');
    await page.fill('#baseUrlAccounts', 'https://proxy.example.com/some/path');
    await page.click('#save');
    await page.waitForSelector('#status.bad');
    assert.equal(await page.getAttribute('#clientId', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#webApps', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#baseUrlAccounts', 'aria-invalid'), 'true');
    assert.ok((await page.locator('.error').count()) >= 3);
    await page.setViewportSize({ width: 900, height: 1400 });
    await h.screenshot(page, 'options-errors');
    const stored = await browser.worker.evaluate(() => chrome.storage.local.get('settings'));
    assert.equal(stored.settings, undefined);
  });

  it('saves valid settings, which the background then uses', async () => {
    await page.fill('#clientId', '1000.OPTIONSTEST');
    await page.selectOption('#dc', 'eu');
    await page.fill('#webApps', 'http://localhost:8080 token\nhttp://localhost:8081 crm Accounts Contacts:write');
    await page.fill('#baseUrlAccounts', '');
    await page.click('#save');
    await page.waitForSelector('#status.ok');
    await h.screenshot(page, 'options-saved');
    const settings = await h.waitFor(async () => {
      const s = await browser.worker.evaluate(() => globalThis.zcrm.session.settings);
      return s?.clientId === '1000.OPTIONSTEST' && s;
    }, 'the background to apply the settings');
    assert.equal(settings.dc, 'eu');
    assert.deepEqual(settings.webApps, [{ origin: 'http://localhost:8080', level: 'token', modules: [] },
      { origin: 'http://localhost:8081', level: 'crm', modules: [{ name: 'Accounts', methods: ['GET'] },
        { name: 'Contacts', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] }] }]);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('clientId').value === '1000.OPTIONSTEST');
  });
});
