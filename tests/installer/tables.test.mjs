// The folder/key table: its shape, the Windows registry keys install.ps1 writes, and the IDs shared by CMake,
// the installers and the extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BROWSERS, CHROMIUM_ID, GECKO_ID, HOST_NAME, ROOT, USER_FOLDERS } from './helpers.mjs';

const rows = readFileSync(path.join(ROOT, 'installer/browsers.tsv'), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [browser, family, os, kind, value, note] = l.split('\t'); return { browser, family, os, kind, value, note }; });
const values = (browser, os, kind) => rows.filter((r) => r.browser === browser && r.os === os && r.kind === kind).map((r) => r.value);

test('every row has six columns with known words', () => {
  for (const r of rows) {
    assert.ok(r.note !== undefined, JSON.stringify(r));
    assert.ok(BROWSERS.includes(r.browser), r.browser);
    assert.ok(['chromium', 'firefox'].includes(r.family), r.family);
    assert.ok(['linux', 'macos', 'windows'].includes(r.os), r.os);
    assert.ok(['user', 'system', 'key', 'bin', 'flatpak', 'snap', 'profile'].includes(r.kind), r.kind);
    if (['user', 'system', 'profile'].includes(r.kind)) assert.match(r.value, /^(\$\{HOME\}|\$\{CONFIG\}|\/)/, r.value);
    assert.match(r.note, ['bin', 'flatpak', 'snap', 'profile'].includes(r.kind) ? /^-$/ : /^(documented|source|reported)\b/,
      JSON.stringify(r));
  }
});

test('Linux per-user folders match the ones each browser reads', () => {
  for (const b of BROWSERS) {
    const expected = USER_FOLDERS[b].startsWith('.config/')
      ? `\${CONFIG}/${USER_FOLDERS[b].slice('.config/'.length)}` : `\${HOME}/${USER_FOLDERS[b]}`;
    assert.deepEqual(values(b, 'linux', 'user'), [expected], b);
  }
});

test('Linux system folders of the packaged browsers', () => {
  assert.equal(values('chrome', 'linux', 'system')[0], '/etc/opt/chrome/native-messaging-hosts');
  assert.equal(values('chromium', 'linux', 'system')[0], '/etc/chromium/native-messaging-hosts');
  assert.equal(values('edge', 'linux', 'system')[0], '/etc/opt/edge/native-messaging-hosts');
  assert.deepEqual(values('firefox', 'linux', 'system'),
    ['/usr/lib/mozilla/native-messaging-hosts', '/usr/lib64/mozilla/native-messaging-hosts']);
});

test('install.ps1 writes exactly the registry keys of the table', () => {
  const ps1 = readFileSync(path.join(ROOT, 'installer/windows/install.ps1'), 'utf8');
  const block = ps1.match(/# BEGIN browsers\.tsv windows rows[^\n]*\n([\s\S]*?)# END browsers\.tsv windows rows/);
  assert.ok(block, 'install.ps1 has the marked key table');
  const mirrored = [...block[1].matchAll(/^\s*'?([\w-]+)'?\s*=\s*@\{\s*Key\s*=\s*'([^']+)';\s*Family\s*=\s*'(\w+)'\s*\}/gm)]
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const table = rows.filter((r) => r.os === 'windows' && r.kind === 'key').map((r) => `${r.browser} ${r.value} ${r.family}`);
  assert.deepEqual(mirrored, table);
  for (const [b, key] of [['chrome', 'SOFTWARE\\Google\\Chrome\\NativeMessagingHosts'],
    ['chromium', 'SOFTWARE\\Chromium\\NativeMessagingHosts'], ['edge', 'SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts'],
    ['firefox', 'SOFTWARE\\Mozilla\\NativeMessagingHosts']]) {
    assert.deepEqual(values(b, 'windows', 'key'), [key], b);
  }
  assert.match(ps1, /HKCU:\\/);
  assert.match(ps1, /HKLM:\\/);
  assert.ok(ps1.includes(`'${HOST_NAME}'`) || ps1.includes('identity.env'));
});

test('the MSI template writes, per family, the table\'s Windows keys under HKCU, and lays out files as install.ps1', () => {
  const wxs = readFileSync(path.join(ROOT, 'installer/windows/zcrm-bridge.wxs'), 'utf8');
  const ps1 = readFileSync(path.join(ROOT, 'installer/windows/install.ps1'), 'utf8');
  for (const family of ['chromium', 'firefox']) {
    const block = wxs.match(new RegExp(`BEGIN browsers\\.tsv windows keys, ${family} family[^\\n]*\\n([\\s\\S]*?)END browsers\\.tsv windows keys, ${family} family`));
    assert.ok(block, `zcrm-bridge.wxs has the marked ${family} key block`);
    const written = [...block[1].matchAll(/<RegistryValue Root="(\w+)" Key="([^"]+)\\\$\(var\.HostName\)"[^>]*Value="\[#(\w+)\]"/g)];
    assert.deepEqual(written.map((m) => m[1]), written.map(() => 'HKCU'), `${family}: per user only`);
    const table = [...new Set(rows.filter((r) => r.os === 'windows' && r.kind === 'key' && r.family === family).map((r) => r.value))];
    assert.deepEqual(written.map((m) => m[2]).sort(), table.sort(), `${family}: the keys of browsers.tsv`);
    const manifestId = written[0][3];
    assert.ok(written.every((m) => m[3] === manifestId), `${family}: every key names one manifest`);
    assert.match(wxs, new RegExp(`<File Id="${manifestId}" Name="\\$\\(var\\.HostName\\)\\.${family}\\.json"`));
  }
  // One layout for both installers: host and manifests (<name>.<family>.json) in Programs\zcrm-bridge per user.
  assert.match(wxs, /<Directory Id="LocalAppDataFolder">\s*<Directory Id="\w+" Name="Programs">\s*<Directory Id="INSTALLDIR" Name="zcrm-bridge"/);
  assert.ok(ps1.includes("Join-Path $env:LOCALAPPDATA 'Programs\\zcrm-bridge'"), 'install.ps1: the same per-user program folder');
  assert.ok(ps1.includes('"$HostName.$($entry.Family).json"'), 'install.ps1: the same manifest names');
  assert.ok(ps1.includes("Join-Path $env:LOCALAPPDATA 'zcrm-bridge'"), 'install.ps1: config.json in the host\'s state folder');
});

test('identity.env, CMakeLists.txt and the extension agree on the IDs', () => {
  const env = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
    .filter((l) => /^ZCRM_/.test(l)).map((l) => l.split('=')));
  assert.deepEqual(env, { ZCRM_HOST_NAME: HOST_NAME, ZCRM_CHROMIUM_EXTENSION_ID: CHROMIUM_ID, ZCRM_GECKO_ID: GECKO_ID });
  // CMake reads identity.env itself (manifests/identity.cmake); extension/test/identity.test.mjs checks that.
  const ext = JSON.parse(readFileSync(path.join(ROOT, 'extension/manifest.json'), 'utf8'));
  assert.equal(ext.browser_specific_settings.gecko.id, GECKO_ID);
  const digest = createHash('sha256').update(Buffer.from(ext.key, 'base64')).digest('hex').slice(0, 32);
  assert.equal([...digest].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join(''), CHROMIUM_ID);
});
