// The store check (extension/tools/store-check.mjs) on packages made to order: a good one passes, and each thing a
// store refuses is named on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storeProblems } from '../../extension/tools/store-check.mjs';
import { makeZip } from './zip-write.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ICON_48 = readFileSync(path.join(ROOT, 'extension/icons/icon-48.png'));
const ICON_128 = readFileSync(path.join(ROOT, 'extension/icons/icon-128.png'));

const MANIFEST = {
  manifest_version: 3, name: 'zcrm-bridge', version: '0.1.0', description: 'Keeps a Zoho CRM sign-in safe.',
  background: { service_worker: 'background.js', type: 'module' },
  host_permissions: ['https://accounts.zoho.com/*'],
  action: { default_popup: 'popup/popup.html' },
  icons: { 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
};
const FILES = {
  'background.js': 'import "./bg/test-access.js";\n',
  'bg/test-access.js': 'export function exposeForTests() {}\n',
  'popup/popup.html': '<!doctype html>',
  'icons/icon-48.png': ICON_48,
  'icons/icon-128.png': ICON_128,
};

/** A package: the good manifest changed by `change`, the good files with `files` laid over them (null removes). */
function pkg({ change = () => {}, files = {} } = {}) {
  const m = structuredClone(MANIFEST);
  change(m);
  const all = { 'manifest.json': JSON.stringify(m), ...FILES, ...files };
  for (const [name, value] of Object.entries(all)) if (value === null) delete all[name];
  return makeZip(all);
}

test('a package with nothing a store refuses passes, for the Chrome Web Store too', () => {
  assert.deepEqual(storeProblems(pkg(), { store: 'chrome-web-store' }), []);
});

const refused = [
  ['a manifest key, for the Chrome Web Store', { change: (m) => { m.key = 'MIIB'; } }, /"key": the Chrome Web Store refuses it/, 'chrome-web-store'],
  ['a loopback host permission', { change: (m) => m.host_permissions.push('http://127.0.0.1/*') }, /host_permissions\[1\] = "http:\/\/127\.0\.0\.1\/\*": a loopback address/],
  ['a localhost externally_connectable match', { change: (m) => { m.externally_connectable = { matches: ['http://localhost/*'] }; } }, /externally_connectable\.matches\[0\].*loopback/],
  ['a source map', { files: { 'lib/a.js.map': '{}' } }, /lib\/a\.js\.map: a source map/],
  ['a sourceMappingURL comment', { files: { 'lib/a.js': 'x;\n//# sourceMappingURL=a.js.map\n' } }, /lib\/a\.js: points at a source map/],
  ['a dotfile', { files: { 'lib/.eslintrc': '{}' } }, /lib\/\.eslintrc: a dotfile/],
  ['a test folder', { files: { 'test/a.test.mjs': '' } }, /test\/a\.test\.mjs: development files/],
  ['a test file outside a test folder', { files: { 'lib/a.spec.js': '' } }, /lib\/a\.spec\.js: development files/],
  ['a symbolic link', { files: { 'lib/link.js': { data: '../x', mode: 0o120777 } } }, /lib\/link\.js: a symbolic link/],
  ['a path that climbs out', { files: { '../evil.js': '' } }, /\.\.\/evil\.js: the path leaves the package/],
  ['manifest_version 2', { change: (m) => { m.manifest_version = 2; } }, /manifest_version is 2, not 3/],
  ['a name over 75 characters', { change: (m) => { m.name = 'z'.repeat(76); } }, /name must be 1-75 characters/],
  ['a description over 132 characters', { change: (m) => { m.description = 'd'.repeat(133); } }, /description must be at most 132/],
  ['a version with a leading zero', { change: (m) => { m.version = '0.01'; } }, /version "0\.01"/],
  ['a version with five parts', { change: (m) => { m.version = '1.2.3.4.5'; } }, /version "1\.2\.3\.4\.5"/],
  ['no 128x128 icon', { change: (m) => { delete m.icons[128]; } }, /no 128x128 icon/],
  ['an icon missing from the zip', { files: { 'icons/icon-128.png': null } }, /icons\.128: icons\/icon-128\.png is not in the package/],
  ['an icon of the wrong size', { change: (m) => { m.icons[128] = 'icons/icon-48.png'; } }, /icons\.128: icons\/icon-48\.png is 48x48/],
  ['an icon that is not a PNG', { files: { 'icons/icon-48.png': 'GIF89a' } }, /icons\.48: icons\/icon-48\.png is not a PNG/],
  ['a named file missing', { files: { 'popup/popup.html': null } }, /names popup\/popup\.html, which is not in the package/],
  ['the test access of a test build', { files: { 'bg/test-access.js': 'globalThis.zcrm = o;' } }, /test-access\.js exposes the background/],
  ['no manifest', { files: { 'manifest.json': null } }, /no manifest\.json/],
];
for (const [what, made, problem, store = null] of refused) {
  test(`refused: ${what}`, () => {
    const problems = storeProblems(pkg(made), { store });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], problem);
  });
}

test('the manifest key is fine outside the Chrome Web Store (a package loaded unpacked keeps its ID)', () => {
  assert.deepEqual(storeProblems(pkg({ change: (m) => { m.key = 'MIIB'; } })), []);
});

test('a file that is not a zip is named as such', () => {
  assert.match(storeProblems(Buffer.from('not a zip')).join(''), /not a readable zip/);
});
