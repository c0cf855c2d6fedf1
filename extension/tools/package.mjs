// Builds each browser's package from the one extension source, in two flavours:
//   release  build/extension/{chromium,firefox}/ and zcrm-bridge-{chromium,firefox}-<version>.zip: only Zoho's
//            hosts, no loopback permission, no loopback externally_connectable, the test access a no-op. The
//            Chromium folder keeps the manifest "key" (loaded unpacked, it then has the ID the host manifests
//            allow); zcrm-bridge-chromium-webstore-<version>.zip is the same without it, for the Chrome Web Store,
//            which sets the ID itself. The Firefox zip is the one to sign at addons.mozilla.org.
//   test     build/extension/{chromium,firefox}-test/ and zcrm-bridge-{chromium,firefox}-test-<version>.zip,
//            named "zcrm-bridge (test build)": the source manifest as it is (loopback hosts for the fake Zoho and
//            the test web apps) and the test access the end-to-end tests drive. The Chromium end-to-end tests and the
//            demo load the source folder extension/ itself, which is this flavour unpacked (tests/package checks
//            that the two manifests agree).
// Each browser gets only the manifest keys it understands, so neither warns about the other's. A release zip with
// anything a store would refuse (extension/tools/store-check.mjs) is not finished: the build fails naming it.
//   node extension/tools/package.mjs [--out DIR] [--flavour release|test|all]
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { storeProblems } from './store-check.mjs';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(SOURCE, '..');
export const BROWSERS = ['chromium', 'firefox'];
export const FLAVOURS = ['release', 'test'];
export const TEST_NAME_SUFFIX = ' (test build)';

// Development-only parts of the source tree that no browser needs: its tests, these tools, and the web-app client
// library (web apps include it themselves; the extension never loads it).
const LEAVE_OUT = new Set(['test', 'tools', 'client']);
const leftOut = (rel) => {
  const parts = rel.split(path.sep);
  return LEAVE_OUT.has(parts[0]) || parts.some((p) => p.startsWith('.')) || /\.(md|map)$/.test(rel);
};

// The only hosts a release package may hold: Zoho's accounts and API servers of every data centre.
const ZOHO_HOST = /^https:\/\/(accounts\.(zoho|zohocloud)\.[a-z.]+|www\.zohoapis\.[a-z.]+)\/\*$/;
const LOOPBACK = /^[a-z*]+:\/\/(localhost|127\.0\.0\.1|\[::1\])(:[0-9*]+)?\//;

/** The manifest of one browser and flavour, from the source manifest. */
export function manifestFor(browser, manifest, { flavour = 'release' } = {}) {
  if (!BROWSERS.includes(browser)) throw new Error(`unknown browser ${browser}`);
  if (!FLAVOURS.includes(flavour)) throw new Error(`unknown flavour ${flavour}`);
  const m = structuredClone(manifest);
  if (browser === 'firefox') {
    delete m.key; // Chromium's fixed ID; Firefox uses browser_specific_settings.gecko.id
    delete m.externally_connectable; // unsupported in Firefox: web apps use the content-script bridge
    m.background = { scripts: m.background.scripts, type: m.background.type };
  } else {
    delete m.browser_specific_settings;
    m.background = { service_worker: m.background.service_worker, type: m.background.type };
    // Firefox's containers (bg/containers.js): Chromium has none and lists the permission as unknown.
    m.permissions = (m.permissions ?? []).filter((p) => p !== 'contextualIdentities');
  }
  if (flavour === 'test') {
    m.name = `${m.name}${TEST_NAME_SUFFIX}`;
    return m;
  }
  m.host_permissions = (m.host_permissions ?? []).filter((p) => !LOOPBACK.test(p));
  const other = m.host_permissions.filter((p) => !ZOHO_HOST.test(p));
  if (other.length) throw new Error(`a release package holds only Zoho's hosts; the source also asks for ${other.join(', ')}`);
  if (m.externally_connectable) {
    // Web pages reach a release package through the content-script bridge of the origins a person allowed.
    const matches = (m.externally_connectable.matches ?? []).filter((p) => !LOOPBACK.test(p));
    if (matches.length) m.externally_connectable.matches = matches;
    else delete m.externally_connectable.matches;
    if (!Object.keys(m.externally_connectable).length) delete m.externally_connectable;
  }
  return m;
}

// What a release package has in place of bg/test-access.js: nothing for a test (or anyone else) to reach.
const NO_TEST_ACCESS = `// Release package: the background exposes nothing (see the development tree's bg/test-access.js).
export function exposeForTests() {}
`;

// web-ext's update notifier would write ~/.config/configstore/update-notifier-web-ext.json: nothing in $HOME.
export const WEB_EXT_ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1' };

async function zipFolder(dir, outDir, filename) {
  const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  await promisify(execFile)(webExt, ['build', '--source-dir', dir, '--artifacts-dir', outDir, '--filename', filename,
    '--overwrite-dest', '--no-config-discovery'], { env: WEB_EXT_ENV });
  return path.join(outDir, filename);
}

async function refuseStoreProblems(zip, store) {
  const problems = storeProblems(await readFile(zip), { store });
  if (problems.length) throw new Error(`${path.basename(zip)} would be refused by a store:\n  ${problems.join('\n  ')}`);
}

/**
 * Builds both browsers' packages of one flavour into outDir: the release flavour by default, the test flavour with
 * `forTests` (the end-to-end tests build theirs so). Returns {chromium: {dir, zip, webstoreZip}, firefox: {dir, zip}}
 * (webstoreZip for the release flavour only).
 */
export async function buildPackages(outDir = path.join(ROOT, 'build', 'extension'), { forTests = false } = {}) {
  const flavour = forTests ? 'test' : 'release';
  const manifest = JSON.parse(await readFile(path.join(SOURCE, 'manifest.json'), 'utf8'));
  const built = {};
  for (const browser of BROWSERS) {
    const name = forTests ? `${browser}-test` : browser;
    const dir = path.join(outDir, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(SOURCE, dir, { recursive: true, filter: (src) => !leftOut(path.relative(SOURCE, src)) });
    const m = manifestFor(browser, manifest, { flavour });
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    if (!forTests) await writeFile(path.join(dir, 'bg', 'test-access.js'), NO_TEST_ACCESS);
    const zip = await zipFolder(dir, outDir, `zcrm-bridge-${name}-${manifest.version}.zip`);
    built[browser] = { dir, zip };
    if (forTests) continue;
    await refuseStoreProblems(zip, browser === 'firefox' ? 'addons.mozilla.org' : null);
    if (browser === 'chromium') {
      const store = path.join(outDir, 'chromium-webstore');
      await rm(store, { recursive: true, force: true });
      await cp(dir, store, { recursive: true });
      const { key, ...withoutKey } = m;
      await writeFile(path.join(store, 'manifest.json'), `${JSON.stringify(withoutKey, null, 2)}\n`);
      built.chromium.webstoreZip = await zipFolder(store, outDir, `zcrm-bridge-chromium-webstore-${manifest.version}.zip`);
      await rm(store, { recursive: true, force: true });
      await refuseStoreProblems(built.chromium.webstoreZip, 'chrome-web-store');
    }
  }
  return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const out = arg('--out') ? path.resolve(arg('--out')) : undefined;
  const flavour = arg('--flavour') ?? 'all';
  if (!['release', 'test', 'all'].includes(flavour)) throw new Error('--flavour is release, test or all');
  for (const f of flavour === 'all' ? FLAVOURS : [flavour]) {
    const built = await buildPackages(out, { forTests: f === 'test' });
    for (const b of Object.values(built)) {
      for (const zip of [b.zip, b.webstoreZip].filter(Boolean)) console.log(`${f}: ${path.relative(process.cwd(), zip)}`);
    }
  }
}
