// The managed roll-out in a real Chromium (issue 17 item 3): an administrator's settings written by
// `installer/install.sh --managed` into the system folder Debian's chromium reads (/etc/chromium/policies/managed),
// and nothing else configured. The settings arrive locked, a person signs in from the popup without opening the
// options page, the options page shows them as set by the organisation, and a policy change (an invalid value
// among them) reaches the running browser. The policy goes again in `after`, whatever happened.
//
// The fake Zoho's address comes by policy too (baseUrlOverride is a setting like the others): a person whose
// organisation routes Zoho through a proxy gets it the same way, and the test configures nothing by hand.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { INSTALLER, installForChromiumTest, testEnv } from './install.mjs';

const run = promisify(execFile);
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY = path.join(POLICY_DIR, 'zcrm-bridge.json');
const root = process.getuid?.() === 0;
const scope = { client_id: h.CLIENT_ID, dc: 'us' };

describe('Chromium with the organisation\'s settings as policy', {
  skip: root ? false : 'needs root: Chromium reads policy only from /etc/chromium/policies/managed (CI runs as root)',
}, () => {
  let fake, stateDir, profile, home, context, worker, options, wrote = false;
  const managed = (url) => ({
    clientId: h.CLIENT_ID, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
    accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
    webApps: [], redirectCaptures: [], baseUrlOverride: { accounts: url, api: url }, crmConcurrency: 7,
    syncIntervalMinutes: 60,
  });
  const installer = (args) => run('bash', [INSTALLER, ...args], { env: testEnv({ HOME: home }) });

  before(async () => {
    assert.ok(!existsSync(POLICY), `${POLICY} exists already: another run left it, or it is the machine's own`);
    fake = await h.startZoho();
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    home = await h.tempDir('home');
    const file = path.join(home, 'team.json');
    await writeFile(file, JSON.stringify(managed(fake.url)));
    wrote = true;  // from here on, `after` takes the policy back
    const { stdout } = await installer(['--managed', file, '--browser', 'chromium']);
    assert.match(stdout, /wrote \/etc\/chromium\/policies\/managed\/zcrm-bridge\.json/);
    await installForChromiumTest({ home: stateDir, profile, stateDir });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: [`--disable-extensions-except=${h.EXTENSION}`, `--load-extension=${h.EXTENSION}`,
        '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      env: testEnv({ ZCRM_BRIDGE_HOME: stateDir, HOME: stateDir }),
    });
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() => globalThis.zcrm.ready);
    // Launched here rather than by h.launchChromium (the policy must be written first): askHost names this
    // profile's installation in token requests as the extension does.
    h.registerInstallation(stateDir, 'chromium', () => h.chromiumInstallation(context));
  });

  after(async () => {
    try {
      if (wrote) {
        // The last test edits the file by hand, which removal would keep: it goes first, then the rest.
        await rm(POLICY, { force: true });
        await installer(['--managed-remove']);
      }
    } finally {
      await context?.close();
      await fake?.close();
      await h.cleanup(stateDir, profile, home);
    }
  });

  it('the settings arrive from policy, and none is stored as the person\'s', async () => {
    const settings = await worker.evaluate(() => globalThis.zcrm.session.settings);
    assert.equal(settings.clientId, h.CLIENT_ID);
    assert.deepEqual(settings.baseUrlOverride, { accounts: fake.url, api: fake.url });
    assert.equal(settings.crmConcurrency, 7);
    assert.equal(settings.syncIntervalMinutes, 60);
    assert.deepEqual(await worker.evaluate(() => chrome.storage.managed.get('clientId')), { clientId: h.CLIENT_ID });
    assert.deepEqual(await worker.evaluate(() => chrome.storage.local.get('settings')), {});
  });

  it('a person signs in from the popup, never having opened the options page', async () => {
    // The policy set the client ID, so the first run opens no options page (it would without one).
    await worker.evaluate(() => globalThis.zcrm.firstRun());
    assert.deepEqual(context.pages().map((p) => p.url()).filter((u) => u.includes('/options/')), []);
    const popup = await h.openPopup(context);
    await popup.waitForSelector('#signin:not([hidden]):not([disabled])');
    const [auth] = await Promise.all([context.waitForEvent('page'), popup.click('#signin')]);
    await auth.click('#accept');
    const token = await h.waitFor(async () => {
      const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]);
      return t.ok && t;
    }, 'the host to hold the token');
    assert.equal(token.access_token, fake.state.issued.at(-1).token);
    await popup.waitForFunction(() => document.getElementById('user').textContent.includes('@'));
    await popup.close();
  });

  it('the options page shows the organisation\'s settings locked, the others editable', async () => {
    options = await context.newPage();
    await options.goto(`chrome-extension://${h.EXTENSION_ID}/options/options.html`);
    await options.waitForSelector('#clientId:disabled');
    assert.equal(await options.inputValue('#clientId'), h.CLIENT_ID);
    assert.equal(await options.inputValue('#baseUrlAccounts'), fake.url);
    for (const id of ['clientId', 'dc', 'scopes', 'module', 'nameField', 'fields', 'webApps', 'redirectCaptures',
      'baseUrlAccounts', 'baseUrlApi', 'crmConcurrency', 'syncIntervalMinutes']) {
      assert.equal(await options.isDisabled(`#${id}`), true, id);
    }
    for (const id of ['crmVersion', 'refreshEarlyMinutes', 'dcOverrides']) {
      assert.equal(await options.isDisabled(`#${id}`), false, `${id} is not set by policy`);
    }
    assert.match(await options.textContent('label:has(#clientId) + p.managed'), /^Set by your organisation$/);
    assert.equal(await options.locator('p.managed').count() >= 9, true);
    assert.equal(await options.isVisible('#managed-summary'), true);
    await options.setViewportSize({ width: 900, height: 1500 });
    await h.screenshot(options, 'options-managed');
  });

  it('saving the person\'s own fields keeps the organisation\'s, and stores none of them', async () => {
    await options.fill('#refreshEarlyMinutes', '9');
    await options.click('#save');
    await options.waitForSelector('#status.ok');
    const stored = (await worker.evaluate(() => chrome.storage.local.get('settings'))).settings;
    assert.equal(stored.refreshEarlyMinutes, 9);
    assert.equal(stored.clientId, '', 'the organisation\'s client ID is not the person\'s');
    const settings = await h.waitFor(async () => {
      const s = await worker.evaluate(() => globalThis.zcrm.session.settings);
      return s.refreshEarlyMinutes === 9 && s;
    }, 'the background to apply the save');
    assert.equal(settings.clientId, h.CLIENT_ID);
  });

  it('a policy change reaches the running browser; an invalid value is ignored and shown as such', async () => {
    const policy = JSON.parse(await readFile(POLICY, 'utf8'));
    // As an administrator editing the file by hand (the installer would refuse "mars").
    Object.assign(policy['3rdparty'].extensions[h.EXTENSION_ID], { crmConcurrency: 12, dc: 'mars' });
    await writeFile(POLICY, JSON.stringify(policy));
    const settings = await h.waitFor(async () => {
      const s = await worker.evaluate(() => globalThis.zcrm.session.settings);
      return s.crmConcurrency === 12 && s;
    }, 'Chromium to load the changed policy and the background to apply it', 30000);
    assert.equal(settings.dc, 'us', 'the invalid data centre is ignored: the person\'s (default) one applies');
    await options.waitForFunction(() => document.getElementById('crmConcurrency').value === '12');
    assert.equal(await options.isDisabled('#dc'), false, 'an ignored value locks nothing');
    assert.match(await options.textContent('p.managed-invalid[data-field="dc"]'),
      /^Your organisation's value is ignored: Choose a Zoho data centre/);
    await h.screenshot(options, 'options-managed-invalid');
  });
});
