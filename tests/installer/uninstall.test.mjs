// --uninstall puts a HOME back exactly as it was (paths, modes, contents); --dry-run writes nothing and names
// every file a real run writes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BROWSERS, DISTINCT_USER_FOLDERS, HOST_NAME, cleanupAll, literal, envFor, homeWithHost, install, installOk, listing, tempDir } from './helpers.mjs';

after(cleanupAll);

const allBrowsers = BROWSERS.flatMap((b) => ['--browser', b]);

test('uninstall after installing for every browser leaves an empty HOME as it was', () => {
  const { home, host } = homeWithHost();
  const before = listing(home);
  const env = envFor(home);
  installOk([...allBrowsers, '--host', host], env);
  assert.ok(listing(home).length > before.length + 16);
  installOk(['--uninstall'], env);
  assert.deepEqual(listing(home), before);
});

test('uninstall keeps folders and files that were there before, with their modes', () => {
  const { home, host } = homeWithHost();
  mkdirSync(path.join(home, '.config/chromium/Default'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home, '.config/chromium/Default/Preferences'), '{}');
  mkdirSync(path.join(home, '.mozilla/native-messaging-hosts'), { recursive: true, mode: 0o750 });
  writeFileSync(path.join(home, '.mozilla/native-messaging-hosts/other.host.json'), '{"name": "other.host"}');
  mkdirSync(path.join(home, '.config/zcrm-bridge'), { mode: 0o700 });
  writeFileSync(path.join(home, '.config/zcrm-bridge/notes.txt'), 'mine');
  const profile = tempDir('profile');
  const before = listing(home);
  const profileBefore = listing(profile);
  const env = envFor(home);
  installOk([...allBrowsers, '--profile-dir', profile, '--host', host], env);
  installOk(['--uninstall'], env);
  assert.deepEqual(listing(home), before);
  assert.deepEqual(listing(profile), profileBefore);
});

test('uninstall keeps the state folder once the host stored something in it', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  installOk(['--browser', 'chromium', '--host', host], env);
  writeFileSync(path.join(home, '.config/zcrm-bridge/key'), Buffer.alloc(32), { mode: 0o600 });
  const r = installOk(['--uninstall'], env);
  assert.match(r.stdout, /kept folder .*zcrm-bridge: not empty/);
  assert.deepEqual(listing(path.join(home, '.config/zcrm-bridge')), ['key 600 ' +
    '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925']);
});

test('uninstall with nothing installed says so and changes nothing', () => {
  const { home } = homeWithHost();
  const before = listing(home);
  const r = installOk(['--uninstall'], envFor(home));
  assert.match(r.stdout, /Nothing to remove/);
  assert.deepEqual(listing(home), before);
});

test('--dry-run writes nothing and lists every file the real run writes', () => {
  const { home, host } = homeWithHost();
  const profile = tempDir('profile');
  const env = envFor(home);
  const before = listing(home);
  const args = [...allBrowsers, '--profile-dir', profile, '--host', host];
  const dry = installOk(['--dry-run', ...args], env);
  assert.deepEqual(listing(home), before);
  assert.deepEqual(listing(profile), []);
  const planned = [...dry.stdout.matchAll(/^would write (.*)$/gm)].map((m) => m[1]).sort();
  const real = installOk(args, env);
  const written = [...real.stdout.matchAll(/^wrote (.*)$/gm)].map((m) => m[1]).sort();
  // A manifest per folder (Zen shares Firefox's, ungoogled-chromium Chromium's), the profile's, config.json.
  assert.equal(written.length, DISTINCT_USER_FOLDERS.length + 2);
  assert.deepEqual(planned, written);
});

test('--dry-run --uninstall removes nothing', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  installOk(['--browser', 'firefox', '--host', host], env);
  const before = listing(home);
  const r = installOk(['--dry-run', '--uninstall'], env);
  assert.match(r.stdout, new RegExp(`would remove .*native-messaging-hosts/${literal(HOST_NAME)}\\.json`));
  assert.deepEqual(listing(home), before);
});

test('--dry-run --macos prints the macOS folders, per user and system-wide', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  const user = installOk(['--dry-run', '--macos', ...allBrowsers, '--host', host], env).stdout;
  const lib = `${home}/Library/Application Support`;
  for (const folder of ['Google/Chrome', 'Chromium', 'BraveSoftware/Brave-Browser', 'Microsoft Edge', 'Vivaldi',
    'com.operasoftware.Opera', 'Google/Chrome Beta', 'Google/Chrome Dev', 'Google/Chrome Canary', 'Thorium', 'Mozilla',
    'LibreWolf', 'Floorp', 'Waterfox']) {
    assert.ok(user.includes(`would write ${lib}/${folder}/NativeMessagingHosts/${HOST_NAME}.json`), folder);
  }
  const system = installOk(['--dry-run', '--os', 'macos', '--system', '--browser', 'chrome', '--browser', 'firefox',
    '--browser', 'opera', '--host', host], env);
  assert.ok(system.stdout.includes(`would write /Library/Google/Chrome/NativeMessagingHosts/${HOST_NAME}.json`));
  assert.ok(system.stdout.includes(
    `would write /Library/Application Support/Mozilla/NativeMessagingHosts/${HOST_NAME}.json`));
  assert.match(system.stderr, /no system-wide folder is known for opera on macos/);
  assert.deepEqual(listing(home), []);
});

test('--dry-run --system prints the Linux system folders without needing root', () => {
  const { home, host } = homeWithHost();
  const r = installOk(['--dry-run', '--system', ...allBrowsers, '--host', host], envFor(home));
  for (const file of ['/etc/opt/chrome/native-messaging-hosts', '/etc/chromium/native-messaging-hosts',
    '/etc/opt/edge/native-messaging-hosts', '/usr/lib/mozilla/native-messaging-hosts']) {
    assert.ok(r.stdout.includes(`would write ${file}/${HOST_NAME}.json`) ||
      r.stdout.includes(`up to date ${file}/${HOST_NAME}.json`), file);
  }
  assert.match(r.stdout, /would write \/etc\/zcrm-bridge\/config\.json|up to date \/etc\/zcrm-bridge\/config\.json/);
  assert.equal(install(['--dry-run', '--system', '--browser', 'chrome', '--host', host], envFor(home)).status, 0);
});
