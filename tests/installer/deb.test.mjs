// The Debian package: built by CPack from the build folder, installed with dpkg -i, checked by doctor against the
// system manifests (HOME is a temporary folder), removed with dpkg -r leaving none of its files. It changes the
// real system, so it runs only as root (as CI and the README's test command do then); ZCRM_TEST_DEB=0 leaves it out.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD, CHROMIUM_ID, GECKO_ID, HOST_NAME, cleanupAll, envFor, readJson, run, tempDir } from './helpers.mjs';

after(cleanupAll);
const enabled = process.getuid?.() === 0 && process.env.ZCRM_TEST_DEB !== '0';
const HOST = '/usr/lib/zcrm-bridge/zcrm-bridge';
const KEYRING_HELPER = '/usr/lib/zcrm-bridge/zcrm-bridge-keyring';
const MANIFESTS = {
  chrome: '/etc/opt/chrome/native-messaging-hosts', chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts', firefox: '/usr/lib/mozilla/native-messaging-hosts',
};

function must(r, what) {
  assert.equal(r.status, 0, `${what} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('the .deb installs, passes doctor and removes cleanly', { skip: !enabled && (process.env.ZCRM_TEST_DEB === '0' ? 'ZCRM_TEST_DEB=0' : 'needs root: it installs the package'), timeout: 600_000 }, () => {
  assert.notEqual(run('dpkg', ['-s', 'zcrm-bridge'], process.env).status, 0,
    'zcrm-bridge is already installed on this machine; remove it (dpkg -r zcrm-bridge) before this test');
  must(run('cmake', ['--build', BUILD, '--target', 'zcrm-bridge'], process.env, undefined, 900_000), 'building the host');
  const out = tempDir('deb');
  must(run('bash', ['-c', 'cd "$1" && cpack -G DEB -B "$2"', '-', BUILD, out], process.env, undefined, 300_000),
    'cpack -G DEB');
  const deb = readdirSync(out).filter((f) => f.endsWith('.deb')).map((f) => path.join(out, f));
  assert.equal(deb.length, 1, `one package in ${out}`);

  const entries = must(run('dpkg-deb', ['-c', deb[0]], process.env), 'dpkg-deb -c').trim().split('\n')
    .map((line) => line.split(/\s+/).slice(5).join(' ').replace(/ -> .*$/, '').replace(/^\./, '').replace(/\/$/, ''))
    .filter((p) => p !== '');
  const expected = [HOST, KEYRING_HELPER, '/usr/bin/zcrm-bridge', '/etc/zcrm-bridge/config.json',
    '/usr/share/zcrm-bridge/extension/manifest.json', '/usr/share/zcrm-bridge/installer/install.sh',
    ...Object.values(MANIFESTS).map((d) => `${d}/${HOST_NAME}.json`)];
  for (const p of expected) assert.ok(entries.includes(p), `${p} in the package`);
  // The keyring helper links libsecret: the package must pull it in.
  const depends = must(run('dpkg-deb', ['-f', deb[0], 'Depends'], process.env), 'dpkg-deb -f Depends');
  assert.match(depends, /libsecret-1-0/, 'Depends names libsecret-1-0');
  const existedBefore = new Map(entries.filter((p) => existsSync(p)).map((p) => [p, statSync(p).mode]));
  for (const [p] of existedBefore) assert.ok(statSync(p).isDirectory(), `${p} would be overwritten by the package`);

  let installed = false;
  try {
    must(run('dpkg', ['-i', deb[0]], process.env), 'dpkg -i');
    installed = true;
    assert.equal(lstatSync('/usr/bin/zcrm-bridge').isSymbolicLink(), true);
    for (const dir of Object.values(MANIFESTS)) assert.equal(readJson(`${dir}/${HOST_NAME}.json`).path, HOST);
    assert.deepEqual(readJson('/etc/zcrm-bridge/config.json').allowed_extensions, [CHROMIUM_ID, GECKO_ID]);
    // Installed and loadable: without a session bus it reports "no Secret Service" (exit 3), not a loader error.
    const probe = run(KEYRING_HELPER, ['probe'], envFor(tempDir()));
    assert.equal(probe.status, 3, `keyring helper probe: ${probe.stderr}`);

    const home = tempDir();
    const r = run('/usr/bin/zcrm-bridge', ['doctor', '--json', ...Object.keys(MANIFESTS).flatMap((b) => ['--browser', b])],
      envFor(home));
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.checks.filter((c) => c.status === 'fail'), [], 'doctor finds nothing wrong');
    assert.equal(r.status, 0);
    for (const [browser, dir] of Object.entries(MANIFESTS)) {
      const found = report.checks.find((c) => c.scope === browser && c.check === 'manifest.found');
      assert.equal(found.detail, `${dir}/${HOST_NAME}.json`, browser);
      assert.ok(report.checks.some((c) => c.scope === browser && c.check === 'host.hello' && c.status === 'ok'), browser);
    }
  } finally {
    if (installed || run('dpkg', ['-s', 'zcrm-bridge'], process.env).status === 0) {
      must(run('dpkg', ['-r', 'zcrm-bridge'], process.env), 'dpkg -r');
    }
    // dpkg also removes folders it shipped that are empty and owned by no other package, even when they were
    // there before (e.g. an empty /etc/opt): put those back as they were.
    for (const [p, mode] of existedBefore) if (!existsSync(p)) mkdirSync(p, { recursive: true, mode: mode & 0o7777 });
  }
  const left = entries.filter((p) => !existedBefore.has(p) && existsSync(p));
  assert.deepEqual(left, [], 'dpkg -r leaves none of the package\'s files');
  assert.ok(!readFileSync('/var/lib/dpkg/status', 'utf8').includes('Package: zcrm-bridge\n'), 'no dpkg record left');
});

// An organisation's .deb (cmake -DZCRM_SITE_SETTINGS=FILE, docs/MANAGED.md): installing it writes the settings as
// browser policy for every browser with a Linux policy folder, doctor reports them, and removing it takes back exactly
// that policy, leaving an admin's own Firefox policies as they were.
const SITE_POLICY = {
  chrome: '/etc/opt/chrome/policies/managed/zcrm-bridge.json', chromium: '/etc/chromium/policies/managed/zcrm-bridge.json',
  edge: '/etc/opt/edge/policies/managed/zcrm-bridge.json', brave: '/etc/brave/policies/managed/zcrm-bridge.json',
};
const FIREFOX_POLICIES = '/etc/firefox/policies/policies.json';

function configureSite(settingsFile) {
  return run('cmake', ['-S', path.join(BUILD, '..'), '-B', BUILD, `-DZCRM_SITE_SETTINGS=${settingsFile}`], process.env,
    undefined, 300_000);
}

test('a .deb built with site settings writes them as browser policy on install and takes them back on removal', { skip: !enabled && 'needs root: it installs the package', timeout: 600_000 }, () => {
  assert.notEqual(run('dpkg', ['-s', 'zcrm-bridge'], process.env).status, 0, 'zcrm-bridge is already installed');
  const dir = tempDir('site');
  const settings = { clientId: '1000.SITETEST0001', dc: 'eu', scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.users.READ'] };
  const file = path.join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify(settings));
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ clientId: 42, colour: 'blue' }));
  // An admin's own Firefox policy, which the package must leave as it found it.
  const firefoxBefore = existsSync(FIREFOX_POLICIES) ? readFileSync(FIREFOX_POLICIES, 'utf8') : null;
  const firefoxDirBefore = existsSync(path.dirname(FIREFOX_POLICIES));
  const adminPolicy = JSON.stringify({ policies: { DisableTelemetry: true } }, null, 2);
  mkdirSync(path.dirname(FIREFOX_POLICIES), { recursive: true });
  writeFileSync(FIREFOX_POLICIES, adminPolicy);
  const policyDirsBefore = Object.values(SITE_POLICY).map((p) => path.dirname(p)).filter((d) => existsSync(d));
  let installed = false;
  try {
    // Settings the extension would not use stop the build, naming them; the package keeps none of them.
    const refused = configureSite(bad);
    assert.notEqual(refused.status, 0, 'configuring with bad site settings fails');
    assert.match(refused.stderr, /clientId/);
    assert.match(refused.stderr, /colour/);

    must(configureSite(file), 'configuring with site settings');
    const out = tempDir('deb-site');
    must(run('bash', ['-c', 'cd "$1" && cpack -G DEB -B "$2"', '-', BUILD, out], process.env, undefined, 300_000), 'cpack');
    const deb = readdirSync(out).filter((f) => f.endsWith('.deb')).map((f) => path.join(out, f))[0];
    const listing = must(run('dpkg-deb', ['-c', deb], process.env), 'dpkg-deb -c');
    for (const p of ['site-settings.json', 'installer/managed-policy.py', 'installer/policies.tsv', 'installer/uninstall.sh']) {
      assert.ok(listing.includes(`./usr/share/zcrm-bridge/${p}`), `${p} in the package`);
    }
    assert.match(must(run('dpkg-deb', ['-f', deb, 'Depends'], process.env), 'Depends'), /python3/);

    must(run('dpkg', ['-i', deb], process.env), 'dpkg -i');
    installed = true;
    for (const [browser, p] of Object.entries(SITE_POLICY)) {
      assert.deepEqual(readJson(p)['3rdparty'].extensions[CHROMIUM_ID], settings, `${browser} policy`);
    }
    const firefox = readJson(FIREFOX_POLICIES).policies;
    assert.equal(firefox.DisableTelemetry, true, 'the admin\'s own Firefox policy is kept');
    assert.deepEqual(firefox['3rdparty'].Extensions[GECKO_ID], settings, 'Firefox policy');
    const r = run('/usr/bin/zcrm-bridge', ['doctor', '--json', '--browser', 'chromium', '--browser', 'firefox'],
      envFor(tempDir()));
    const checks = JSON.parse(r.stdout).checks;
    for (const b of ['chromium', 'firefox']) {
      const found = checks.find((c) => c.scope === b && c.check === 'managed.settings');
      assert.ok(found, `doctor reports ${b}'s managed settings`);
      assert.match(found.detail, /clientId/);
    }
    assert.deepEqual(checks.filter((c) => c.check.startsWith('managed.') && c.status === 'fail'), []);

    must(run('dpkg', ['-r', 'zcrm-bridge'], process.env), 'dpkg -r');
    installed = false;
    for (const p of Object.values(SITE_POLICY)) assert.equal(existsSync(p), false, `${p} removed`);
    assert.equal(readFileSync(FIREFOX_POLICIES, 'utf8'), adminPolicy, 'Firefox policies.json is as the admin left it');
    assert.equal(existsSync('/etc/zcrm-bridge'), false, 'no record of the policy is left');
  } finally {
    if (installed || run('dpkg', ['-s', 'zcrm-bridge'], process.env).status === 0) run('dpkg', ['-r', 'zcrm-bridge'], process.env);
    must(configureSite(''), 'configuring without site settings again');
    if (firefoxBefore !== null) writeFileSync(FIREFOX_POLICIES, firefoxBefore);
    else if (firefoxDirBefore) rmSync(FIREFOX_POLICIES, { force: true });
    else rmSync(path.dirname(FIREFOX_POLICIES), { recursive: true, force: true });
    for (const d of policyDirsBefore) mkdirSync(d, { recursive: true });
  }
});
