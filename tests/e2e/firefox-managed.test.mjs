// The managed roll-out in Firefox ESR (issue 17 item 3): an administrator's settings merged by
// `installer/install.sh --managed` into the policies.json Debian's firefox-esr reads (/etc/firefox/policies, or the
// installation's distribution/ one when only that exists), as policies.3rdparty.Extensions.<add-on ID>; nothing
// configured by hand. The settings arrive locked, a person signs in from the popup without using the options page
// (the first run opens no options page; the harness opens the popup page as the test's handle), and the options page shows
// them as set by the organisation. The policy goes again in `after`, whatever happened; a policies.json the machine had is put back.
// Firefox reads policy only at start, so a policy change is not tried here (chromium-managed does it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { INSTALLER, testEnv } from './install.mjs';

const run = promisify(execFile);
const root = process.getuid?.() === 0;
const scope = { client_id: h.CLIENT_ID, dc: 'us' };

async function pageAt(browser, prefix) {
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(prefix)) return page;
  }
  return null;
}

describe('Firefox with the organisation\'s settings in policies.json', {
  skip: root ? false : 'needs root: Firefox reads policies.json from /etc/firefox/policies or its installation folder (CI runs as root)',
}, () => {
  let fake, stateDir, home, ff, wrote = false;
  const installer = (args) => run('bash', [INSTALLER, ...args], { env: testEnv({ HOME: home }) });
  const extUrl = (page) => `moz-extension://${f.FIREFOX_UUID}/${page}`;

  before(async () => {
    fake = await h.startZoho({}, [f.FIREFOX_REDIRECT]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    const file = path.join(home, 'team.json');
    await writeFile(file, JSON.stringify({
      clientId: h.CLIENT_ID, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
      accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
      webApps: [], redirectCaptures: [], baseUrlOverride: { accounts: fake.url, api: fake.url }, refreshEarlyMinutes: 4,
    }));
    wrote = true;  // from here on, `after` takes the policy back
    const { stdout } = await installer(['--managed', file, '--browser', 'firefox']);
    assert.match(stdout, /wrote \/.*policies\.json/);
    ff = await f.launchFirefox({ home, stateDir, firstRunOptions: false });
  });

  after(async () => {
    try {
      await ff?.browser.close();
    } finally {
      if (wrote) await installer(['--managed-remove']);
      await fake?.close();
      await h.cleanup(stateDir, home);
    }
  });

  it('the settings arrive from policy, and none is stored as the person\'s', async () => {
    const settings = await f.inBackground(ff.extPage, (z) => z.session.settings);
    assert.equal(settings.clientId, h.CLIENT_ID);
    assert.deepEqual(settings.baseUrlOverride, { accounts: fake.url, api: fake.url });
    assert.equal(settings.refreshEarlyMinutes, 4);
    assert.deepEqual(await ff.extPage.evaluate(() => browser.storage.local.get('settings')), {});
  });

  it('a person signs in from the popup, never having used the options page', async () => {
    // The policy set the client ID, so the first run opened no options page (the harness's tab is the popup).
    await f.inBackground(ff.extPage, (z) => z.firstRun());
    const optionsTabs = [];
    for (const page of await ff.browser.pages()) {
      if ((await page.evaluate(() => location.href).catch(() => '')).startsWith(extUrl('options/'))) optionsTabs.push(page);
    }
    assert.equal(optionsTabs.length, 0, 'no options tab');
    await ff.extPage.evaluate((url) => { location.href = url; }, extUrl('popup/popup.html'));
    const popup = await h.waitFor(() => pageAt(ff.browser, extUrl('popup/')), 'the popup');
    await popup.waitForSelector('#signin:not([hidden]):not([disabled])');
    await popup.click('#signin');
    const auth = await h.waitFor(() => pageAt(ff.browser, `${fake.url}/oauth/v2/auth`), 'the Zoho sign-in window', 30000);
    await auth.click('#accept');
    const token = await h.waitFor(async () => {
      const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }], { firefox: true });
      return t.ok && t;
    }, 'the host to hold the Firefox token');
    assert.equal(token.access_token, fake.state.issued.at(-1).token);
    await popup.waitForFunction(() => document.getElementById('user').textContent.includes('@'), { timeout: 10000 });
  });

  it('the options page shows the organisation\'s settings locked, the others editable', async () => {
    const popup = await pageAt(ff.browser, extUrl('popup/'));
    await popup.evaluate((url) => { location.href = url; }, extUrl('options/options.html'));
    const options = await h.waitFor(() => pageAt(ff.browser, extUrl('options/')), 'the options page');
    await options.waitForSelector('#clientId:disabled', { timeout: 10000 });
    assert.equal(await options.$eval('#clientId', (e) => e.value), h.CLIENT_ID);
    const disabled = await options.evaluate(() => Object.fromEntries(
      ['clientId', 'dc', 'scopes', 'module', 'webApps', 'baseUrlAccounts', 'refreshEarlyMinutes', 'crmVersion', 'crmConcurrency',
        'dcOverrides'].map((id) => [id, document.getElementById(id).disabled])));
    assert.deepEqual(disabled, { clientId: true, dc: true, scopes: true, module: true, webApps: true, baseUrlAccounts: true,
      refreshEarlyMinutes: true, crmVersion: false, crmConcurrency: false, dcOverrides: false });
    assert.equal(await options.$eval('p.managed[data-field="clientId"]', (e) => e.textContent), 'Set by your organisation');
    assert.equal(await options.$eval('#managed-summary', (e) => e.hidden), false);
    await options.setViewport({ width: 900, height: 1500 });
    await options.screenshot({ path: await h.artifact('firefox-options-managed.png'), fullPage: true });
  });
});
