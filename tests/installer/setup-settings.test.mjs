// ZCRM_CLIENT_ID=… ./installer/setup.sh: the variables become the managed settings the extension reads, checked by
// the extension's own rules; a mistake stops the set-up naming the variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { settingsFromEnv } from '../../installer/settings-from-env.mjs';
import { ROOT, run } from './helpers.mjs';

test('client ID, data centre, scopes and web apps become managed settings', () => {
  const { settings, problems } = settingsFromEnv({
    ZCRM_CLIENT_ID: ' 1000.ABC123 ', ZCRM_DC: 'EU', ZCRM_SCOPES: 'ZohoCRM.users.READ, ZohoCRM.modules.ALL ZohoCRM.org.READ',
    ZCRM_WEB_APPS: 'https://app.example.com crm Accounts Contacts:POST\nhttps://old.example.com token; https://ro.example.com',
  });
  assert.equal(problems, undefined);
  assert.deepEqual(settings, {
    clientId: '1000.ABC123', dc: 'eu', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
    webApps: [
      { origin: 'https://app.example.com', level: 'crm',
        modules: [{ name: 'Accounts', methods: ['GET'] }, { name: 'Contacts', methods: ['GET', 'POST'] }] },
      { origin: 'https://old.example.com', level: 'token', modules: [] },
      { origin: 'https://ro.example.com', level: 'account', modules: [] },
    ],
  });
});

test('only the client ID is needed; unset variables set nothing', () => {
  assert.deepEqual(settingsFromEnv({ ZCRM_CLIENT_ID: '1000.X', ZCRM_DC: '' }).settings, { clientId: '1000.X' });
});

test('each mistake is named by its variable', () => {
  const { settings, problems } = settingsFromEnv({
    ZCRM_CLIENT_ID: 'not a client id', ZCRM_DC: 'mars', ZCRM_SCOPES: 'Zoho CRM!', ZCRM_WEB_APPS: 'ftp://files.example.com',
  });
  assert.equal(settings, undefined);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0], /^ZCRM_CLIENT_ID: A Zoho client ID has/);
  assert.match(problems[1], /^ZCRM_DC: Choose a Zoho data centre: us, eu/);
  assert.match(problems[2], /^ZCRM_SCOPES: These are not Zoho scopes/);
  assert.match(problems[3], /^ZCRM_WEB_APPS \(webApps\.0\.origin\): /);
  assert.match(settingsFromEnv({}).problems[0], /^ZCRM_CLIENT_ID: set it/);
});

test('the command prints the settings as JSON, or the problems with exit status 2', () => {
  const script = path.join(ROOT, 'installer/settings-from-env.mjs');
  const ok = run(process.execPath, [script], { ZCRM_CLIENT_ID: '1000.X', ZCRM_DC: 'in' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { clientId: '1000.X', dc: 'in' });
  const bad = run(process.execPath, [script], { ZCRM_CLIENT_ID: '1000.X', ZCRM_DC: 'mars' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^setup: ZCRM_DC: /);
});
