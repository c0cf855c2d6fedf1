// The host's name and the extension's IDs are spelled in one file, manifests/identity.env. Everything else that
// needs them reads that file (CMake, installers, node tests), gets them as compile definitions (C++ tests), or
// loads a module generated from it (the extension). This test fails on a copy anywhere in code, build files or
// tests. Documentation (*.md, docs/) is exempt: it tells people the IDs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_ID, EXTENSION_IDENTITY_FILE, GECKO_ID, HOST_NAME, IDENTITY_FILE, extensionIdentityModule,
} from '../../manifests/identity.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['CMakeLists.txt', 'CMakePresets.json', 'cmake', 'host', 'installer', 'extension', 'tests', 'manifests'];
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
// The source itself and the module generated from it (checked below to be a fresh copy).
const ALLOWED = new Set([IDENTITY_FILE, EXTENSION_IDENTITY_FILE].map((f) => path.resolve(f)));
// Firefox reads the add-on ID from the manifest itself; checked below to equal identity.env.
const MANIFEST = path.join(ROOT, 'extension/manifest.json');

function* files(entry) {
  const full = path.join(ROOT, entry);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield full;
    return;
  }
  for (const name of readdirSync(full)) {
    if (SKIPPED_DIRS.has(name) || name.startsWith('build')) continue;
    yield* files(path.join(entry, name));
  }
}

// A value as written in source, in a regular expression (dots escaped) or split by a line break is still a copy;
// the first two are what a search finds.
const spellings = (value) => [value, value.replaceAll('.', '\\.')];

test('no file but manifests/identity.env spells the host name or an extension ID', () => {
  const copies = [];
  for (const file of SCANNED.flatMap((entry) => [...files(entry)])) {
    if (file.endsWith('.md') || ALLOWED.has(path.resolve(file))) continue;
    const text = readFileSync(file, 'latin1');
    for (const [name, value] of [['host name', HOST_NAME], ['Chromium ID', CHROMIUM_ID], ['Gecko ID', GECKO_ID]]) {
      if (file === MANIFEST && value === GECKO_ID) continue;
      if (spellings(value).some((s) => text.includes(s))) copies.push(`${path.relative(ROOT, file)}: ${name}`);
    }
  }
  assert.deepEqual(copies, [], 'read manifests/identity.env (or its generated copies) instead');
});

test('the extension\'s identity module is a fresh copy of identity.env', () => {
  assert.equal(readFileSync(EXTENSION_IDENTITY_FILE, 'utf8'), extensionIdentityModule(),
    'stale: run `node manifests/identity.mjs --write`');
});

test('the extension manifest carries the IDs of identity.env', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  assert.equal(manifest.browser_specific_settings.gecko.id, GECKO_ID);
  // A Chromium ID is the first 128 bits of the SHA-256 of the public key, written with the letters a-p.
  const digest = createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
  assert.equal([...digest].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join(''), CHROMIUM_ID);
});

test('CMake takes the identity from identity.env', () => {
  assert.match(readFileSync(path.join(ROOT, 'CMakeLists.txt'), 'utf8'), /include\(manifests\/identity\.cmake\)/);
  assert.match(readFileSync(path.join(ROOT, 'manifests/identity.cmake'), 'utf8'), /file\(STRINGS .*identity/);
});
