// What the MSI of installer/windows/build-msi.sh holds, read back with msitools (msiinfo, msiextract): per user
// only, the host and both manifests in %LOCALAPPDATA%\Programs\zcrm-bridge, config.json in the host's state folder,
// the registry key of Chrome, Chromium, Brave, Edge and Firefox naming the manifest of its family, manifests that
// name the host and the extension IDs of manifests/identity.env, and everything in a component (so Windows
// Installer removes it on uninstall). Skips, saying why, when msitools or the MSI is not there.
//   installer/windows/build-msi.sh && node --test tests/windows/msi-contents.test.mjs   (tests/windows/run.sh)
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MSI = path.resolve(ROOT, process.env.ZCRM_MSI ?? 'build-windows/zcrm-bridge.msi');
const EXE = path.resolve(ROOT, process.env.ZCRM_WINDOWS_HOST ?? 'build-windows/host/zcrm-bridge.exe');
const identity = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
  .filter((line) => /^ZCRM_[A-Z_]+=/.test(line)).map((line) => line.split('=')));
const HOST_NAME = identity.ZCRM_HOST_NAME;
const CHROMIUM_ID = identity.ZCRM_CHROMIUM_EXTENSION_ID;
const GECKO_ID = identity.ZCRM_GECKO_ID;
// The browsers issue 18 names; where each reads on Windows comes from the one table, installer/browsers.tsv.
const BROWSERS = ['chrome', 'chromium', 'brave', 'edge', 'firefox'];
const windowsKeys = readFileSync(path.join(ROOT, 'installer/browsers.tsv'), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'))
  .filter(([, , os, kind]) => os === 'windows' && kind === 'key')
  .map(([browser, family, , , key]) => ({ browser, family, key }));

const hasMsitools = ['/usr/bin/msiinfo', '/usr/bin/msiextract'].every(existsSync);
const skip = !hasMsitools ? 'msitools is not installed (installer/deps.sh --windows)'
  : !existsSync(MSI) ? `${MSI} is not built (installer/windows/build-msi.sh)` : false;

/** One table of the MSI as objects keyed by its column names (msiinfo export: names, types, key, then rows). */
function table(name) {
  const lines = execFileSync('msiinfo', ['export', MSI, name], { encoding: 'utf8' }).split(/\r?\n/).filter(Boolean);
  const columns = lines[0].split('\t');
  return lines.slice(3).map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i], v])));
}
const tables = () => execFileSync('msiinfo', ['tables', MSI], { encoding: 'utf8' }).split(/\r?\n/).filter(Boolean);

/** A Directory's installed path as Windows Installer resolves it, from the standard folder it hangs under. */
function folderOf(directories, id) {
  const parts = [];
  for (let d = directories.find((r) => r.Directory === id); d; d = directories.find((r) => r.Directory === d.Directory_Parent)) {
    if (d.Directory_Parent === '' || d.DefaultDir === '.') { parts.unshift(d.Directory); break; }
    parts.unshift(d.DefaultDir.split('|').pop());
  }
  return parts.join('\\');
}

/** The installed path of each file: [LocalAppDataFolder]\...\name. */
function installedFiles() {
  const directories = table('Directory');
  const components = new Map(table('Component').map((c) => [c.Component, c]));
  return table('File').map((f) => ({ ...f, Name: f.FileName.split('|').pop(),
    Path: `${folderOf(directories, components.get(f.Component_).Directory_)}\\${f.FileName.split('|').pop()}` }));
}

test('installs per user: no elevation, no ALLUSERS, every folder under %LOCALAPPDATA%, only HKCU keys', { skip }, () => {
  const source = Number(execFileSync('msiinfo', ['suminfo', MSI], { encoding: 'utf8' }).match(/^Source: (\d+)/m)[1]);
  assert.ok(source & 8, `summary word count ${source}: the "elevated privileges are not required" bit (8) is set`);
  assert.equal(table('Property').find((p) => p.Property === 'ALLUSERS'), undefined, 'no ALLUSERS: a per-user install');
  const directories = table('Directory');
  for (const d of directories.filter((r) => !['TARGETDIR', 'LocalAppDataFolder'].includes(r.Directory))) {
    assert.match(folderOf(directories, d.Directory), /^LocalAppDataFolder\\/, d.Directory);
  }
  for (const r of table('Registry')) assert.equal(r.Root, '1', `${r.Key}: HKCU (root 1), not ${r.Root}`);
  assert.ok(!tables().includes('CustomAction') || table('CustomAction').length === 0, 'no custom actions');
});

test('the host and both manifests in %LOCALAPPDATA%\\Programs\\zcrm-bridge, config.json in the state folder', { skip }, () => {
  const paths = installedFiles().map((f) => f.Path).sort();
  const programs = 'LocalAppDataFolder\\Programs\\zcrm-bridge';
  assert.deepEqual(paths, [`${programs}\\${HOST_NAME}.chromium.json`, `${programs}\\${HOST_NAME}.firefox.json`,
    `${programs}\\zcrm-bridge.exe`, 'LocalAppDataFolder\\zcrm-bridge\\config.json'].sort());
});

test('each browser\'s registry key names the installed manifest of its family', { skip }, () => {
  const files = new Map(installedFiles().map((f) => [f.File, f]));
  const registry = table('Registry');
  const hostKeys = registry.filter((r) => r.Key.endsWith(`\\NativeMessagingHosts\\${HOST_NAME}`));
  for (const browser of BROWSERS) {
    const row = windowsKeys.find((r) => r.browser === browser);
    assert.ok(row, `installer/browsers.tsv has a windows key row for ${browser}`);
    const value = hostKeys.find((r) => r.Key === `${row.key}\\${HOST_NAME}` && r.Name === '');
    assert.ok(value, `${browser}: HKCU\\${row.key}\\${HOST_NAME} (default value) is written`);
    const file = files.get(value.Value.match(/^\[#(\w+)\]$/)?.[1]);
    assert.ok(file, `${browser}: the value ${value.Value} is an installed file's path ([#File])`);
    assert.equal(file.Path, `LocalAppDataFolder\\Programs\\zcrm-bridge\\${HOST_NAME}.${row.family}.json`, browser);
  }
  // The table's keys are the ones install.ps1 writes too; these four are what the browsers read (their docs/source).
  assert.deepEqual(hostKeys.map((r) => r.Key.slice(0, -HOST_NAME.length - 1)).sort(), [
    'SOFTWARE\\Chromium\\NativeMessagingHosts', 'SOFTWARE\\Google\\Chrome\\NativeMessagingHosts',
    'SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts', 'SOFTWARE\\Mozilla\\NativeMessagingHosts']);
});

test('every file and registry value belongs to a component of the one feature, so uninstall removes it', { skip }, () => {
  const components = table('Component');
  const featured = new Set(table('FeatureComponents').map((r) => r.Component_));
  for (const c of components) assert.ok(featured.has(c.Component), `${c.Component} is in a feature`);
  for (const row of [...table('File'), ...table('Registry')]) {
    assert.ok(components.some((c) => c.Component === row.Component_), `${row.File ?? row.Key} has a component`);
  }
  // The folders the MSI creates go again when empty (RemoveFile rows without a file name); the vault stays, and
  // %LOCALAPPDATA%\Programs while other programs are in it.
  const removed = table('RemoveFile').filter((r) => r.FileName === '' && r.InstallMode === '2').map((r) => r.DirProperty);
  assert.deepEqual(removed.sort(), ['INSTALLDIR', 'STATEDIR', 'UserProgramsFolder']);
});

test('the manifests name the host beside them, stdio and the extension IDs; config.json allows both', { skip }, () => {
  const out = mkdtempSync(path.join(tmpdir(), 'zcrm-msi-'));
  try {
    execFileSync('msiextract', ['-C', out, MSI], { stdio: 'ignore' });
    const programs = path.join(out, 'Programs/zcrm-bridge');
    const read = (file) => JSON.parse(readFileSync(path.join(programs, file), 'utf8'));
    const chromium = read(`${HOST_NAME}.chromium.json`);
    const firefox = read(`${HOST_NAME}.firefox.json`);
    for (const manifest of [chromium, firefox]) {
      assert.equal(manifest.name, HOST_NAME);
      assert.equal(manifest.type, 'stdio');
      // Relative to the manifest's folder, which Chrome and Firefox accept on Windows only.
      assert.equal(manifest.path, 'zcrm-bridge.exe');
      assert.ok(existsSync(path.join(programs, manifest.path)), 'the host is installed beside the manifest');
    }
    assert.deepEqual(chromium.allowed_origins, [`chrome-extension://${CHROMIUM_ID}/`]);
    assert.equal(chromium.allowed_extensions, undefined);
    assert.deepEqual(firefox.allowed_extensions, [GECKO_ID]);
    assert.equal(firefox.allowed_origins, undefined);
    const config = JSON.parse(readFileSync(path.join(out, 'zcrm-bridge/config.json'), 'utf8'));
    assert.deepEqual(config.allowed_extensions, [CHROMIUM_ID, GECKO_ID]);
    if (existsSync(EXE)) {
      assert.ok(readFileSync(path.join(programs, 'zcrm-bridge.exe')).equals(readFileSync(EXE)), `the MSI holds ${EXE}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
