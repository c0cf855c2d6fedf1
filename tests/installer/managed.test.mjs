// `install.sh --managed settings.json` (docs/MANAGED.md) against a temporary policy root (ZCRM_POLICY_ROOT): the
// policy files each browser reads, a merge with an existing policies.json, removal of exactly what was written, the
// refusals (settings the extension would not use; no root), and what `zcrm-bridge doctor` then reports. Nothing here
// touches /etc (tests/e2e/*-managed.test.mjs use the real folders).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readManaged } from '../../extension/lib/managed-settings.js';
import {
  BUILT_HOST, CHROMIUM_ID, GECKO_ID, INSTALLER, ROOT, cleanupAll, doctor, envFor, install, listing, readJson, tempDir,
} from './helpers.mjs';

after(cleanupAll);

const CHROMIUM_DIRS = {
  chrome: 'etc/opt/chrome/policies/managed', chromium: 'etc/chromium/policies/managed',
  edge: 'etc/opt/edge/policies/managed', brave: 'etc/brave/policies/managed',
};
const FIREFOX_FILE = 'etc/firefox/policies/policies.json';
const ALL = [...Object.keys(CHROMIUM_DIRS), 'firefox'];
const SETTINGS = {
  clientId: '1000.TEAM', dc: 'eu', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL'],
  webApps: [{ origin: 'https://crm.example.com', level: 'crm', modules: [{ name: 'Accounts', methods: ['GET', 'POST'] }] }],
  redirectCaptures: ['https://crm.example.com/LoginRedirect'], crmConcurrency: 10,
};

/** A policy root, a HOME and a settings file; run(args) runs install.sh with ZCRM_POLICY_ROOT set. */
function setup(settings = SETTINGS) {
  const root = tempDir('policy-root');
  const home = tempDir('home');
  const file = path.join(home, 'team.json');
  writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings, null, 2));
  const env = envFor(home, { ZCRM_POLICY_ROOT: root });
  return { root, home, file, env, run: (args) => install(args, env), at: (p) => path.join(root, p) };
}

function ok(r) {
  assert.equal(r.status, 0, `install.sh failed\n${r.stdout}\n${r.stderr}`);
  return r;
}

const browsers = (list) => list.flatMap((b) => ['--browser', b]);
const SCHEMA = readJson(path.join(ROOT, 'extension/managed_schema.json'));

/** Whether Chromium's check against the schema (types only) refuses value. */
function typeMismatch(schema, value) {
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : value === null ? 'null' : typeof value;
  if (schema.type !== type && !(schema.type === 'number' && type === 'integer')) return true;
  if (type === 'array') return value.some((v) => typeMismatch(schema.items, v));
  if (type !== 'object') return false;
  return Object.entries(value).some(([k, v]) => {
    const sub = schema.properties?.[k] ?? schema.additionalProperties;
    return sub ? typeMismatch(sub, v) : false;
  });
}

describe('install.sh --managed', () => {
  test('writes the policy each browser reads: 3rdparty for the extension, no forced installation', () => {
    const s = setup();
    const r = ok(s.run(['--managed', s.file, ...browsers(ALL)]));
    for (const [b, dir] of Object.entries(CHROMIUM_DIRS)) {
      const file = s.at(`${dir}/zcrm-bridge.json`);
      assert.deepEqual(readJson(file), { '3rdparty': { extensions: { [CHROMIUM_ID]: SETTINGS } } }, b);
      assert.equal(statMode(file), 0o644);
      assert.match(r.stdout, new RegExp(`wrote /${dir}/zcrm-bridge.json`));
    }
    assert.deepEqual(readJson(s.at(FIREFOX_FILE)), { policies: { '3rdparty': { Extensions: { [GECKO_ID]: SETTINGS } } } });
    assert.match(r.stdout, /Managed settings written \(clientId, crmConcurrency, dc, redirectCaptures, scopes, webApps\)/);
    // The doctor finds each, and nothing wrong with it.
    const d = doctor(BUILT_HOST, ['--browser', 'chromium'], s.env);
    for (const b of ALL) {
      const found = d.report.checks.find((c) => c.scope === b && c.check === 'managed.settings');
      assert.ok(found, b);
      assert.match(found.detail, /(zcrm-bridge|policies)\.json: clientId, crmConcurrency, dc, redirectCaptures, scopes, webApps \(6 settings/);
    }
    assert.deepEqual(d.report.checks.filter((c) => c.check.startsWith('managed.') && c.status !== 'info'), []);
  });

  test('forces the installation only when given an update URL (Chromium family) or an install URL (Firefox)', () => {
    const s = setup();
    ok(s.run(['--managed', s.file, ...browsers(['chrome', 'firefox']), '--update-url', 'https://updates.example.com/zcrm.xml',
      '--install-url', 'https://updates.example.com/zcrm-bridge.xpi']));
    assert.deepEqual(readJson(s.at(`${CHROMIUM_DIRS.chrome}/zcrm-bridge.json`)).ExtensionSettings,
      { [CHROMIUM_ID]: { installation_mode: 'force_installed', update_url: 'https://updates.example.com/zcrm.xml' } });
    assert.deepEqual(readJson(s.at(FIREFOX_FILE)).policies.ExtensionSettings,
      { [GECKO_ID]: { installation_mode: 'force_installed', install_url: 'https://updates.example.com/zcrm-bridge.xpi' } });
    const d = doctor(BUILT_HOST, ['--browser', 'chrome'], s.env);
    assert.ok(d.report.checks.some((c) => c.scope === 'chrome' && c.check === 'managed.install'));
    // Written again without the URLs: the forced installation goes, the settings stay.
    ok(s.run(['--managed', s.file, ...browsers(['chrome', 'firefox'])]));
    assert.equal(readJson(s.at(`${CHROMIUM_DIRS.chrome}/zcrm-bridge.json`)).ExtensionSettings, undefined);
    assert.equal(readJson(s.at(FIREFOX_FILE)).policies.ExtensionSettings, undefined);
    assert.equal(s.run(['--managed', s.file, '--browser', 'chrome', '--update-url', 'http://plain.example.com/u.xml']).status, 1);
  });

  test('merges into an existing policies.json, and removal puts it back byte for byte', () => {
    const s = setup();
    const earlier = '{"policies": {"DisableTelemetry": true,\n  "3rdparty": {"Extensions": {"other@example.org": {"a": 1}}},\n' +
      `  "ExtensionSettings": {"${GECKO_ID}": {"installation_mode": "allowed"}}}}\n`;
    mkdirSync(path.dirname(s.at(FIREFOX_FILE)), { recursive: true });
    writeFileSync(s.at(FIREFOX_FILE), earlier);
    chmodSync(s.at(FIREFOX_FILE), 0o640);
    ok(s.run(['--managed', s.file, '--browser', 'firefox', '--install-url', 'https://updates.example.com/z.xpi']));
    const merged = readJson(s.at(FIREFOX_FILE)).policies;
    assert.equal(merged.DisableTelemetry, true);
    assert.deepEqual(merged['3rdparty'].Extensions, { 'other@example.org': { a: 1 }, [GECKO_ID]: SETTINGS });
    assert.equal(merged.ExtensionSettings[GECKO_ID].installation_mode, 'force_installed');
    assert.equal(statMode(s.at(FIREFOX_FILE)), 0o640, 'the file keeps its mode');
    const r = ok(s.run(['--managed-remove']));
    assert.match(r.stdout, /took the zcrm-bridge entries out of \/etc\/firefox\/policies\/policies\.json/);
    assert.equal(readFileSync(s.at(FIREFOX_FILE), 'utf8'), earlier);
  });

  test('an admin\'s change to policies.json after the merge survives removal', () => {
    const s = setup();
    ok(s.run(['--managed', s.file, '--browser', 'firefox']));
    const doc = readJson(s.at(FIREFOX_FILE));
    doc.policies.DisableAppUpdate = true;
    writeFileSync(s.at(FIREFOX_FILE), JSON.stringify(doc));
    ok(s.run(['--managed-remove']));
    assert.deepEqual(readJson(s.at(FIREFOX_FILE)), { policies: { DisableAppUpdate: true } });
  });

  test('with only a Firefox installation\'s policies.json, that one gets the policy (an /etc one would hide it)', () => {
    const s = setup();
    const dist = s.at('usr/lib/firefox-esr/distribution/policies.json');
    mkdirSync(path.dirname(dist), { recursive: true });
    writeFileSync(dist, '{"policies": {"DisableTelemetry": true}}');
    const r = ok(s.run(['--managed', s.file, '--browser', 'firefox']));
    assert.match(r.stdout, /Firefox reads only one policies\.json/);
    assert.deepEqual(readJson(dist).policies['3rdparty'].Extensions[GECKO_ID], SETTINGS);
    assert.ok(!existsSync(s.at(FIREFOX_FILE)));
    const d = doctor(BUILT_HOST, ['--browser', 'firefox'], s.env);
    assert.match(d.report.checks.find((c) => c.scope === 'firefox' && c.check === 'managed.settings').detail, /distribution/);
  });

  test('removal takes back exactly what was written: folders, files and the record, nothing else', () => {
    const s = setup();
    // What the machine had before: another policy file in Chrome's folder.
    mkdirSync(s.at(CHROMIUM_DIRS.chrome), { recursive: true });
    writeFileSync(s.at(`${CHROMIUM_DIRS.chrome}/security.json`), '{"PasswordManagerEnabled": false}');
    const before = listing(s.root);
    ok(s.run(['--managed', s.file, ...browsers(ALL), '--update-url', 'https://updates.example.com/u.xml']));
    assert.notDeepEqual(listing(s.root), before);
    assert.ok(existsSync(s.at('etc/zcrm-bridge/managed-policy.json')));
    const r = ok(s.run(['--managed-remove']));
    assert.match(r.stdout, /removed \/etc\/opt\/edge\/policies\/managed\/zcrm-bridge\.json/);
    assert.deepEqual(listing(s.root), before);
    assert.match(ok(s.run(['--managed-remove'])).stdout, /Nothing to remove/);
  });

  test('a policy file changed since it was written is kept on removal, and said so', () => {
    const s = setup();
    ok(s.run(['--managed', s.file, '--browser', 'brave']));
    const file = s.at(`${CHROMIUM_DIRS.brave}/zcrm-bridge.json`);
    writeFileSync(file, '{"3rdparty": {"extensions": {}}}');
    const r = ok(s.run(['--managed-remove']));
    assert.match(r.stdout, /kept \/etc\/brave\/policies\/managed\/zcrm-bridge\.json: changed since it was written/);
    assert.ok(existsSync(file));
  });

  test('writing the same settings again changes nothing', () => {
    const s = setup();
    ok(s.run(['--managed', s.file, ...browsers(ALL)]));
    const first = listing(s.root);
    const r = ok(s.run(['--managed', s.file, ...browsers(ALL)]));
    assert.match(r.stdout, /up to date \/etc\/chromium\/policies\/managed\/zcrm-bridge\.json/);
    assert.deepEqual(listing(s.root), first);
  });

  test('--dry-run says what it would write and writes nothing', () => {
    const s = setup();
    const r = ok(s.run(['--managed', s.file, '--browser', 'edge', '--browser', 'firefox', '--dry-run']));
    assert.match(r.stdout, /would write \/etc\/opt\/edge\/policies\/managed\/zcrm-bridge\.json/);
    assert.match(r.stdout, /would write \/etc\/firefox\/policies\/policies\.json/);
    assert.deepEqual(listing(s.root), []);
  });

  test('without --browser: the browsers whose programs are on PATH', () => {
    const s = setup();
    // A PATH with the tools the installer runs and no browser but the two made here.
    const tools = tempDir('tools');
    for (const [name, target] of [['bash', '/bin/bash'], ['python3', '/usr/bin/python3'], ['node', process.execPath]]) {
      symlinkSync(target, path.join(tools, name));
    }
    const bin = tempDir('bin');
    for (const name of ['chromium', 'firefox-esr']) {
      writeFileSync(path.join(bin, name), '#!/bin/sh\n');
      chmodSync(path.join(bin, name), 0o755);
    }
    ok(install(['--managed', s.file], { ...s.env, PATH: `${bin}:${tools}` }));
    assert.ok(existsSync(s.at(`${CHROMIUM_DIRS.chromium}/zcrm-bridge.json`)));
    assert.ok(existsSync(s.at(FIREFOX_FILE)));
    assert.ok(!existsSync(s.at(CHROMIUM_DIRS.chrome)));
    const none = install(['--managed', s.file], { ...s.env, PATH: tools });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no browser with a known policy folder found; name them: --browser/);
  });

  test('refuses settings the extension would not use, naming each, and writes nothing', () => {
    const cases = [
      [{ clientId: '1000.OK', dc: 'mars' }, /dc: Choose a Zoho data centre/],
      [{ clientId: '1000.OK', crmConcurrency: '10' }, /crmConcurrency: is a string, must be an integer/],
      [{ clientID: '1000.TYPO' }, /clientID: not a zcrm-bridge setting/],
      [{ webApps: [{ origin: 'http://crm.example.com' }] }, /webApps\.0\.origin: Use https:\/\//],
      ['{"clientId": ', /is not valid JSON \(line 1, column 14/],
      ['["1000.OK"]', /one JSON object of settings/],
    ];
    for (const [settings, message] of cases) {
      const s = setup(settings);
      const r = s.run(['--managed', s.file, '--browser', 'chromium', '--browser', 'firefox']);
      assert.equal(r.status, 1, JSON.stringify(settings));
      assert.match(r.stderr, message);
      assert.deepEqual(listing(s.root), [], 'nothing written');
    }
  });

  test('without root: a clear refusal that says why, and nothing written', () => {
    const home = tempDir('home');
    const file = path.join(home, 'team.json');
    writeFileSync(file, JSON.stringify(SETTINGS));
    chmodSync(home, 0o755);
    // No ZCRM_POLICY_ROOT: the real /etc. As root (CI), the test drops to nobody to be refused.
    const asUser = process.getuid() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const command = [...asUser, 'bash', INSTALLER, '--managed', file, '--browser', 'chromium'];
    const before = existsSync('/etc/chromium/policies/managed/zcrm-bridge.json');
    const r = spawnSync(command[0], command.slice(1), { env: envFor(home), encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /--managed needs root\. Browser policy is machine-wide: Chrome, Chromium, Edge and Brave on Linux read it only/);
    assert.match(r.stderr, /there is no per-user policy, so nothing was written\. Run: sudo .*install\.sh --managed/);
    assert.equal(existsSync('/etc/chromium/policies/managed/zcrm-bridge.json'), before);
    const remove = spawnSync(command[0], [...command.slice(1, -4), '--managed-remove'], { env: envFor(home), encoding: 'utf8' });
    assert.equal(remove.status, 1);
    assert.match(remove.stderr, /needs root/);
  });

  test('--update-url without --managed, and --managed with --uninstall, are refused', () => {
    const s = setup();
    assert.match(s.run(['--update-url', 'https://u.example.com/x.xml']).stderr, /go with --managed/);
    assert.match(s.run(['--managed', s.file, '--uninstall']).stderr, /--managed-remove/);
  });
});

describe('zcrm-bridge doctor and managed settings', () => {
  test('browsers given different client IDs: a conflict, named, not a failure', () => {
    const s = setup();
    ok(s.run(['--managed', s.file, '--browser', 'chrome', '--browser', 'edge']));
    writeFileSync(s.file, JSON.stringify({ ...SETTINGS, clientId: '1000.OTHER' }));
    ok(s.run(['--managed', s.file, '--browser', 'firefox']));
    const d = doctor(BUILT_HOST, ['--browser', 'chrome'], s.env);
    const conflict = d.report.checks.find((c) => c.check === 'managed.conflict');
    assert.equal(conflict.status, 'warn');
    assert.equal(conflict.detail, 'clientId differs between browsers: chrome "1000.TEAM", edge "1000.TEAM", firefox "1000.OTHER"');
    assert.match(conflict.fix, /install\.sh --managed/);
    assert.ok(!d.failures.some((f) => f.check.startsWith('managed.')));
  });

  test('a setting the extension would ignore fails, with the field and the fix, in the table output too', () => {
    const s = setup();
    const dir = s.at(CHROMIUM_DIRS.chromium);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'hand-made.json'), JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_ID]: { clientId: '1000.OK', dc: 'mars' } } } }));
    const d = doctor(BUILT_HOST, ['--browser', 'chromium'], s.env);
    const bad = d.failures.find((f) => f.check === 'managed.invalid');
    assert.equal(bad.scope, 'chromium');
    assert.match(bad.detail, /^dc: the data centre is one of us, eu/);
    assert.match(bad.fix, /correct "dc" in .*hand-made\.json/);
    const table = spawnSync(BUILT_HOST, ['doctor', '--browser', 'chromium'], { env: s.env, encoding: 'utf8' });
    assert.match(table.stdout, /chromium\s+managed\.invalid\s+FAIL\s+dc: the data centre/);
    assert.match(table.stdout, /managed\.settings\s+info\s+.*hand-made\.json: clientId, dc \(2 settings/);
  });

  test('the doctor and the extension agree on which managed values the extension ignores', () => {
    // Each value alone, as a policy would set it; the extension's verdict (lib/managed-settings.js) is the truth.
    const values = {
      clientId: ['1000.OK', ' 1000.OK ', '', 'has space', 42, null, 'x'.repeat(129)],
      dc: ['eu', 'EU', ' in ', 'mars', 3, null],
      scopes: [['ZohoCRM.users.READ'], ['a', ''], [], [''], ['bad scope'], 'ZohoCRM.users.READ', [1]],
      crmVersion: ['8', 'v2.1', '2.2', 8, 2.1, '9', 'latest', null],
      accountSource: [{ type: 'users' }, { type: 'module' }, { type: 'module', module: 'Contacts', fields: ['Email'] },
        { type: 'module', module: '1x' }, { type: 'module', fields: [] }, { type: 'other' }, 'users', null,
        { type: 'module', nameField: 'Bad Name' }],
      webApps: [[], [{ origin: 'https://a.example.com' }], ['https://a.example.com'],
        [{ origin: 'https://a.example.com', level: 'token' }, { origin: 'http://localhost:8080', level: 'account' }],
        [{ origin: 'https://a.example.com', level: 'crm', modules: ['Accounts', { name: 'Contacts', methods: ['post'] }] }],
        [{ origin: 'https://a.example.com', level: 'crm' }], [{ origin: 'https://a.example.com', level: 'crm', modules: [] }],
        [{ origin: 'https://a.example.com', level: 'crm', modules: [{ name: 'Accounts', methods: ['FETCH'] }] }],
        [{ origin: 'http://a.example.com' }], [{ origin: 'https://a.example.com/path' }], [{ origin: 'https://*.example.com' }],
        [{ origin: 'https://a.example.com?x' }], [{ origin: 'https://user@a.example.com' }], [{ origin: 'ftp://a.example.com' }],
        [{ origin: 'https://a.example.com' }, { origin: 'https://A.example.com:443/' }], [{ origin: 'https://a.example.com', level: 'admin' }],
        [{ origin: 'https://a.example.com', canReadToken: true }], 'https://a.example.com', [{ origin: 'https://a.example.com:99999' }]],
      redirectCaptures: [[], ['https://a.example.com/cb'], ['https://a.example.com/cb?x=1'], ['https://a.example.com/cb#x'],
        ['http://a.example.com/cb'], ['http://localhost:3000/cb'], ['a.example.com/cb'], 'https://a.example.com/cb'],
      baseUrlOverride: [{ accounts: 'https://p.example.com', api: '' }, {}, { api: 'http://10.0.0.1:8080' },
        { accounts: 'https://p.example.com/path' }, { accounts: 'ftp://p.example.com' }, { api: 3 }, 'https://p.example.com', null],
      dcOverrides: [{}, null, { eu: { accounts: 'https://e.example.com', api: 'https://f.example.com' } }, { mars: {} },
        { EU: {} }, { eu: { accounts: 'https://e.example.com/x' } }, []],
      refreshEarlyMinutes: [0, 30, '7', 31, -1, 2.5, 'soon', null],
      crmConcurrency: [1, 25, '5', 0, 26, 5.0, 'x'],
      syncIntervalMinutes: [1, 1440, '15', 0, 1441, 2.5, 'x', null],
      unknownSetting: [1],
    };
    const s = setup();
    const dir = s.at(CHROMIUM_DIRS.chromium);
    mkdirSync(dir, { recursive: true });
    const disagreements = [];
    const cases = Object.entries(values).flatMap(([field, list]) => list.map((value) => ({ field, value })));
    // One policy file per case would run the doctor ~100 times; instead one browser per case, five at a time.
    for (let i = 0; i < cases.length; i += ALL.length) {
      const batch = cases.slice(i, i + ALL.length);
      batch.forEach(({ field, value }, j) => {
        const b = ALL[j];
        if (b === 'firefox') {
          mkdirSync(path.dirname(s.at(FIREFOX_FILE)), { recursive: true });
          writeFileSync(s.at(FIREFOX_FILE), JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: { [field]: value } } } } }));
        } else {
          mkdirSync(s.at(CHROMIUM_DIRS[b]), { recursive: true });
          writeFileSync(s.at(`${CHROMIUM_DIRS[b]}/zcrm-bridge.json`),
            JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_ID]: { [field]: value } } } }));
        }
      });
      const d = doctor(BUILT_HOST, ['--browser', 'chromium'], s.env);
      batch.forEach(({ field, value }, j) => {
        const b = ALL[j];
        const doctorSays = d.report.checks.some((c) => c.scope === b && ['managed.invalid', 'managed.unknown'].includes(c.check));
        const m = readManaged({ [field]: value });
        // The Chromium family drops a value of another type than the schema's before the extension sees it.
        const dropped = b !== 'firefox' && field in SCHEMA.properties && typeMismatch(SCHEMA.properties[field], value);
        const extensionSays = m.invalid.length > 0 || m.unknown.length > 0 || dropped;
        if (doctorSays !== extensionSays) disagreements.push(`${b}: ${field} = ${JSON.stringify(value)}: extension ${extensionSays ? 'ignores' : 'uses'} it, doctor ${doctorSays ? 'fails' : 'passes'} it`);
      });
    }
    assert.deepEqual(disagreements, []);
    assert.ok(cases.length > 90);
  });
});

describe('Windows: install.ps1 -Managed (not run here: checked against the table)', () => {
  const ps1 = readFileSync(path.join(ROOT, 'installer/windows/install.ps1'), 'utf8');
  const managed = readFileSync(path.join(ROOT, 'installer/windows/managed-policy.ps1'), 'utf8');
  const rows = readFileSync(path.join(ROOT, 'installer/policies.tsv'), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

  test('the policy keys mirror the Windows rows of installer/policies.tsv', () => {
    const block = managed.match(/# BEGIN policies\.tsv windows rows[^\n]*\n([\s\S]*?)# END policies\.tsv windows rows/);
    assert.ok(block, 'managed-policy.ps1 has the marked key table');
    const mirrored = [...block[1].matchAll(/^\s*(\w+)\s*=\s*'([^']+)'/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(mirrored, rows.filter((r) => r[1] === 'windows' && r[2] === 'key').map((r) => `${r[0]} ${r[3]}`));
  });

  test('install.ps1 takes -Managed and -ManagedRemove and writes where each browser reads extension policy', () => {
    assert.match(ps1, /\[string\]\$Managed = ''/);
    assert.match(ps1, /\[switch\]\$ManagedRemove/);
    assert.match(ps1, /managed-policy\.ps1/);
    assert.ok(managed.includes('"$base\\3rdparty\\extensions\\$chromiumId\\policy"'), 'Chromium family: 3rdparty\\extensions\\<id>\\policy');
    assert.ok(managed.includes('"$base\\3rdparty\\Extensions"'), 'Firefox: 3rdparty\\Extensions');
    assert.match(managed, /ExtensionInstallForcelist/);
    assert.match(managed, /HKLM:\\/);
    assert.doesNotMatch(managed, /HKCU:/, 'policy is machine-wide');
    assert.match(managed, /IsInRole\(\[Security\.Principal\.WindowsBuiltInRole\]::Administrator\)/);
  });
});

function statMode(file) {
  return statSync(file).mode & 0o777;
}
