// The per-browser packages built from the one extension source: right manifest keys, lint-clean for Firefox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildPackages } from '../../extension/tools/package.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

test('each browser package carries only the manifest keys that browser understands', async (t) => {
  const out = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const built = await buildPackages(out);
  const chromium = JSON.parse(await readFile(path.join(built.chromium.dir, 'manifest.json'), 'utf8'));
  const firefox = JSON.parse(await readFile(path.join(built.firefox.dir, 'manifest.json'), 'utf8'));
  assert.ok(chromium.key && chromium.externally_connectable && chromium.background.service_worker);
  assert.equal(chromium.browser_specific_settings, undefined);
  assert.equal(chromium.background.scripts, undefined);
  assert.equal(firefox.browser_specific_settings.gecko.id, 'zcrm-bridge@zcrm-bridge.dev');
  assert.equal(firefox.key, undefined);
  assert.equal(firefox.externally_connectable, undefined);
  assert.deepEqual(firefox.background.scripts, ['background.js']);
  for (const b of Object.values(built)) assert.ok((await stat(b.zip)).size > 1000);
  await assert.rejects(stat(path.join(built.firefox.dir, 'test')), 'development files were packaged');
});

test('the Firefox package passes web-ext lint with no errors and no warnings', async (t) => {
  const out = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const built = await buildPackages(out);
  const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  const { stdout } = await promisify(execFile)(webExt, ['lint', '--source-dir', built.firefox.dir, '--output', 'json',
    '--no-config-discovery'], { maxBuffer: 16 << 20 }).catch((e) => e);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.errors.map((e) => e.code), []);
  assert.deepEqual(report.warnings.map((w) => w.code), []);
});

test('a release package exposes nothing to tests: no global, the test access a no-op', async (t) => {
  const out = await mkdtemp(path.join(tmpdir(), 'zcrm-pkg-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const built = await buildPackages(out);
  for (const browser of ['chromium', 'firefox']) {
    const access = await readFile(path.join(built[browser].dir, 'bg/test-access.js'), 'utf8');
    assert.doesNotMatch(access, /globalThis/, `${browser}: the release package exposes the background`);
  }
  const forTests = await buildPackages(path.join(out, 't'), { forTests: true });
  assert.match(await readFile(path.join(forTests.firefox.dir, 'bg/test-access.js'), 'utf8'), /globalThis\.zcrm/);
});
