import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, validateSettings } from '../lib/settings.js';
import { settingsFromForm, settingsToForm } from '../lib/settings-form.js';

const valid = {
  clientId: '1000.ABC_def-1',
  dc: 'eu',
  scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.accounts.READ'],
  crmVersion: '8',
  accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
  webApps: [{ origin: 'https://app.example.com', level: 'token', modules: [] },
    { origin: 'https://crm.example.com', level: 'crm', modules: [{ name: 'Accounts', methods: ['GET'] }, { name: 'Contacts', methods: ['GET', 'POST'] }] }],
  redirectCaptures: ['https://app.example.com/LoginRedirect'],
  baseUrlOverride: { accounts: '', api: '' },
  dcOverrides: { eu: { accounts: 'http://127.0.0.1:9002', api: 'http://127.0.0.1:9003' } },
  refreshEarlyMinutes: 10,
  crmConcurrency: 12,
  syncIntervalMinutes: 60,
};
const errorsOf = (patch) => validateSettings({ ...valid, ...patch }).errors;

test('DEFAULT_SETTINGS has the documented defaults and is frozen', () => {
  assert.deepEqual(DEFAULT_SETTINGS, {
    clientId: '', dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.accounts.READ', 'ZohoCRM.org.READ'],
    crmVersion: '8', accountSource: { type: 'users' }, webApps: [{ origin: 'https://app.example.com', level: 'account', modules: [] }],
    redirectCaptures: ['https://app.example.com/LoginRedirect'], baseUrlOverride: { accounts: '', api: '' }, dcOverrides: {}, refreshEarlyMinutes: 5,
    crmConcurrency: 5, syncIntervalMinutes: 15,
  });
  assert.ok(Object.isFrozen(DEFAULT_SETTINGS.webApps[0]));
  assert.ok(Object.isFrozen(DEFAULT_SETTINGS.scopes));
});

test('validateSettings accepts complete valid settings unchanged', () => {
  assert.deepEqual(validateSettings(valid), { ok: true, settings: valid, errors: {} });
});

test('validateSettings fills defaults and asks only for the client ID when given nothing', () => {
  for (const raw of [{}, undefined, null, 'x', []]) {
    const r = validateSettings(raw);
    assert.equal(r.ok, false);
    assert.deepEqual(Object.keys(r.errors), ['clientId']);
    assert.deepEqual(r.settings, { ...DEFAULT_SETTINGS, scopes: [...DEFAULT_SETTINGS.scopes] });
  }
});

test('validateSettings returns copies that do not share state with the defaults', () => {
  const a = validateSettings({ clientId: 'x' }).settings;
  a.webApps.push({ origin: 'https://b.example', canReadToken: true });
  assert.equal(validateSettings({ clientId: 'x' }).settings.webApps.length, 1);
});

test('validateSettings drops unknown keys', () => {
  const r = validateSettings({ ...valid, extra: 1, accountSource: { ...valid.accountSource, junk: true },
    webApps: [{ origin: 'https://app.example.com', canReadToken: false, x: 1 }], baseUrlOverride: { accounts: '', api: '', z: 1 } });
  assert.equal(r.ok, true);
  assert.equal('extra' in r.settings, false);
  assert.equal('junk' in r.settings.accountSource, false);
  assert.deepEqual(Object.keys(r.settings.webApps[0]), ['origin', 'level', 'modules']);
  assert.deepEqual(Object.keys(r.settings.baseUrlOverride), ['accounts', 'api']);
});

test('validateSettings normalizes white space, case, origins and numeric strings', () => {
  const r = validateSettings({ ...valid, clientId: ' 1000.ABC ', dc: ' EU ', scopes: [' ZohoCRM.users.READ', 'ZohoCRM.users.READ', ''],
    crmVersion: '7', refreshEarlyMinutes: '3', webApps: [{ origin: 'HTTPS://App.Example.com:443/' }],
    redirectCaptures: ['https://APP.example.com/LoginRedirect', 'https://app.example.com/LoginRedirect'],
    baseUrlOverride: { accounts: 'http://localhost:8080/', api: ' https://proxy.example ' } });
  assert.deepEqual(r.errors, {});
  assert.equal(r.settings.clientId, '1000.ABC');
  assert.equal(r.settings.dc, 'eu');
  assert.deepEqual(r.settings.scopes, ['ZohoCRM.users.READ']);
  assert.equal(r.settings.crmVersion, '7');
  assert.equal(r.settings.refreshEarlyMinutes, 3);
  assert.deepEqual(r.settings.webApps, [{ origin: 'https://app.example.com', level: 'account', modules: [] }]);
  assert.deepEqual(r.settings.redirectCaptures, ['https://app.example.com/LoginRedirect']);
  assert.deepEqual(r.settings.baseUrlOverride, { accounts: 'http://localhost:8080', api: 'https://proxy.example' });
});

test('validateSettings requires a client ID', () => {
  assert.match(errorsOf({ clientId: '' }).clientId, /client ID/);
  assert.match(errorsOf({ clientId: '   ' }).clientId, /client ID/);
});

test('validateSettings refuses a client ID with other characters or over 128 characters', () => {
  for (const id of ['1000 ABC', '1000/ABC', 'a'.repeat(129), 42]) assert.ok(errorsOf({ clientId: id }).clientId, String(id));
  assert.equal(errorsOf({ clientId: 'a'.repeat(128) }).clientId, undefined);
});

test('validateSettings refuses a data centre not in the table', () => {
  assert.match(errorsOf({ dc: 'mars' }).dc, /us, eu, in, au, jp, ca, sa, uk, cn/);
  assert.equal(validateSettings({ ...valid, dc: 'mars' }).settings.dc, 'us');
});

test('validateSettings refuses empty scopes and scopes with other characters', () => {
  assert.ok(errorsOf({ scopes: [] }).scopes);
  assert.ok(errorsOf({ scopes: ['', ' '] }).scopes);
  assert.ok(errorsOf({ scopes: 'ZohoCRM.users.READ' }).scopes);
  assert.match(errorsOf({ scopes: ['ZohoCRM.users.READ', 'ZohoCRM users', 'a,b'] }).scopes, /ZohoCRM users, a,b/);
});

test('validateSettings accepts CRM API versions 2 to 8 only', () => {
  for (const v of [2, 8, '6']) assert.equal(errorsOf({ crmVersion: v }).crmVersion, undefined, String(v));
  for (const v of [1, 9, 6.5, 'six', '', null]) assert.ok(errorsOf({ crmVersion: v }).crmVersion, String(v));
});

test('validateSettings refuses an unknown account source type', () => {
  assert.ok(errorsOf({ accountSource: { type: 'contacts' } })['accountSource.type']);
  assert.ok(errorsOf({ accountSource: 'users' })['accountSource.type']);
  assert.deepEqual(validateSettings({ ...valid, accountSource: { type: 'x' } }).settings.accountSource, { type: 'users' });
});

test('validateSettings reduces a users account source to its type', () => {
  assert.deepEqual(validateSettings({ ...valid, accountSource: { type: 'users', module: 'Accounts' } }).settings.accountSource, { type: 'users' });
});

test('validateSettings refuses a module name that is not an API name', () => {
  for (const m of ['1Accounts', 'Acc ounts', '', 'A'.repeat(65)]) {
    assert.ok(errorsOf({ accountSource: { ...valid.accountSource, module: m } })['accountSource.module'], m);
  }
});

test('validateSettings refuses a name field that is not an API name', () => {
  assert.ok(errorsOf({ accountSource: { ...valid.accountSource, nameField: 'Account Name' } })['accountSource.nameField']);
});

test('validateSettings requires 1 to 50 valid fields', () => {
  const src = valid.accountSource;
  assert.ok(errorsOf({ accountSource: { ...src, fields: [] } })['accountSource.fields']);
  assert.ok(errorsOf({ accountSource: { ...src, fields: 'Account_Name' } })['accountSource.fields']);
  assert.match(errorsOf({ accountSource: { ...src, fields: ['Billing City'] } })['accountSource.fields'], /Billing City/);
  const fifty = ['Account_Name', ...Array.from({ length: 49 }, (_, i) => `F${i}`)];
  assert.equal(errorsOf({ accountSource: { ...src, fields: fifty } })['accountSource.fields'], undefined);
  const fiftyOne = [...fifty, 'Extra'];
  assert.match(errorsOf({ accountSource: { ...src, fields: fiftyOne } })['accountSource.fields'], /50/);
});

test('validateSettings always fetches the name field', () => {
  const r = validateSettings({ ...valid, accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Billing_City'] } });
  assert.deepEqual(r.settings.accountSource.fields, ['Account_Name', 'Billing_City']);
});

test("validateSettings fills a module source's missing parts from the module", () => {
  assert.deepEqual(validateSettings({ ...valid, accountSource: { type: 'module' } }).settings.accountSource,
    { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name'] });
  assert.equal(validateSettings({ ...valid, accountSource: { type: 'module', module: 'Contacts' } }).settings.accountSource.nameField, 'Full_Name');
  assert.equal(validateSettings({ ...valid, accountSource: { type: 'module', module: 'Projects_X' } }).settings.accountSource.nameField, 'Name');
});

test('validateSettings reports each invalid web app origin under its index', () => {
  const r = validateSettings({ ...valid, webApps: [{ origin: 'https://ok.example' }, { origin: 'http://app.example.com' }, { origin: 'https://x.example/path' }] });
  assert.deepEqual(Object.keys(r.errors), ['webApps.1.origin', 'webApps.2.origin']);
  assert.deepEqual(r.settings.webApps, [{ origin: 'https://ok.example', level: 'account', modules: [] }]);
});

test('validateSettings refuses a web app origin listed twice', () => {
  const r = validateSettings({ ...valid, webApps: [{ origin: 'https://a.example', canReadToken: false }, { origin: 'https://A.example/', canReadToken: true }] });
  assert.match(r.errors['webApps.1.origin'], /twice/);
});

test('validateSettings lets a web app of older settings read the token only when canReadToken is true', () => {
  const r = validateSettings({ ...valid, webApps: [{ origin: 'https://a.example', canReadToken: 'true' }, { origin: 'https://b.example', canReadToken: true }] });
  assert.deepEqual(r.settings.webApps.map((a) => a.level), ['account', 'token']);
});

test('validateSettings refuses web apps that are not a list', () => {
  assert.ok(errorsOf({ webApps: 'https://a.example' }).webApps);
});

test('validateSettings refuses redirect captures that are not absolute https or loopback http, or have a fragment', () => {
  const e = errorsOf({ redirectCaptures: ['https://ok.example/cb', 'http://app.example.com/cb', '/LoginRedirect', 'https://a.example/cb#x', 'http://localhost:3000/cb'] });
  assert.deepEqual(Object.keys(e), ['redirectCaptures.1', 'redirectCaptures.2', 'redirectCaptures.3']);
  assert.ok(errorsOf({ redirectCaptures: 'https://a.example/cb' }).redirectCaptures);
});

test('validateSettings accepts only empty or http(s) origins as server overrides', () => {
  assert.ok(errorsOf({ baseUrlOverride: { accounts: 'https://proxy.example/zoho', api: '' } })['baseUrlOverride.accounts']);
  assert.ok(errorsOf({ baseUrlOverride: { accounts: '', api: 'ftp://proxy.example' } })['baseUrlOverride.api']);
  assert.ok(errorsOf({ baseUrlOverride: { accounts: '', api: 'https://proxy.example?x' } })['baseUrlOverride.api']);
  assert.ok(errorsOf({ baseUrlOverride: 'https://proxy.example' }).baseUrlOverride);
  assert.deepEqual(errorsOf({ baseUrlOverride: { accounts: 'http://127.0.0.1:9', api: 'https://p.example/' } }), {});
});

test('validateSettings accepts a refresh margin of 0 to 30 minutes', () => {
  for (const v of [0, 30]) assert.equal(errorsOf({ refreshEarlyMinutes: v }).refreshEarlyMinutes, undefined);
  for (const v of [-1, 31, 2.5, 'soon']) assert.ok(errorsOf({ refreshEarlyMinutes: v }).refreshEarlyMinutes, String(v));
});

test('every settings error is a sentence for a person', () => {
  const r = validateSettings({ clientId: 'a b', dc: 'x', scopes: ['a b'], crmVersion: 1, accountSource: { type: 'module', module: '1', nameField: '2', fields: [] },
    webApps: [{ origin: 'x' }], redirectCaptures: ['x'], baseUrlOverride: { accounts: 'x', api: 'x' }, refreshEarlyMinutes: 99 });
  assert.equal(Object.keys(r.errors).length, 12);
  for (const [path, msg] of Object.entries(r.errors)) assert.match(msg, /^[A-Z].*[.]$/, path);
});

const form = {
  clientId: ' 1000.ABC ', dc: 'in', scopes: 'ZohoCRM.users.READ,\nZohoCRM.org.READ  ZohoCRM.modules.accounts.READ',
  crmVersion: '7', accountSourceType: 'module', module: 'Accounts', nameField: 'Account_Name', fields: 'Account_Name, Billing_City\nPhone',
  webApps: '# apps\nhttps://app.example.com\n\n  https://tools.example.com   token\n', redirectCaptures: 'https://app.example.com/LoginRedirect\n\n',
  baseUrlAccounts: '', baseUrlApi: 'https://proxy.example', refreshEarlyMinutes: '5',
};

test('settingsFromForm parses text areas, one item per line, token markers and numbers', () => {
  assert.deepEqual(settingsFromForm(form), {
    clientId: '1000.ABC', dc: 'in', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.org.READ', 'ZohoCRM.modules.accounts.READ'], crmVersion: 7,
    accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City', 'Phone'] },
    webApps: [{ origin: 'https://app.example.com', level: 'account' }, { origin: 'https://tools.example.com', level: 'token' }],
    redirectCaptures: ['https://app.example.com/LoginRedirect'], baseUrlOverride: { accounts: '', api: 'https://proxy.example' }, refreshEarlyMinutes: 5,
  });
});

test('settingsFromForm accepts form entries as pairs, first value winning', () => {
  const raw = settingsFromForm([['clientId', 'A'], ['clientId', 'B'], ['accountSourceType', 'users'], ['module', 'Deals']]);
  assert.deepEqual(raw, { clientId: 'A', accountSource: { type: 'users' } });
});

test('settingsFromForm leaves out empty single fields so they get defaults', () => {
  const r = validateSettings(settingsFromForm({ clientId: 'A', dc: '', crmVersion: ' ', refreshEarlyMinutes: '' }));
  assert.equal(r.ok, true);
  assert.equal(r.settings.dc, 'us');
  assert.equal(r.settings.crmVersion, '8');
});

test('settingsFromForm passes bad numbers through so validation reports them', () => {
  assert.ok(validateSettings(settingsFromForm({ clientId: 'A', crmVersion: 'v9' })).errors.crmVersion);
  assert.ok(validateSettings(settingsFromForm({ clientId: 'A', crmVersion: '2.3' })).errors.crmVersion);
});

test('settingsToForm and settingsFromForm round-trip valid settings', () => {
  const back = validateSettings(settingsFromForm(settingsToForm(valid)));
  assert.deepEqual(back, { ok: true, settings: valid, errors: {} });
  const users = { ...valid, accountSource: { type: 'users' }, webApps: [] };
  assert.deepEqual(validateSettings(settingsFromForm(settingsToForm(users))).settings, users);
});

test('CRM API versions 2, 2.1, 2.2 and 3 to 8 can be set; a stored number still reads', () => {
  for (const v of ['2', '2.1', '2.2', '3', '4', '5', '6', '7', '8']) assert.equal(validateSettings({ ...valid, crmVersion: v }).settings.crmVersion, v);
  assert.equal(validateSettings({ ...valid, crmVersion: 6 }).settings.crmVersion, '6');
  assert.ok(errorsOf({ crmVersion: 9 }).crmVersion);
});

test('per-data-centre servers are checked per data centre and per field', () => {
  assert.ok(errorsOf({ dcOverrides: { mars: { accounts: 'https://a.example' } } }).dcOverrides);
  assert.ok(errorsOf({ dcOverrides: { eu: { accounts: 'https://a.example/path' } } })['dcOverrides.eu.accounts']);
  assert.ok(errorsOf({ dcOverrides: [] }).dcOverrides);
  const form = settingsFromForm({ clientId: 'A', dcOverrides: 'eu http://127.0.0.1:9002\nAE http://127.0.0.1:9004 http://127.0.0.1:9005' });
  assert.deepEqual(validateSettings(form).settings.dcOverrides, {
    eu: { accounts: 'http://127.0.0.1:9002', api: 'http://127.0.0.1:9002' },
    ae: { accounts: 'http://127.0.0.1:9004', api: 'http://127.0.0.1:9005' } });
});

test('crmConcurrency is 1 to 25 CRM calls at a time, Zoho\'s range of per-org limits', () => {
  assert.equal(validateSettings({ ...valid, crmConcurrency: '25' }).settings.crmConcurrency, 25);
  for (const bad of [0, 26, 2.5, 'many']) assert.match(errorsOf({ crmConcurrency: bad }).crmConcurrency, /1 to 25/);
});

test('syncIntervalMinutes is 1 minute to 24 hours, 15 by default, from the form as from managed storage', () => {
  for (const [given, kept] of [[1, 1], ['1440', 1440], [' 90 ', 90]]) {
    assert.equal(validateSettings({ ...valid, syncIntervalMinutes: given }).settings.syncIntervalMinutes, kept);
  }
  for (const bad of [0, 1441, -5, 2.5, 'hourly', null]) {
    const r = validateSettings({ ...valid, syncIntervalMinutes: bad });
    assert.match(r.errors.syncIntervalMinutes, /1 to 1440 minutes/, String(bad));
    assert.equal(r.settings.syncIntervalMinutes, 15, 'a refused value leaves the default');
  }
  const form = settingsFromForm({ clientId: 'A', syncIntervalMinutes: '45' });
  assert.equal(validateSettings(form).settings.syncIntervalMinutes, 45);
  assert.equal(settingsToForm(validateSettings(form).settings).syncIntervalMinutes, '45');
});
