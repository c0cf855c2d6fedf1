// lib/installation.js: IDs the host accepts, random, and a stored value checked before it is trusted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { isInstallationId, newInstallationId } from '../lib/installation.js';

const random = (n) => webcrypto.getRandomValues(new Uint8Array(n));

test('a new ID is 22 base64url characters the host accepts', () => {
  const id = newInstallationId(random);
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(isInstallationId(id));
});

test('every byte value maps into the alphabet, with no padding', () => {
  assert.equal(newInstallationId((n) => new Uint8Array(n).fill(0xff)), '_____________________w');
  assert.equal(newInstallationId((n) => new Uint8Array(n).fill(0xfb)), '-_v7-_v7-_v7-_v7-_v7-w');
});

test('two IDs differ', () => {
  const ids = new Set(Array.from({ length: 100 }, () => newInstallationId(random)));
  assert.equal(ids.size, 100);
});

test('a stored value that is not an ID is refused', () => {
  for (const bad of [undefined, null, 42, '', 'short', 'a'.repeat(65), 'AAAAAAAAAAAAAAAA/x', 'AAAAAAAAAAAAAAAA=']) {
    assert.equal(isInstallationId(bad), false, String(bad));
  }
});
