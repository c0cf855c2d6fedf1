// Per-user installs into a temporary HOME: every browser gets its manifest in its own folder, and
// `zcrm-bridge doctor --browser X` then passes; config.json keeps what was already in it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BROWSERS, CHROMIUM_ID, FIREFOX_FAMILY, GECKO_ID, HOST_NAME, USER_FOLDERS, cleanupAll, doctor, envFor,
  homeWithHost, install, installOk, listing, literal, readJson, tempDir,
} from './helpers.mjs';

after(cleanupAll);

describe('install for one browser, then doctor passes', () => {
  for (const browser of BROWSERS) {
    test(browser, () => {
      const { home, host } = homeWithHost();
      const env = envFor(home);
      installOk(['--browser', browser, '--host', host], env);
      const file = path.join(home, USER_FOLDERS[browser], `${HOST_NAME}.json`);
      const m = readJson(file);
      assert.equal(m.name, HOST_NAME);
      assert.equal(m.path, host);
      assert.equal(m.type, 'stdio');
      if (FIREFOX_FAMILY.has(browser)) assert.deepEqual(m.allowed_extensions, [GECKO_ID]);
      else assert.deepEqual(m.allowed_origins, [`chrome-extension://${CHROMIUM_ID}/`]);
      const state = path.join(home, '.config/zcrm-bridge');
      assert.equal(statSync(state).mode & 0o777, 0o700);
      assert.deepEqual(readJson(path.join(state, 'config.json')).allowed_extensions, [CHROMIUM_ID, GECKO_ID]);
      const d = doctor(host, ['--browser', browser], env);
      assert.deepEqual(d.failures, []);
      assert.equal(d.status, 0);
      assert.ok(d.report.checks.some((c) => c.scope === browser && c.check === 'host.hello' && c.status === 'ok'));
      // Only the named browser's folder was written.
      for (const other of BROWSERS) {
        if (USER_FOLDERS[other] !== USER_FOLDERS[browser]) {
          assert.ok(!existsSync(path.join(home, USER_FOLDERS[other], `${HOST_NAME}.json`)), other);
        }
      }
    });
  }
});

test('several browsers at once, then doctor with no --browser checks the ones found', () => {
  const { home, host } = homeWithHost();
  installOk(['--browser', 'brave', '--browser', 'firefox', '--browser', 'vivaldi', '--host', host], envFor(home));
  // No browser program on PATH: doctor goes by the settings folders the installer created.
  const d = doctor(host, [], envFor(home, { PATH: path.join(home, 'no-bin') }));
  assert.deepEqual(d.failures, []);
  for (const b of ['brave', 'firefox', 'vivaldi']) {
    assert.ok(d.report.checks.some((c) => c.scope === b && c.check === 'host.hello' && c.status === 'ok'), b);
  }
});

test('XDG_CONFIG_HOME moves the Chromium folders and the state folder, not Firefox\'s', () => {
  const { home, host } = homeWithHost();
  const xdg = path.join(home, 'xdg');
  const env = envFor(home, { XDG_CONFIG_HOME: xdg });
  installOk(['--browser', 'chromium', '--browser', 'firefox', '--host', host], env);
  assert.ok(existsSync(path.join(xdg, 'chromium/NativeMessagingHosts', `${HOST_NAME}.json`)));
  assert.ok(existsSync(path.join(home, '.mozilla/native-messaging-hosts', `${HOST_NAME}.json`)));
  assert.ok(existsSync(path.join(xdg, 'zcrm-bridge/config.json')));
  assert.equal(doctor(host, ['--browser', 'chromium', '--browser', 'firefox'], env).status, 0);
});

test('ZCRM_BRIDGE_HOME is where config.json and the record go', () => {
  const { home, host } = homeWithHost();
  const state = path.join(home, 'state');
  const env = envFor(home, { ZCRM_BRIDGE_HOME: state });
  installOk(['--browser', 'chromium', '--host', host], env);
  assert.ok(existsSync(path.join(state, 'config.json')));
  assert.ok(existsSync(path.join(state, 'installed-files')));
  assert.ok(!existsSync(path.join(home, '.config/zcrm-bridge')));
  assert.equal(doctor(host, ['--browser', 'chromium'], env).status, 0);
});

test('--profile-dir registers where a Chromium started with --user-data-dir looks', () => {
  const { home, host } = homeWithHost();
  const profile = tempDir('profile');
  const env = envFor(home);
  installOk(['--browser', 'chromium', '--profile-dir', profile, '--host', host], env);
  assert.equal(readJson(path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`)).path, host);
  assert.equal(doctor(host, ['--browser', 'chromium', '--profile-dir', profile], env).status, 0);
  const r = install(['--browser', 'chromium', '--profile-dir', path.join(home, 'nowhere'), '--host', host], env);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--profile-dir .*nowhere: no such folder/);
});

test('config.json: other settings and extra IDs stay, both IDs are added, uninstall restores the original', () => {
  const { home, host } = homeWithHost();
  const state = path.join(home, '.config/zcrm-bridge');
  mkdirSync(state, { recursive: true, mode: 0o700 });
  const original = '{\n  "refresh_margin_s": 120,\n  "allowed_extensions": ["dev@example.org"],\n' +
    '  "limits": {"login": {"max": 3, "window_s": 60}}\n}\n';
  writeFileSync(path.join(state, 'config.json'), original);
  const env = envFor(home);
  installOk(['--browser', 'firefox', '--host', host], env);
  const merged = readJson(path.join(state, 'config.json'));
  assert.deepEqual(merged.allowed_extensions, [CHROMIUM_ID, GECKO_ID, 'dev@example.org']);
  assert.equal(merged.refresh_margin_s, 120);
  assert.deepEqual(merged.limits, { login: { max: 3, window_s: 60 } });
  assert.equal(doctor(host, ['--browser', 'firefox'], env).status, 0);
  installOk(['--uninstall'], env);
  assert.equal(readFileSync(path.join(state, 'config.json'), 'utf8'), original);
});

test('config.json without allowed_extensions gets it; one that is not an object is left alone', () => {
  const { home, host } = homeWithHost();
  const state = path.join(home, '.config/zcrm-bridge');
  mkdirSync(state, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(state, 'config.json'), '{"refresh_margin_s": 60}\n');
  installOk(['--browser', 'chromium', '--host', host], envFor(home));
  assert.deepEqual(readJson(path.join(state, 'config.json')),
    { allowed_extensions: [CHROMIUM_ID, GECKO_ID], refresh_margin_s: 60 });

  const other = homeWithHost();
  const otherState = path.join(other.home, '.config/zcrm-bridge');
  mkdirSync(otherState, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(otherState, 'config.json'), '["not", "an object"]\n');
  const r = install(['--browser', 'chromium', '--host', other.host], envFor(other.home));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /not a JSON object/);
  assert.equal(readFileSync(path.join(otherState, 'config.json'), 'utf8'), '["not", "an object"]\n');
});

test('config.json is parsed, not pattern-matched: brackets and quotes in IDs, a nested allowed_extensions', () => {
  const { home, host } = homeWithHost();
  const state = path.join(home, '.config/zcrm-bridge');
  mkdirSync(state, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(state, 'config.json'), JSON.stringify({
    notes: { allowed_extensions: ['inner@example.org'] },
    allowed_extensions: ['odd]id"@example.org', GECKO_ID],
  }));
  installOk(['--browser', 'chromium', '--host', host], envFor(home));
  assert.deepEqual(readJson(path.join(state, 'config.json')), {
    notes: { allowed_extensions: ['inner@example.org'] },
    allowed_extensions: [CHROMIUM_ID, GECKO_ID, 'odd]id"@example.org'],
  });
});

test('running it again changes nothing', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  installOk(['--browser', 'chromium', '--browser', 'firefox', '--host', host], env);
  const before = listing(home);
  const again = installOk(['--browser', 'chromium', '--browser', 'firefox', '--host', host], env);
  assert.doesNotMatch(again.stdout, /^wrote /m);
  assert.deepEqual(listing(home), before);
});

test('a manifest it did not write is replaced, and put back by --uninstall', () => {
  const { home, host } = homeWithHost();
  const folder = path.join(home, USER_FOLDERS.chromium);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${HOST_NAME}.json`), '{"hand": "made"}\n');
  const before = listing(home);
  const env = envFor(home);
  installOk(['--browser', 'chromium', '--host', host], env);
  assert.equal(readJson(path.join(folder, `${HOST_NAME}.json`)).path, host);
  installOk(['--uninstall'], env);
  assert.deepEqual(listing(home), before);
});

test('a file changed after installing is kept by --uninstall', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  installOk(['--browser', 'chromium', '--host', host], env);
  const file = path.join(home, USER_FOLDERS.chromium, `${HOST_NAME}.json`);
  writeFileSync(file, '{"edited": true}\n');
  const r = installOk(['--uninstall'], env);
  assert.match(r.stdout, new RegExp(`kept .*${literal(HOST_NAME)}\\.json: changed since it was installed`));
  assert.equal(readFileSync(file, 'utf8'), '{"edited": true}\n');
});

test('bad arguments are refused', () => {
  const { home, host } = homeWithHost();
  const env = envFor(home);
  for (const args of [['--browser', 'safari'], ['--frobnicate'], ['--host', path.join(home, 'missing')],
    ['--os', 'macos', '--browser', 'chrome', '--host', host], ['--uninstall', '--browser', 'chrome']]) {
    const r = install(args, env);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.ok(r.stderr.length > 0, args.join(' '));
  }
  assert.deepEqual(listing(home), []);
});
