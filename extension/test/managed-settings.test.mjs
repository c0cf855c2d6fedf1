import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, validateSettings } from '../lib/settings.js';
import { settingsToForm } from '../lib/settings-form.js';
import {
  FORM_FIELDS, MANAGEABLE, effectiveSettings, lockedFormFields, managedErrorsByField, personalSave, readManaged,
} from '../lib/managed-settings.js';

const person = validateSettings({
  clientId: '1000.PERSON', dc: 'eu', scopes: ['ZohoCRM.users.READ'], crmVersion: '7',
  webApps: [{ origin: 'https://mine.example.com', level: 'token' }], redirectCaptures: [],
  baseUrlOverride: { accounts: 'https://proxy.example.com', api: '' }, refreshEarlyMinutes: 3, crmConcurrency: 4,
}).settings;

const policy = {
  clientId: ' 1000.ORG ', dc: 'IN', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.users.READ'],
  crmVersion: 'v8', accountSource: { type: 'module', module: 'Contacts' },
  webApps: [{ origin: 'https://crm.example.com/', level: 'crm', modules: [{ name: 'Accounts', methods: ['post'] }] }],
  redirectCaptures: ['https://crm.example.com/LoginRedirect'], baseUrlOverride: { accounts: 'https://zoho-proxy.example.com' },
  dcOverrides: { eu: { accounts: 'https://eu-proxy.example.com', api: 'https://eu-api.example.com' } },
  refreshEarlyMinutes: 10, crmConcurrency: 20, syncIntervalMinutes: '120',
};

test('every setting can be managed, and each has form fields that exist', () => {
  assert.deepEqual(MANAGEABLE, Object.keys(DEFAULT_SETTINGS));
  assert.deepEqual(Object.keys(FORM_FIELDS).sort(), [...MANAGEABLE].sort());
  const form = settingsToForm(DEFAULT_SETTINGS);
  for (const name of MANAGEABLE.flatMap((k) => FORM_FIELDS[k])) assert.ok(name in form, name);
  assert.ok(Object.isFrozen(MANAGEABLE) && Object.isFrozen(FORM_FIELDS));
});

test('nothing managed: the person\'s settings, nothing locked, nothing reported', () => {
  for (const raw of [undefined, null, {}]) {
    const r = effectiveSettings(person, raw);
    assert.deepEqual(r, { settings: person, locked: [], managedErrors: {} });
  }
});

test('each managed field wins over the person\'s, normalized as validateSettings does, and is locked', () => {
  const r = effectiveSettings(person, policy);
  assert.deepEqual(r.locked, MANAGEABLE);
  assert.deepEqual(r.managedErrors, {});
  assert.equal(r.settings.clientId, '1000.ORG');
  assert.equal(r.settings.dc, 'in');
  assert.deepEqual(r.settings.scopes, ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL']);
  assert.equal(r.settings.crmVersion, '8');
  assert.deepEqual(r.settings.accountSource, { type: 'module', module: 'Contacts', nameField: 'Full_Name', fields: ['Full_Name'] });
  assert.deepEqual(r.settings.webApps, [{ origin: 'https://crm.example.com', level: 'crm',
    modules: [{ name: 'Accounts', methods: ['GET', 'POST'] }] }]);
  assert.deepEqual(r.settings.baseUrlOverride, { accounts: 'https://zoho-proxy.example.com', api: '' });
  assert.equal(r.settings.refreshEarlyMinutes, 10);
  assert.equal(r.settings.crmConcurrency, 20);
  assert.equal(r.settings.syncIntervalMinutes, 120);
  assert.deepEqual(validateSettings(r.settings), { ok: true, settings: r.settings, errors: {} });
});

test('per field: what the organisation left out stays the person\'s and unlocked', () => {
  const r = effectiveSettings(person, { clientId: '1000.ORG', webApps: [] });
  assert.deepEqual(r.locked, ['clientId', 'webApps']);
  assert.deepEqual(r.settings, { ...person, clientId: '1000.ORG', webApps: [] });
});

test('a managed client ID is enough for a person who never opened the options page', () => {
  const r = effectiveSettings(undefined, { clientId: '1000.ORG', dc: 'eu' });
  assert.deepEqual(r.settings, { ...validateSettings({}).settings, clientId: '1000.ORG', dc: 'eu' });
  assert.equal(validateSettings(r.settings).ok, true);
});

test('an invalid managed field is ignored whole, reported under its path, and the person\'s value stays unlocked', () => {
  const cases = [
    [{ clientId: 'not a client id!' }, 'clientId', ['clientId']],
    [{ clientId: '' }, 'clientId', ['clientId']],
    [{ dc: 'mars' }, 'dc', ['dc']],
    [{ scopes: [] }, 'scopes', ['scopes']],
    [{ crmVersion: '9' }, 'crmVersion', ['crmVersion']],
    [{ accountSource: { type: 'module', module: '1bad' } }, 'accountSource', ['accountSource.module']],
    [{ webApps: [{ origin: 'https://ok.example.com' }, { origin: 'ftp://bad.example.com' }] }, 'webApps', ['webApps.1.origin']],
    [{ webApps: [{ origin: 'https://ok.example.com', level: 'admin' }] }, 'webApps', ['webApps.0.level']],
    [{ webApps: 'https://ok.example.com' }, 'webApps', ['webApps']],
    [{ redirectCaptures: ['https://ok.example.com/cb', 'nope'] }, 'redirectCaptures', ['redirectCaptures.1']],
    [{ baseUrlOverride: { accounts: 'https://proxy.example.com/path' } }, 'baseUrlOverride', ['baseUrlOverride.accounts']],
    [{ dcOverrides: { mars: { accounts: 'https://a.example.com' } } }, 'dcOverrides', ['dcOverrides']],
    [{ refreshEarlyMinutes: 31 }, 'refreshEarlyMinutes', ['refreshEarlyMinutes']],
    [{ crmConcurrency: 0 }, 'crmConcurrency', ['crmConcurrency']],
    [{ crmConcurrency: 2.5 }, 'crmConcurrency', ['crmConcurrency']],
    [{ syncIntervalMinutes: 1441 }, 'syncIntervalMinutes', ['syncIntervalMinutes']],
    [{ clientId: null }, 'clientId', ['clientId']],
  ];
  for (const [raw, field, paths] of cases) {
    const m = readManaged(raw);
    assert.deepEqual(m.values, {}, field);
    assert.deepEqual(m.invalid, [field]);
    assert.deepEqual(Object.keys(m.errors), paths, JSON.stringify(raw));
    for (const message of Object.values(m.errors)) assert.match(message, /\S.*\.$/);
    const r = effectiveSettings(person, raw);
    assert.deepEqual(r.settings[field], person[field], field);
    assert.ok(!r.locked.includes(field), field);
    assert.deepEqual(r.managedErrors, m.errors);
  }
});

test('one invalid field does not cost the valid ones', () => {
  const r = effectiveSettings(person, { clientId: '1000.ORG', dc: 'mars', crmConcurrency: 9 });
  assert.deepEqual(r.locked, ['clientId', 'crmConcurrency']);
  assert.equal(r.settings.dc, person.dc);
  assert.equal(r.settings.crmConcurrency, 9);
  assert.deepEqual(Object.keys(r.managedErrors), ['dc']);
});

test('unknown keys and a managed area that is not an object are reported, never thrown', () => {
  const m = readManaged({ clientID: '1000.TYPO', clientId: '1000.ORG' });
  assert.deepEqual(m.values, { clientId: '1000.ORG' });
  assert.deepEqual(m.unknown, ['clientID']);
  assert.match(m.errors.clientID, /not a zcrm-bridge setting/);
  for (const raw of ['text', 42, [1, 2], true]) {
    const r = effectiveSettings(person, raw);
    assert.deepEqual(r.settings, person);
    assert.deepEqual(r.locked, []);
    assert.match(r.managedErrors['*'], /not an object/);
  }
  // Nothing the validation can be handed makes it throw.
  for (const value of [{}, [], [null], [[]], { type: null }, NaN, -1, '', Symbol.iterator.description, Infinity]) {
    for (const key of MANAGEABLE) assert.doesNotThrow(() => effectiveSettings(person, { [key]: value }), key);
  }
});

test('saving: the organisation\'s fields are checked in, the person\'s own earlier values kept', () => {
  const values = readManaged({ clientId: '1000.ORG', webApps: [] }).values;
  // The form leaves locked (disabled) fields out.
  const raw = { dc: 'jp', scopes: ['ZohoCRM.users.READ'] };
  const { check, keep } = personalSave(raw, person, values);
  assert.deepEqual(check, { dc: 'jp', scopes: ['ZohoCRM.users.READ'], clientId: '1000.ORG', webApps: [] });
  assert.deepEqual(keep, { dc: 'jp', scopes: ['ZohoCRM.users.READ'], clientId: '1000.PERSON', webApps: person.webApps });
  assert.equal(validateSettings(check).ok, true);
  // A locked field the person never had is left out (its default), even if the caller sent one.
  const fresh = personalSave({ clientId: '1000.SENT', dc: 'jp' }, undefined, values);
  assert.deepEqual(fresh.keep, { dc: 'jp' });
  assert.equal(fresh.check.clientId, '1000.ORG');
  // Nothing managed: both are what the form sent.
  assert.deepEqual(personalSave(raw, person, {}), { check: raw, keep: raw });
});

test('locked settings map to the form fields to disable', () => {
  assert.deepEqual(lockedFormFields(['clientId', 'accountSource', 'baseUrlOverride']),
    ['clientId', 'accountSourceType', 'module', 'nameField', 'fields', 'baseUrlAccounts', 'baseUrlApi']);
  assert.deepEqual(lockedFormFields([]), []);
});

test('ignored managed values are shown beside the field they belong to', () => {
  const { errors } = readManaged({ dc: 'mars', webApps: [{ origin: 'nope' }], baseUrlOverride: { api: 'x' },
    accountSource: { type: 'module', nameField: '1' }, extra: 1 });
  const byField = managedErrorsByField(errors);
  assert.deepEqual(Object.keys(byField).sort(), ['*', 'baseUrlApi', 'dc', 'fields', 'nameField', 'webApps']);
  assert.match(byField.dc[0], /data centre/);
  assert.match(byField['*'][0], /"extra" is not a zcrm-bridge setting/);
});
