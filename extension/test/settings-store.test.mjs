// bg/settings-store.js against a fake browser storage: the organisation's settings (storage.managed) over the
// person's (storage.local), saving without ever writing the organisation's values, and policy changes heard.
import test from 'node:test';
import assert from 'node:assert/strict';
import { validateSettings } from '../lib/settings.js';

function fakeStorage() {
  const listeners = [];
  const fake = {
    localData: {}, managedData: undefined, managedFails: false, warnings: [],
    local: {
      get: async (key) => (key in fake.localData ? { [key]: structuredClone(fake.localData[key]) } : {}),
      set: async (o) => {
        const changes = {};
        for (const [k, v] of Object.entries(o)) {
          changes[k] = { oldValue: fake.localData[k], newValue: v };
          fake.localData[k] = structuredClone(v);
        }
        for (const l of listeners) l(changes, 'local');
      },
    },
    // Chromium answers {} without policy; Firefox rejects when no policy or storage manifest names the add-on.
    managed: {
      get: async () => {
        if (fake.managedFails) throw new Error('Managed storage manifest not found');
        return structuredClone(fake.managedData ?? {});
      },
    },
    onChanged: { addListener: (l) => listeners.push(l) },
    emit: (changes, area) => listeners.forEach((l) => l(changes, area)),
  };
  return fake;
}

const fake = fakeStorage();
globalThis.chrome = { storage: fake };
const store = await import('../bg/settings-store.js');
const warn = console.warn;
console.warn = (...a) => fake.warnings.push(a);
test.after(() => { console.warn = warn; });

const person = validateSettings({ clientId: '1000.PERSON', dc: 'eu', webApps: [], redirectCaptures: [] }).settings;
function reset({ local, managed, fails = false } = {}) {
  fake.localData = local ? { settings: structuredClone(local) } : {};
  fake.managedData = managed;
  fake.managedFails = fails;
  fake.warnings.length = 0;
}

test('no policy: the person\'s settings as before, in Chromium ({}) and in Firefox (a rejection)', async () => {
  for (const fails of [false, true]) {
    reset({ local: person, fails });
    assert.deepEqual(await store.loadSettings(), person);
    assert.deepEqual(await store.loadSettingsState(), { settings: person, locked: [], managedErrors: {} });
    assert.deepEqual(await store.loadManaged(), { values: {}, errors: {}, invalid: [], unknown: [] });
  }
});

test('nothing stored and nothing managed: the defaults, with no client ID', async () => {
  reset();
  assert.deepEqual(await store.loadSettings(), validateSettings({}).settings);
});

test('the organisation\'s fields win and are locked; the rest stays the person\'s', async () => {
  reset({ local: person, managed: { clientId: '1000.ORG', crmConcurrency: 12 } });
  const state = await store.loadSettingsState();
  assert.deepEqual(state.settings, { ...person, clientId: '1000.ORG', crmConcurrency: 12 });
  assert.deepEqual(state.locked, ['clientId', 'crmConcurrency']);
});

test('a person who never saved anything gets a usable configuration from policy alone', async () => {
  reset({ managed: { clientId: '1000.ORG', dc: 'eu' } });
  const s = await store.loadSettings();
  assert.equal(validateSettings(s).ok, true);
  assert.equal(s.clientId, '1000.ORG');
});

test('an invalid managed value is ignored and reported once, not thrown', async () => {
  reset({ local: person, managed: { clientId: '1000.ORG', dc: 'mars' } });
  const state = await store.loadSettingsState();
  assert.equal(state.settings.dc, 'eu');
  assert.deepEqual(state.locked, ['clientId']);
  assert.match(state.managedErrors.dc, /data centre/);
  await store.loadSettings();
  assert.equal(fake.warnings.length, 1, 'reported once while it stays the same');
  assert.match(JSON.stringify(fake.warnings[0]), /mars|data centre/);
});

test('saving: locked fields come from policy for validation, the person\'s own values are what is stored', async () => {
  reset({ local: person, managed: { clientId: '1000.ORG', webApps: [{ origin: 'https://crm.example.com', level: 'account' }] } });
  // The options form sends no locked field (disabled); a caller sending one is overruled.
  const r = await store.saveSettings({ clientId: '1000.SENT', dc: 'jp', scopes: ['ZohoCRM.users.READ'] });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.settings.clientId, '1000.ORG');
  assert.equal(r.settings.dc, 'jp');
  assert.deepEqual(r.settings.webApps, [{ origin: 'https://crm.example.com', level: 'account', modules: [] }]);
  const stored = fake.localData.settings;
  assert.equal(stored.clientId, '1000.PERSON');
  assert.equal(stored.dc, 'jp');
  assert.deepEqual(stored.webApps, []);
  // Policy lifted: the person's own settings, as they saved them.
  fake.managedData = {};
  const after = await store.loadSettings();
  assert.equal(after.clientId, '1000.PERSON');
  assert.equal(after.dc, 'jp');
});

test('saving with a managed client ID works for a person who has none', async () => {
  reset({ managed: { clientId: '1000.ORG' } });
  const r = await store.saveSettings({ dc: 'au' });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(fake.localData.settings.clientId, '');
  assert.equal((await store.loadSettings()).clientId, '1000.ORG');
});

test('saving refuses the person\'s bad fields and stores nothing', async () => {
  reset({ local: person, managed: { clientId: '1000.ORG' } });
  const r = await store.saveSettings({ dc: 'mars' });
  assert.equal(r.ok, false);
  assert.deepEqual(Object.keys(r.errors), ['dc']);
  assert.deepEqual(fake.localData.settings, person);
});

test('listeners hear the person\'s settings and any policy change, nothing else', async () => {
  const heard = [];
  store.onSettingsChanged(() => heard.push('x'));
  fake.emit({ clientId: { newValue: '1000.NEW' } }, 'managed');
  fake.emit({ settings: { newValue: person } }, 'local');
  fake.emit({ activeDc: { newValue: 'eu' } }, 'local');
  fake.emit({ settings: { newValue: person } }, 'sync');
  assert.equal(heard.length, 2);
});

test('the installation ID is made once per profile and kept across restarts of the background', async () => {
  delete fake.localData.installationId;
  // Two first calls at once (two events waking the worker) share one ID.
  const [a, b] = await Promise.all([store.loadInstallationId(), store.loadInstallationId()]);
  assert.equal(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(fake.localData.installationId, a);
  const restarted = await import('../bg/settings-store.js?restart=1');
  assert.equal(await restarted.loadInstallationId(), a);
});

test('a stored installation ID the host would refuse is replaced by a new one', async () => {
  fake.localData.installationId = 'not/an-id';
  const restarted = await import('../bg/settings-store.js?restart=2');
  const id = await restarted.loadInstallationId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(fake.localData.installationId, id);
});
