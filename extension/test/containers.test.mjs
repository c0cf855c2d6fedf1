// Firefox containers as sub-profiles (lib/containers.js): the installation a container's token is kept under, and
// back; what is no container (the default store, private windows, Chromium); the popup's names and sentences.
import test from 'node:test';
import assert from 'node:assert/strict';
import { containerGoneMessage, containerInstallation, containerKey, containerLabel, containerOf,
  containerRefreshMessage } from '../lib/containers.js';
import { isInstallationId } from '../lib/installation.js';

const OWN = 'AbC-dEf_0123456789xyzQ';

test('a container\'s key is short and valid; the default store, private windows and anything else are none', () => {
  assert.equal(containerKey('firefox-container-7'), 'c7');
  assert.equal(containerKey('firefox-container-123'), 'c123');
  for (const id of ['firefox-default', 'firefox-private', undefined, null, '', 'firefox-container-', 'firefox-container-x',
    'firefox-container-1 ', 'chrome-default', 'firefox-container-1234567890']) {
    assert.equal(containerKey(id), null, String(id));
  }
});

test('the container\'s installation is the profile\'s with its key, valid for the host, and leads back', () => {
  const id = containerInstallation(OWN, 'firefox-container-7');
  assert.equal(id, `${OWN}-c7`);
  assert.ok(isInstallationId(id));
  assert.equal(containerOf(OWN, id), 'firefox-container-7');
  assert.equal(containerInstallation(OWN, 'firefox-default'), null);
  assert.equal(containerInstallation(null, 'firefox-container-7'), null, 'no profile ID, no container ID');
  // The longest profile ID leaves no room: no ID the host would refuse.
  assert.equal(containerInstallation('a'.repeat(64), 'firefox-container-7'), null);
  assert.ok(isInstallationId(containerInstallation('a'.repeat(52), 'firefox-container-123456789')));
});

test('only this profile\'s containers are its containers', () => {
  assert.equal(containerOf(OWN, OWN), null, 'the profile itself');
  assert.equal(containerOf(OWN, 'ZZZ-dEf_0123456789xyzQ-c7'), null, 'another profile\'s container');
  assert.equal(containerOf(OWN, `${OWN}-x7`), null);
  assert.equal(containerOf(OWN, `${OWN}-c7-c8`), null);
  assert.equal(containerOf(OWN, undefined), null);
  assert.equal(containerOf(null, `${OWN}-c7`), null);
  // A profile whose ID ends like a container's is not taken for one: the key follows the whole profile ID.
  assert.equal(containerOf(`${OWN}-c7`, `${OWN}-c7`), null);
});

test('the popup names a container by its name where known, else by its number', () => {
  assert.equal(containerLabel('firefox-container-2', { 'firefox-container-2': 'Work' }), 'Firefox container Work');
  assert.equal(containerLabel('firefox-container-6', {}), 'Firefox container 6');
  assert.equal(containerLabel('firefox-container-6'), 'Firefox container 6');
  assert.equal(containerLabel('firefox-container-6', { 'firefox-container-6': '' }), 'Firefox container 6');
});

test('each failure says what happened and the way on', () => {
  const refused = containerRefreshMessage('Firefox container Work', 'Zoho needs a sign-in');
  assert.match(refused, /Firefox container Work.*could not be renewed.*Zoho needs a sign-in/);
  assert.match(refused, /Sign in again in a tab of that container.*Use my own sign-in/);
  assert.match(containerGoneMessage('Firefox container Work'), /Firefox container Work no longer exists.*Use my own sign-in/);
});
