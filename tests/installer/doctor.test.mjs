// Break one thing doctor checks at a time, after a clean install that doctor passes: doctor names exactly that
// check, gives the fix for it and exits non-zero.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUILT_HOST, CHROMIUM_ID, GECKO_ID, HOST_NAME, USER_FOLDERS, literal, cleanupAll, doctor, envFor, homeWithHost, installOk, readJson, run,
} from './helpers.mjs';

after(cleanupAll);

/** Installs for browser into a fresh HOME; with withKey, lets the host create its key and vault. */
function installed(browser, { withKey = false, copy = false } = {}) {
  const { home, host } = homeWithHost({ copy });
  const env = envFor(home);
  installOk(['--browser', browser, '--host', host], env);
  const state = path.join(home, '.config/zcrm-bridge');
  if (withKey) {
    const request = Buffer.from(JSON.stringify({ id: 1, type: 'account.get', client_id: '1000.T', dc: 'us' }));
    const frame = Buffer.concat([Buffer.alloc(4), request]);
    frame.writeUInt32LE(request.length);
    const r = run(host, [`chrome-extension://${CHROMIUM_ID}/`], env, frame);
    assert.equal(r.status, 0, r.stderr);
  }
  const ok = doctor(host, ['--browser', browser], env);
  assert.deepEqual(ok.failures, [], 'doctor must pass before anything is broken');
  const manifest = path.join(home, USER_FOLDERS[browser], `${HOST_NAME}.json`);
  return { home, host, env, state, manifest, browser };
}

function editManifest(file, change) {
  const m = readJson(file);
  change(m);
  writeFileSync(file, JSON.stringify(m, null, 2));
}

/**
 * Doctor fails on check (with a fix matching fixPattern) and on nothing else, except the host refusing hello
 * when the config itself is what broke.
 */
function expectOnly(s, check, fixPattern) {
  const d = doctor(BUILT_HOST, ['--browser', s.browser], s.env);  // s.host may be the thing broken
  assert.equal(d.status, 1, 'doctor must exit 1');
  const consequences = check.startsWith('config.') ? ['host.hello'] : [];
  assert.deepEqual(d.failures.map((f) => f.check).filter((c) => !consequences.includes(c)), [check],
    JSON.stringify(d.failures, null, 2));
  const failure = d.failures.find((f) => f.check === check);
  assert.match(failure.fix, fixPattern);
  return failure;
}

const breakages = [
  ['manifest missing', 'chromium', (s) => rmSync(s.manifest), 'manifest.found', /install\.sh --browser chromium/],
  ['manifest not JSON', 'chromium', (s) => writeFileSync(s.manifest, '{"name": '), 'manifest.json', /install\.sh/],
  ['name is not the file name', 'chromium', (s) => editManifest(s.manifest, (m) => { m.name = 'dev.other'; }),
    'manifest.name', new RegExp(`"name": "${literal(HOST_NAME)}"`)],
  ['type is not stdio', 'edge', (s) => editManifest(s.manifest, (m) => { m.type = 'socket'; }),
    'manifest.type', /"type": "stdio"/],
  ['relative host path', 'chrome', (s) => editManifest(s.manifest, (m) => { m.path = 'opt-zcrm-bridge'; }),
    'manifest.path', /absolute/],
  ['host not executable', 'brave', (s) => chmodSync(s.host, 0o644), 'manifest.executable', /^chmod 755 '/],
  ['origin without trailing slash', 'chromium',
    (s) => editManifest(s.manifest, (m) => { m.allowed_origins = [`chrome-extension://${CHROMIUM_ID}`]; }),
    'manifest.origins', /trailing \//],
  ['origin of another extension', 'vivaldi',
    (s) => editManifest(s.manifest, (m) => { m.allowed_origins = ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']; }),
    'manifest.origins', new RegExp(`chrome-extension://${CHROMIUM_ID}/`)],
  ['another add-on ID', 'firefox',
    (s) => editManifest(s.manifest, (m) => { m.allowed_extensions = ['other@example.org']; }),
    'manifest.extensions', new RegExp(literal(GECKO_ID))],
  ['state folder 0755', 'chromium', (s) => chmodSync(s.state, 0o755), 'state.dir', /^chmod 700 '/],
  ['config.json missing', 'opera', (s) => rmSync(path.join(s.state, 'config.json')), 'config.json', /install\.sh/],
  ['config.json lacks the Chromium ID', 'chromium',
    (s) => writeFileSync(path.join(s.state, 'config.json'), JSON.stringify({ allowed_extensions: [GECKO_ID] })),
    'config.ids', /install\.sh/],
];

for (const [name, browser, breakIt, check, fix] of breakages) {
  test(`${name} (${browser}) -> ${check}`, () => {
    const s = installed(browser, { copy: check === 'manifest.executable' });
    breakIt(s);
    expectOnly(s, check, fix);
  });
}

test('key readable by others -> state.key', () => {
  const s = installed('chromium', { withKey: true });
  chmodSync(path.join(s.state, 'key'), 0o644);
  expectOnly(s, 'state.key', /^chmod 600 '/);
});

test('key of the wrong size -> state.key', () => {
  const s = installed('librewolf', { withKey: true });
  truncateSync(path.join(s.state, 'key'), 16);
  const f = expectOnly(s, 'state.key', /zcrm-bridge reset/);
  assert.match(f.detail, /16 bytes instead of 32/);
});

test('key that does not open the vault -> state.vault KEY_MISMATCH', () => {
  const s = installed('chromium', { withKey: true });
  const key = path.join(s.state, 'key');
  writeFileSync(key, Buffer.alloc(32, 7));
  const f = expectOnly(s, 'state.vault', /zcrm-bridge reset/);
  assert.match(f.detail, /^KEY_MISMATCH/);
});

test('the table output names the check, its status and the fix', () => {
  const s = installed('chromium');
  chmodSync(s.state, 0o750);
  const r = run(s.host, ['doctor', '--browser', 'chromium'], s.env);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /state\s+state\.dir\s+FAIL\s+.* has mode 0750/);
  assert.match(r.stdout, /fix: chmod 700 '/);
  assert.match(r.stdout, /1 problem found/);
  assert.ok(readFileSync(path.join(s.state, 'config.json'), 'utf8').includes(CHROMIUM_ID));
});
