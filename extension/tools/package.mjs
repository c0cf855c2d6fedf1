// Builds each browser's package from the one extension source: build/extension/{chromium,firefox}/ folders and a
// zip of each (the Firefox one ready for signing at addons.mozilla.org). Only the manifest differs: each browser
// gets the keys it understands, so neither warns about the other's.
//   node extension/tools/package.mjs [--out DIR]
import { cp, mkdir, rm, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(SOURCE, '..');
// Development-only parts of the source tree that no browser needs.
const LEAVE_OUT = new Set(['test', 'tools']);

export function manifestFor(browser, manifest) {
  const m = structuredClone(manifest);
  if (browser === 'firefox') {
    delete m.key; // Chromium's fixed ID; Firefox uses browser_specific_settings.gecko.id
    delete m.externally_connectable; // unsupported in Firefox: web apps use the content-script bridge
    m.background = { scripts: m.background.scripts, type: m.background.type };
  } else {
    delete m.browser_specific_settings;
    m.background = { service_worker: m.background.service_worker, type: m.background.type };
  }
  return m;
}

// What a release package has in place of bg/test-access.js: nothing for a test (or anyone else) to reach.
const NO_TEST_ACCESS = `// Release package: the background exposes nothing (see the development tree's bg/test-access.js).
export function exposeForTests() {}
`;

/**
 * Builds both packages into outDir. `forTests` keeps bg/test-access.js (the end-to-end tests drive the background
 * through it); a release package, the default, gets a no-op in its place.
 */
export async function buildPackages(outDir = path.join(ROOT, 'build', 'extension'), { forTests = false } = {}) {
  const manifest = JSON.parse(await readFile(path.join(SOURCE, 'manifest.json'), 'utf8'));
  const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  const built = {};
  for (const browser of ['chromium', 'firefox']) {
    const dir = path.join(outDir, browser);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(SOURCE, dir, { recursive: true, filter: (src) => !LEAVE_OUT.has(path.relative(SOURCE, src).split(path.sep)[0]) });
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(browser, manifest), null, 2)}\n`);
    if (!forTests) await writeFile(path.join(dir, 'bg', 'test-access.js'), NO_TEST_ACCESS);
    const zip = `zcrm-bridge-${browser}-${manifest.version}.zip`;
    await promisify(execFile)(webExt, ['build', '--source-dir', dir, '--artifacts-dir', outDir, '--filename', zip,
      '--overwrite-dest', '--no-config-discovery']);
    built[browser] = { dir, zip: path.join(outDir, zip) };
  }
  return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--out');
  const built = await buildPackages(i > 0 ? path.resolve(process.argv[i + 1]) : undefined);
  for (const [browser, b] of Object.entries(built)) console.log(`${browser}: ${b.zip}`);
}
