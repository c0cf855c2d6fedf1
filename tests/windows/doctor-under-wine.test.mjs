// `zcrm-bridge.exe doctor --json` under wine64 in a wine prefix of its own (a temp folder, never ~/.wine): browsers'
// registry keys written with `wine reg add` as installer/windows/install.ps1 writes them (the key of
// installer/browsers.tsv plus the host's name, its default value the manifest's path; manifests filled from
// manifests/*.json.in), then the doctor's verdict: ok with a live hello for a right registration, and a FAIL with a
// fix for each fault. Skips, saying why, when wine64 or the .exe is not there. pwsh is not on this machine, so
// install.ps1 itself does not run here.
//   cmake --preset windows && cmake --build --preset windows && node --test tests/windows/doctor-under-wine.test.mjs
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXE = process.env.ZCRM_WINDOWS_HOST ?? path.join(ROOT, 'build-windows/host/zcrm-bridge.exe');
const identity = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
  .filter((line) => /^ZCRM_[A-Z_]+=/.test(line)).map((line) => line.split('=')));
const HOST_NAME = identity.ZCRM_HOST_NAME;
// browser -> { key, family } from installer/browsers.tsv's windows rows: the one table install.ps1 mirrors.
const BROWSERS = Object.fromEntries(readFileSync(path.join(ROOT, 'installer/browsers.tsv'), 'utf8').split('\n')
  .map((line) => line.split('\t')).filter((cols) => cols[2] === 'windows' && cols[3] === 'key')
  .map(([browser, family, , , key]) => [browser, { key, family }]));
const ISSUE_BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'];

const hasWine = existsSync('/usr/bin/wine') && (existsSync('/usr/lib/wine/wine64') || existsSync('/usr/bin/wine64'));
const skip = !hasWine ? 'wine64 is not installed (installer/deps.sh --windows)'
  : !existsSync(EXE) ? `${EXE} is not built (cmake --preset windows && cmake --build --preset windows)` : false;

// wine maps / to Z:, so Linux temp folders are Windows paths as they are.
const windowsPath = (linuxPath) => `Z:${linuxPath.replaceAll('/', '\\')}`;
let prefix;
let env;
let work;  // this test's folder: state folder and manifests
const wine = (args) => spawnSync('wine', args, { env, maxBuffer: 1 << 24 });

before(() => {
  if (skip) return;
  prefix = mkdtempSync(path.join(tmpdir(), 'zcrm-wine-doctor-'));
  env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', HOME: prefix };
  // The prefix's wineserver kept running until after(), as tests/windows/wine-prefix.sh does: each wine program
  // then finds it instead of starting its own.
  spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' });  // it stays: its output must not be waited for
  // wineboot leaves wine's services running with the prefix: they must not hold a pipe spawnSync waits on.
  spawnSync('wine', ['wineboot', '--init'], { env, stdio: 'ignore' });
});

after(() => {
  if (!prefix) return;
  spawnSync('wineserver', ['-k'], { env });
  spawnSync('wineserver', ['-w'], { env });
  rmSync(prefix, { recursive: true, force: true });
});

// Each test starts with no registration in either hive and a state folder that allows both IDs.
beforeEach(() => {
  if (skip) return;
  if (work) rmSync(work, { recursive: true, force: true });
  work = mkdtempSync(path.join(tmpdir(), 'zcrm-doctor-win-'));
  writeFileSync(path.join(work, 'config.json'), fill('config.json.in', ''));
  for (const hive of ['HKCU', 'HKLM']) {
    for (const key of new Set(Object.values(BROWSERS).map((b) => b.key))) wine(['reg', 'delete', `${hive}\\${key}\\${HOST_NAME}`, '/f']);
  }
});
after(() => work && rmSync(work, { recursive: true, force: true }));

/** A manifest template of manifests/ filled as install.ps1's Fill does. */
function fill(template, hostPath) {
  return readFileSync(path.join(ROOT, 'manifests', template), 'utf8')
    .replaceAll('@ZCRM_HOST_NAME@', HOST_NAME).replaceAll('@ZCRM_HOST_PATH@', JSON.stringify(hostPath).slice(1, -1))
    .replaceAll('@ZCRM_CHROMIUM_EXTENSION_ID@', identity.ZCRM_CHROMIUM_EXTENSION_ID)
    .replaceAll('@ZCRM_GECKO_ID@', identity.ZCRM_GECKO_ID);
}

/** Writes <host>.<family>.json into this test's folder (edit changes it first) and returns its Windows path. */
function writeManifest(family, { hostPath = windowsPath(EXE), edit = (m) => m } = {}) {
  const file = path.join(work, `${HOST_NAME}.${family}.json`);
  writeFileSync(file, JSON.stringify(edit(JSON.parse(fill(`${family}.json.in`, hostPath))), null, 2));
  return windowsPath(file);
}

/** Points browser's key in hive at manifestPath, as install.ps1 (Set-Item) and the MSI do. */
function register(browser, manifestPath, hive = 'HKCU') {
  const out = wine(['reg', 'add', `${hive}\\${BROWSERS[browser].key}\\${HOST_NAME}`, '/ve', '/d', manifestPath, '/f']);
  assert.equal(out.status, 0, `reg add: ${out.stderr}`);
}

/** `zcrm-bridge.exe doctor --json --browser ...` with this test's state folder: exit code and findings. */
function doctor(browsers) {
  const run = spawnSync('wine', [EXE, 'doctor', '--json', ...browsers.flatMap((b) => ['--browser', b])],
    { env: { ...env, ZCRM_BRIDGE_HOME: windowsPath(work) }, maxBuffer: 1 << 24 });
  const stdout = run.stdout.toString();
  assert.ok(stdout.trim().startsWith('{'), `doctor printed no JSON (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(stdout);
  const finding = (scope, check) => report.checks.find((c) => c.scope === scope && c.check === check);
  return { code: run.status, report, finding };
}

test('a registration as install.ps1 writes it is ok for Chrome, Chromium, Edge, Brave and Firefox, with a live hello',
  { skip, timeout: 180000 }, () => {
    for (const browser of ISSUE_BROWSERS) register(browser, writeManifest(BROWSERS[browser].family));
    const { code, report, finding } = doctor(ISSUE_BROWSERS);
    assert.equal(code, 0, JSON.stringify(report.checks.filter((c) => c.status === 'fail'), null, 2));
    assert.equal(report.ok, true);
    for (const browser of ISSUE_BROWSERS) {
      const extensions = BROWSERS[browser].family === 'firefox' ? 'manifest.extensions' : 'manifest.origins';
      for (const check of ['registry.key', 'manifest.found', 'manifest.name', 'manifest.executable', extensions, 'host.hello']) {
        assert.equal(finding(browser, check)?.status, 'ok', `${browser} ${check}: ${JSON.stringify(finding(browser, check))}`);
      }
      assert.match(finding(browser, 'registry.key').detail, new RegExp(`^HKCU\\\\${BROWSERS[browser].key.replaceAll('\\', '\\\\')}`));
    }
    assert.equal(finding('state', 'state.dir')?.status, 'ok', 'the state folder is private to the user');
  });

test('the MSI\'s form is ok too: a machine-wide (HKLM) key and a "path" relative to the manifest\'s folder',
  { skip, timeout: 120000 }, () => {
    copyFileSync(EXE, path.join(work, 'zcrm-bridge.exe'));
    register('firefox', writeManifest('firefox', { hostPath: 'zcrm-bridge.exe' }), 'HKLM');
    const { code, finding } = doctor(['firefox']);
    assert.equal(code, 0);
    assert.match(finding('firefox', 'registry.key').detail, /^HKLM\\/);
    assert.equal(finding('firefox', 'host.hello')?.status, 'ok', JSON.stringify(finding('firefox', 'host.hello')));
  });

test('no registry key: FAIL registry.key, with the installer as the fix', { skip, timeout: 120000 }, () => {
  writeManifest('chromium');  // a manifest alone does not register the host on Windows
  const { code, finding } = doctor(['chrome']);
  assert.equal(code, 1);
  const key = finding('chrome', 'registry.key');
  assert.equal(key?.status, 'fail');
  assert.match(key.detail, /no key HKCU\\SOFTWARE\\Google\\Chrome\\NativeMessagingHosts\\.* nor HKLM/);
  assert.match(key.fix, /install\.ps1/);
});

test('a key naming a manifest that does not exist: FAIL manifest.found', { skip, timeout: 120000 }, () => {
  register('edge', windowsPath(path.join(work, 'gone.json')));
  const { code, finding } = doctor(['edge']);
  assert.equal(code, 1);
  assert.equal(finding('edge', 'registry.key')?.status, 'ok');
  const found = finding('edge', 'manifest.found');
  assert.equal(found?.status, 'fail');
  assert.match(found.detail, /gone\.json, which does not exist/);
  assert.match(found.fix, /install\.ps1/);
});

test('a manifest whose "path" names no program: FAIL manifest.executable, and no hello is tried',
  { skip, timeout: 120000 }, () => {
    register('chromium', writeManifest('chromium', { hostPath: windowsPath(path.join(work, 'missing.exe')) }));
    const { code, finding } = doctor(['chromium']);
    assert.equal(code, 1);
    const executable = finding('chromium', 'manifest.executable');
    assert.equal(executable?.status, 'fail');
    assert.match(executable.detail, /missing\.exe does not exist/);
    assert.ok(executable.fix);
    assert.equal(finding('chromium', 'host.hello'), undefined);
  });

test('a manifest that allows another extension: FAIL manifest.origins naming the right one',
  { skip, timeout: 120000 }, () => {
    const other = `chrome-extension://${'a'.repeat(32)}/`;
    register('brave', writeManifest('chromium', { edit: (m) => ({ ...m, allowed_origins: [other] }) }));
    const { code, finding } = doctor(['brave']);
    assert.equal(code, 1);
    const origins = finding('brave', 'manifest.origins');
    assert.equal(origins?.status, 'fail');
    assert.ok(origins.fix.includes(`chrome-extension://${identity.ZCRM_CHROMIUM_EXTENSION_ID}/`), origins.fix);
  });

test('a host that refuses the browser\'s caller: FAIL host.hello from the live hello', { skip, timeout: 120000 }, () => {
  writeFileSync(path.join(work, 'config.json'), JSON.stringify({ allowed_extensions: [identity.ZCRM_GECKO_ID] }));
  register('chrome', writeManifest('chromium'));
  const { code, finding } = doctor(['chrome']);
  assert.equal(code, 1);
  assert.equal(finding('chrome', 'manifest.origins')?.status, 'ok');
  const hello = finding('chrome', 'host.hello');
  assert.equal(hello?.status, 'fail', JSON.stringify(hello));
  assert.ok(hello.fix);
});
