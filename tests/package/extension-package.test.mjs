// The per-browser packages built from the one extension source, in both flavours: right manifest keys per browser;
// release packages with only Zoho's hosts, nothing a store refuses and lint-clean for Firefox; the test flavour the
// source manifest itself (what the Chromium end-to-end tests and the demo load unpacked).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEST_NAME_SUFFIX, WEB_EXT_ENV, buildPackages, manifestFor } from '../../extension/tools/package.mjs';
import { storeProblems } from '../../extension/tools/store-check.mjs';
import { readZip } from '../../extension/tools/zip-read.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
import { CHROMIUM_ID, GECKO_ID } from '../../manifests/identity.mjs';
const LOOPBACK = /localhost|127\.0\.0\.1/;
const SOURCE = JSON.parse(await readFile(path.join(ROOT, 'extension/manifest.json'), 'utf8'));
const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));
const zipManifest = async (zip) => JSON.parse(readZip(await readFile(zip)).find((e) => e.name === 'manifest.json').read());

let out;
let release;
let forTests;
before(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-'));
  release = await buildPackages(out);
  forTests = await buildPackages(out, { forTests: true });
});
after(() => rm(out, { recursive: true, force: true }));

test('each browser package carries only the manifest keys that browser understands', async () => {
  for (const built of [release, forTests]) {
    const chromium = await readJson(path.join(built.chromium.dir, 'manifest.json'));
    const firefox = await readJson(path.join(built.firefox.dir, 'manifest.json'));
    assert.ok(chromium.key && chromium.background.service_worker);
    assert.equal(chromium.browser_specific_settings, undefined);
    assert.equal(chromium.background.scripts, undefined);
    assert.equal(firefox.browser_specific_settings.gecko.id, GECKO_ID);
    assert.equal(firefox.key, undefined);
    assert.equal(firefox.externally_connectable, undefined);
    assert.deepEqual(firefox.background.scripts, ['background.js']);
    for (const b of Object.values(built)) assert.ok((await stat(b.zip)).size > 1000);
  }
});

test('release packages ask only for Zoho hosts: no loopback permission, no loopback externally_connectable', async () => {
  for (const browser of ['chromium', 'firefox']) {
    const m = await zipManifest(release[browser].zip);
    assert.equal(m.name, 'zcrm-bridge');
    assert.ok(m.host_permissions.length >= 18, browser);
    for (const host of m.host_permissions) {
      assert.match(host, /^https:\/\/(accounts\.(zoho|zohocloud)\.[a-z.]+|www\.zohoapis\.[a-z.]+)\/\*$/, `${browser}: ${host}`);
    }
    assert.doesNotMatch(JSON.stringify(m), LOOPBACK, browser);
    assert.equal(m.externally_connectable, undefined, `${browser}: no web page may message the release package directly`);
  }
});

test('the test flavour is the source manifest, clearly named, with its loopback hosts', async () => {
  assert.match(path.basename(forTests.chromium.zip), /^zcrm-bridge-chromium-test-/);
  assert.match(path.basename(forTests.firefox.zip), /^zcrm-bridge-firefox-test-/);
  const name = `${SOURCE.name}${TEST_NAME_SUFFIX}`;
  const { browser_specific_settings: gecko, key, externally_connectable: direct, background, ...common } = SOURCE;
  // What the Chromium end-to-end tests and the demo load unpacked (extension/) is this package but for its name.
  assert.deepEqual(await zipManifest(forTests.chromium.zip), {
    ...common, name, key, externally_connectable: direct,
    background: { service_worker: background.service_worker, type: background.type },
    // Firefox's containers only (bg/containers.js): Chromium would list the permission as unknown.
    permissions: common.permissions.filter((p) => p !== 'contextualIdentities'),
  });
  assert.ok(common.permissions.includes('contextualIdentities'));
  assert.deepEqual(await zipManifest(forTests.firefox.zip), {
    ...common, name, browser_specific_settings: gecko, background: { scripts: background.scripts, type: background.type },
  });
  assert.ok(SOURCE.host_permissions.includes('http://127.0.0.1/*'));
});

test('a release build refuses a source that asks for a host other than Zoho\'s', () => {
  const source = { ...structuredClone(SOURCE), host_permissions: [...SOURCE.host_permissions, 'https://tracker.example.com/*'] };
  assert.throws(() => manifestFor('chromium', source), /only Zoho's hosts.*tracker\.example\.com/);
  assert.doesNotThrow(() => manifestFor('chromium', source, { flavour: 'test' }));
});

test('the Chrome Web Store zip has nothing the store refuses; the unpacked release keeps the fixed ID', async () => {
  const store = await readFile(release.chromium.webstoreZip);
  assert.deepEqual(storeProblems(store, { store: 'chrome-web-store' }), []);
  assert.equal((await zipManifest(release.chromium.webstoreZip)).key, undefined);
  const names = readZip(store).map((e) => e.name);
  for (const name of names) assert.doesNotMatch(name, /(^|\/)\.|\.map$|(^|\/)(test|tools|client|node_modules)\//, name);
  assert.ok(names.includes('icons/icon-128.png') && names.includes('managed_schema.json'), names.join(' '));
  // The release zip and folder keep the key, so loaded unpacked they get the ID the host manifests allow.
  assert.deepEqual(storeProblems(await readFile(release.chromium.zip)), []);
  assert.match(storeProblems(await readFile(release.chromium.zip), { store: 'chrome-web-store' }).join('\n'), /"key"/);
  const { key } = await zipManifest(release.chromium.zip);
  assert.equal(key, SOURCE.key);
  assert.deepEqual(storeProblems(await readFile(release.firefox.zip)), []);
});

test('the Firefox release package passes web-ext lint with no errors and no warnings', async () => {
  const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  const { stdout } = await promisify(execFile)(webExt, ['lint', '--source-dir', release.firefox.dir, '--output', 'json',
    '--no-config-discovery'], { maxBuffer: 16 << 20, env: WEB_EXT_ENV }).catch((e) => e);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.errors.map((e) => e.code), []);
  assert.deepEqual(report.warnings.map((w) => w.code), []);
});

test('a release package exposes nothing to tests: no global, the test access a no-op', async () => {
  for (const browser of ['chromium', 'firefox']) {
    const access = await readFile(path.join(release[browser].dir, 'bg/test-access.js'), 'utf8');
    assert.doesNotMatch(access, /globalThis/, `${browser}: the release package exposes the background`);
  }
  assert.match(await readFile(path.join(forTests.firefox.dir, 'bg/test-access.js'), 'utf8'), /globalThis\.zcrm/);
  assert.match(storeProblems(await readFile(forTests.chromium.zip)).join('\n'), /test-access\.js exposes the background/);
});

test('packages leave out the source tree\'s tests, tools, client library and documents', async () => {
  for (const built of [release, forTests]) {
    for (const browser of ['chromium', 'firefox']) {
      const top = await readdir(built[browser].dir);
      for (const name of ['test', 'tools', 'client', 'STATES.md']) assert.ok(!top.includes(name), `${browser}: ${name}`);
    }
  }
});

test('the Chromium release package loads in Chromium with no warning and no error',
  { skip: !existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium') && 'no Chromium' }, async () => {
    const { chromium } = await import('playwright-core');
    const profile = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: [`--disable-extensions-except=${release.chromium.dir}`, `--load-extension=${release.chromium.dir}`,
        '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      await page.goto('chrome://extensions');
      const info = await page.evaluate(() => new Promise((resolve) => {
        chrome.developerPrivate.getExtensionsInfo({ includeDisabled: true, includeTerminated: true }, resolve);
      }));
      const ours = info.find((e) => e.id === CHROMIUM_ID);
      assert.ok(ours, JSON.stringify(info.map((e) => e.name)));
      assert.equal(ours.state, 'ENABLED');
      assert.deepEqual([...ours.installWarnings, ...ours.manifestErrors, ...ours.runtimeErrors], []);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

test('the popup\'s account list shows whole rows, and the options page keeps the redirect URL in one piece',
  { skip: !existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium') && 'no Chromium' }, async () => {
    const { chromium } = await import('playwright-core');
    const profile = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: [`--disable-extensions-except=${release.chromium.dir}`, `--load-extension=${release.chromium.dir}`,
        '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      // The first run opens the options page (background.js, onInstalled), possibly in a tab the test would use:
      // let it open first (at most 10 s), then work in tabs of the test's own.
      for (const end = Date.now() + 10000; Date.now() < end;) {
        if (context.pages().some((p) => p.url().includes('/options/options.html'))) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const popup = await context.newPage();
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.goto(`chrome-extension://${CHROMIUM_ID}/popup/popup.html`);
      // Rows as the popup makes them (popup.js item()): a name, and a detail line or none; some names too long.
      const cut = await popup.evaluate(() => {
        const list = document.getElementById('accounts');
        list.hidden = false;
        for (let p = list.parentElement; p; p = p.parentElement) p.hidden = false;
        list.replaceChildren(...Array.from({ length: 14 }, (_, i) => {
          const li = document.createElement('li');
          const b = document.createElement('button');
          const name = Object.assign(document.createElement('span'), { className: 'name',
            textContent: i % 5 === 3 ? `Acme ${i} ${'Very Long Company Name '.repeat(4)}` : `Acme ${i}` });
          b.append(name);
          if (i % 3) b.append(Object.assign(document.createElement('span'), { className: 'detail', textContent: 'Berlin' }));
          li.append(b);
          return li;
        }));
        const box = list.getBoundingClientRect();
        const rows = [...list.children].map((li) => li.getBoundingClientRect());
        const heights = new Set(rows.map((r) => Math.round(r.height)));
        const straddling = rows.filter((r) => r.top < box.bottom - 0.5 && r.bottom > box.bottom + 0.5).length;
        return { height: box.height, heights: [...heights], straddling, scrolls: list.scrollHeight > list.clientHeight };
      });
      assert.ok(cut.scrolls, JSON.stringify(cut));
      assert.equal(cut.heights.length, 1, `every row one height: ${JSON.stringify(cut)}`);
      assert.equal(cut.straddling, 0, `a row cut at the list's bottom: ${JSON.stringify(cut)}`);

      const options = await context.newPage();
      await options.setViewportSize({ width: 900, height: 700 });
      await options.goto(`chrome-extension://${CHROMIUM_ID}/options/options.html`);
      await options.waitForFunction(() => document.getElementById('redirect-url').textContent.startsWith('https://'));
      const pieces = await options.evaluate(() => document.getElementById('redirect-url').getClientRects().length);
      assert.equal(pieces, 1, 'the redirect URL is split across lines');
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
