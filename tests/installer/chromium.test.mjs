// A real Chromium reaches the host through what the installer wrote (tests/e2e/install.mjs), nothing hand-made.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installForChromiumTest, uninstallForTest } from '../e2e/install.mjs';
import { BUILT_HOST, CHROMIUM_ID, GECKO_ID, HOST_NAME, ROOT, cleanupAll, doctor, envFor, listing, tempDir } from './helpers.mjs';

after(cleanupAll);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

test('installForChromiumTest writes the profile and HOME manifests; uninstall removes them', async () => {
  const home = tempDir();
  const profile = tempDir('profile');
  const before = [listing(home), listing(profile)];
  const r = await installForChromiumTest({ home, profile, limits: { login: { max: 3 } } });
  assert.equal(r.manifest, path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`));
  assert.deepEqual(r.manifests.sort(), [r.manifest, path.join(home, '.config/chromium/NativeMessagingHosts', `${HOST_NAME}.json`)].sort());
  assert.equal(r.host, BUILT_HOST);
  assert.deepEqual(r.allowedExtensions, [CHROMIUM_ID, GECKO_ID]);
  assert.equal(r.env.ZCRM_BRIDGE_HOME, path.join(home, '.config/zcrm-bridge'));
  const d = doctor(BUILT_HOST, ['--browser', 'chromium', '--profile-dir', profile], envFor(home, r.env));
  assert.deepEqual(d.failures, []);
  await uninstallForTest({ home });
  assert.deepEqual(listing(profile), before[1]);
  // The state folder stays: it held a config.json the installer did not write (the limits).
  assert.ok(existsSync(path.join(home, '.config/zcrm-bridge/config.json')));
});

test('Chromium with --user-data-dir gets hello from the host the installer registered',
  { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
    const { chromium } = await import('playwright-core');
    const home = tempDir();
    const profile = tempDir('profile');
    const installed = await installForChromiumTest({ home, profile });
    const extension = path.join(ROOT, 'extension');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true,
      args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
        '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      env: { ...process.env, ...installed.env },
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      assert.equal(new URL(worker.url()).host, CHROMIUM_ID);
      const answer = await worker.evaluate((name) => chrome.runtime.sendNativeMessage(name, { id: 1, type: 'hello' }),
        HOST_NAME);
      assert.equal(answer.ok, true, JSON.stringify(answer));
      assert.equal(answer.caller, `chromium:${CHROMIUM_ID}`);
    } finally {
      await context.close();
    }
  });
