// --install-host (what installer/setup.sh runs): the host is copied under ~/.local and that copy is registered, so the
// clone it was built in can be deleted and the browsers still reach the host; installer/uninstall.sh (even the copy
// of it left in ~/.local/share) then puts HOME back as it was.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUILD, BUILT_HOST, CHROMIUM_ID, HOST_NAME, ROOT, USER_FOLDERS, cleanupAll, doctor, envFor, listing, readJson, run,
  tempDir,
} from './helpers.mjs';

after(cleanupAll);

/** A throwaway clone: the installer, the manifest templates and a built host, as a newcomer's clone has them. */
function fakeClone() {
  const clone = tempDir('clone');
  for (const f of ['install.sh', 'uninstall.sh', 'browsers.tsv']) {
    mkdirSync(path.join(clone, 'installer'), { recursive: true });
    copyFileSync(path.join(ROOT, 'installer', f), path.join(clone, 'installer', f));
  }
  cpSync(path.join(ROOT, 'manifests'), path.join(clone, 'manifests'), { recursive: true });
  mkdirSync(path.join(clone, 'build/host'), { recursive: true });
  for (const f of ['zcrm-bridge', 'zcrm-bridge-keyring']) {
    copyFileSync(path.join(BUILD, 'host', f), path.join(clone, 'build/host', f));
  }
  return clone;
}

function sh(script, args, env) {
  const r = run('bash', [script, ...args], env);
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The host's first start in this HOME: it creates its key and vault, as a browser's first message does. */
function startHostOnce(host, env) {
  const request = Buffer.from(JSON.stringify({ id: 1, type: 'account.get', client_id: '1000.T', dc: 'us' }));
  const frame = Buffer.concat([Buffer.alloc(4), request]);
  frame.writeUInt32LE(request.length);
  const r = run(host, [`chrome-extension://${CHROMIUM_ID}/`], env, frame);
  assert.equal(r.status, 0, r.stderr);
}

test('after --install-host the clone can be deleted and the browsers still reach the host', () => {
  const home = tempDir();
  const clone = fakeClone();
  const env = envFor(home);
  const r = sh(path.join(clone, 'installer/install.sh'),
    ['--install-host', '--browser', 'chromium', '--browser', 'firefox', '--host', path.join(clone, 'build/host/zcrm-bridge')], env);
  const copy = path.join(home, '.local/lib/zcrm-bridge/zcrm-bridge');
  assert.match(r.stdout, new RegExp(`wrote ${copy}$`, 'm'));
  rmSync(clone, { recursive: true, force: true });

  for (const browser of ['chromium', 'firefox']) {
    const manifest = path.join(home, USER_FOLDERS[browser], `${HOST_NAME}.json`);
    assert.equal(readJson(manifest).path, copy, browser);
    assert.ok(!readFileSync(manifest, 'utf8').includes(clone), `${browser}'s manifest names the clone`);
  }
  assert.ok(existsSync(path.join(home, '.local/lib/zcrm-bridge/zcrm-bridge-keyring')), 'the keyring helper beside the host');
  assert.equal(readlinkSync(path.join(home, '.local/bin/zcrm-bridge')), copy);
  const d = doctor(path.join(home, '.local/bin/zcrm-bridge'), ['--browser', 'chromium', '--browser', 'firefox'], env);
  assert.deepEqual(d.failures, []);
  for (const browser of ['chromium', 'firefox']) {
    assert.ok(d.report.checks.some((c) => c.scope === browser && c.check === 'host.hello' && c.status === 'ok'), browser);
  }
});

test('uninstall.sh left in ~/.local/share puts HOME back as it was once the clone is gone', () => {
  const home = tempDir();
  const before = listing(home);
  const clone = fakeClone();
  const env = envFor(home);
  sh(path.join(clone, 'installer/install.sh'), ['--install-host', '--browser', 'chrome', '--browser', 'zen',
    '--host', path.join(clone, 'build/host/zcrm-bridge')], env);
  rmSync(clone, { recursive: true, force: true });
  const uninstall = path.join(home, '.local/share/zcrm-bridge/installer/uninstall.sh');
  const r = sh(uninstall, [], env);
  assert.match(r.stdout, /removed .*\.local\/bin\/zcrm-bridge/);
  assert.deepEqual(listing(home), before);
});

test('uninstall keeps the sign-ins and their key; it removes the settings setup wrote', () => {
  const home = tempDir();
  const env = envFor(home);
  sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST], env);
  startHostOnce(path.join(home, '.local/bin/zcrm-bridge'), env);
  const state = path.join(home, '.config/zcrm-bridge');
  writeFileSync(path.join(state, 'settings.json'), '{"clientId": "1000.T"}\n');
  const r = sh(path.join(ROOT, 'installer/uninstall.sh'), [], env);
  assert.match(r.stdout, /removed .*settings\.json/);
  assert.match(r.stdout, /kept .*zcrm-bridge: it holds your encrypted sign-ins and the vault key/);
  assert.ok(existsSync(path.join(state, 'key')) && existsSync(path.join(state, 'vault')));
  assert.ok(!existsSync(path.join(state, 'settings.json')));
  assert.ok(!existsSync(path.join(home, '.local')), listing(home).join('\n'));
});

test('uninstall --purge removes the sign-ins too and leaves HOME as it was', () => {
  const home = tempDir();
  const env = envFor(home);
  sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'firefox', '--host', BUILT_HOST], env);
  startHostOnce(path.join(home, '.local/bin/zcrm-bridge'), env);
  writeFileSync(path.join(home, '.config/zcrm-bridge/settings.json'), '{"clientId": "1000.T"}\n');
  const dry = sh(path.join(ROOT, 'installer/uninstall.sh'), ['--purge', '--dry-run'], env);
  assert.match(dry.stdout, /would remove .*zcrm-bridge\/key$/m);
  assert.ok(existsSync(path.join(home, '.config/zcrm-bridge/key')));
  const r = sh(path.join(ROOT, 'installer/uninstall.sh'), ['--purge'], env);
  assert.match(r.stdout, /removed .*zcrm-bridge\/key$/m);
  assert.deepEqual(listing(home), []);
});

test('uninstall takes back the browser policy setup wrote for ZCRM_CLIENT_ID', () => {
  const home = tempDir();
  const policyRoot = tempDir('policy');
  const env = envFor(home, { ZCRM_POLICY_ROOT: policyRoot });
  sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST], env);
  // What setup.sh does with ZCRM_CLIENT_ID: the settings file, install.sh --managed, and its marker.
  const state = path.join(home, '.config/zcrm-bridge');
  writeFileSync(path.join(state, 'settings.json'), '{"clientId": "1000.TESTCLIENT", "dc": "eu"}\n');
  sh(path.join(ROOT, 'installer/install.sh'), ['--managed', path.join(state, 'settings.json'), '--browser', 'chromium'], env);
  writeFileSync(path.join(state, 'policy-written-by-setup'), '');
  const policy = path.join(policyRoot, 'etc/chromium/policies/managed/zcrm-bridge.json');
  assert.ok(existsSync(policy), listing(policyRoot).join('\n'));
  const r = sh(path.join(home, '.local/share/zcrm-bridge/installer/uninstall.sh'), [], env);
  assert.ok(!existsSync(policy), r.stdout);
  assert.deepEqual(listing(home), []);
});

test('uninstall goes on when the policy cannot be taken back, and says how', () => {
  const home = tempDir();
  const env = envFor(home, { ZCRM_POLICY_ROOT: tempDir('policy') });
  sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST], env);
  writeFileSync(path.join(home, '.config/zcrm-bridge/policy-written-by-setup'), '');
  rmSync(path.join(home, '.local/share/zcrm-bridge/installer/managed-policy.py'));
  const r = run('bash', [path.join(home, '.local/share/zcrm-bridge/installer/uninstall.sh')], env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the browser policy setup wrote is still there; remove it with: sudo .*install\.sh --managed-remove/);
  assert.ok(!existsSync(path.join(home, '.local/bin/zcrm-bridge')), 'the rest is removed all the same');
});

test('--extension copies the release packages; a newer build replaces them, and files it dropped go', () => {
  const home = tempDir();
  const env = envFor(home);
  const packages = tempDir('packages');
  const put = (rel, text) => {
    mkdirSync(path.dirname(path.join(packages, rel)), { recursive: true });
    writeFileSync(path.join(packages, rel), text);
  };
  put('chromium/manifest.json', '{"name": "zcrm-bridge"}');
  put('chromium/lib/old.js', 'old');
  put('zcrm-bridge-firefox-0.1.0.zip', 'zip');
  put('zcrm-bridge-firefox-test-0.1.0.zip', 'test zip');
  const args = ['--install-host', '--extension', packages, '--browser', 'chromium', '--host', BUILT_HOST];
  sh(path.join(ROOT, 'installer/install.sh'), args, env);
  const share = path.join(home, '.local/share/zcrm-bridge/extension');
  assert.deepEqual(listing(share).filter((l) => !l.endsWith('/ 755')).map((l) => l.split(' ')[0]),
    ['chromium/lib/old.js', 'chromium/manifest.json', 'zcrm-bridge-firefox.zip']);

  rmSync(path.join(packages, 'chromium/lib/old.js'));
  put('chromium/lib/new.js', 'new');
  put('chromium/manifest.json', '{"name": "zcrm-bridge", "version": "2"}');
  const again = sh(path.join(ROOT, 'installer/install.sh'), args, env);
  assert.match(again.stdout, /removed .*chromium\/lib\/old\.js/);
  assert.equal(readFileSync(path.join(share, 'chromium/manifest.json'), 'utf8'), '{"name": "zcrm-bridge", "version": "2"}');
  assert.ok(existsSync(path.join(share, 'chromium/lib/new.js')) && !existsSync(path.join(share, 'chromium/lib/old.js')));

  sh(path.join(ROOT, 'installer/install.sh'), ['--uninstall'], env);
  assert.deepEqual(listing(home), []);
});

test('says whether zcrm-bridge is on PATH now, and how to put ~/.local/bin there when it is not', () => {
  const home = tempDir();
  const off = sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST],
    envFor(home));
  assert.match(off.stdout, /\.local\/bin is not on your PATH/);
  assert.match(off.stdout, /echo 'PATH="\$HOME\/\.local\/bin:\$PATH"' >> ~\/\.profile/);
  const on = sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST],
    envFor(home, { PATH: `${path.join(home, '.local/bin')}:${process.env.PATH}` }));
  assert.match(on.stdout, /zcrm-bridge is on your PATH/);
  const which = run('bash', ['-c', 'command -v zcrm-bridge'], envFor(home, { PATH: `${path.join(home, '.local/bin')}:/usr/bin:/bin` }));
  assert.equal(which.stdout.trim(), path.join(home, '.local/bin/zcrm-bridge'));
});

test('--dry-run --install-host writes nothing and names every file the real run writes', () => {
  const home = tempDir();
  const env = envFor(home);
  const args = ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST];
  const dry = sh(path.join(ROOT, 'installer/install.sh'), ['--dry-run', ...args], env);
  assert.deepEqual(listing(home), []);
  const real = sh(path.join(ROOT, 'installer/install.sh'), args, env);
  const lines = (out, verb) => [...out.matchAll(new RegExp(`^${verb} (.*)$`, 'gm'))].map((m) => m[1]).sort();
  assert.deepEqual(lines(dry.stdout, 'would write'), lines(real.stdout, 'wrote'));
  assert.ok(lines(real.stdout, 'wrote').includes(path.join(home, '.local/bin/zcrm-bridge')));
});

test('a file already at ~/.local/bin/zcrm-bridge is put back by --uninstall', () => {
  const home = tempDir();
  const env = envFor(home);
  mkdirSync(path.join(home, '.local/bin'), { recursive: true });
  writeFileSync(path.join(home, '.local/bin/zcrm-bridge'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
  const before = listing(home);
  sh(path.join(ROOT, 'installer/install.sh'), ['--install-host', '--browser', 'chromium', '--host', BUILT_HOST], env);
  assert.equal(readlinkSync(path.join(home, '.local/bin/zcrm-bridge')), path.join(home, '.local/lib/zcrm-bridge/zcrm-bridge'));
  sh(path.join(ROOT, 'installer/install.sh'), ['--uninstall'], env);
  assert.deepEqual(listing(home), before);
});
