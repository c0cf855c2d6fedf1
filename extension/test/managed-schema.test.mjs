// managed_schema.json: what Chromium-family browsers check policy against before storage.managed shows it. It must
// follow Chrome's rules for such schemas, name every setting, and accept every valid setting value.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, validateSettings } from '../lib/settings.js';
import { MANAGEABLE } from '../lib/managed-settings.js';

const read = (name) => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), 'utf8'));
const schema = read('managed_schema.json');
const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];

/** The errors of value against schema, by type (the only checks this schema asks of the browser). */
function mismatches(node, value, at = '') {
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (node.type !== type && !(node.type === 'number' && type === 'integer')) return [`${at || '/'}: ${type}, not ${node.type}`];
  if (type === 'array') return value.flatMap((v, i) => mismatches(node.items, v, `${at}/${i}`));
  if (type !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = node.properties?.[k] ?? node.additionalProperties;
    return sub ? mismatches(sub, v, `${at}/${k}`) : [];
  });
}

test('the manifest names the schema', () => {
  assert.equal(read('manifest.json').storage.managed_schema, 'managed_schema.json');
});

test('Chrome\'s rules: an object at the top without additionalProperties; each schema one type', () => {
  assert.equal(schema.type, 'object');
  assert.equal(schema.additionalProperties, undefined);
  const walk = (node, at) => {
    assert.ok(TYPES.includes(node.type) && !('$ref' in node), `${at}: exactly one known type`);
    if (node.type === 'array') walk(node.items, `${at}/items`);
    for (const [k, sub] of Object.entries(node.properties ?? {})) walk(sub, `${at}/${k}`);
    if (node.additionalProperties) walk(node.additionalProperties, `${at}/*`);
  };
  walk(schema, '');
});

test('one policy per setting, each with a title and a description', () => {
  assert.deepEqual(Object.keys(schema.properties), MANAGEABLE);
  for (const [k, p] of Object.entries(schema.properties)) assert.ok(p.title && p.description, k);
});

test('valid settings pass the schema (so the browser never drops a value lib/settings.js accepts)', () => {
  const full = validateSettings({
    clientId: '1000.ORG', dc: 'eu', scopes: ['ZohoCRM.users.READ'], crmVersion: '2.1',
    accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
    webApps: [{ origin: 'https://a.example.com', level: 'crm', modules: [{ name: 'Accounts', methods: ['GET', 'POST'] }] },
      { origin: 'https://b.example.com', level: 'token' }],
    redirectCaptures: ['https://a.example.com/LoginRedirect'],
    baseUrlOverride: { accounts: 'https://p.example.com', api: 'https://q.example.com' },
    dcOverrides: { eu: { accounts: 'https://e.example.com', api: 'https://f.example.com' } },
    refreshEarlyMinutes: 7, crmConcurrency: 9,
  });
  assert.equal(full.ok, true, JSON.stringify(full.errors));
  for (const settings of [full.settings, DEFAULT_SETTINGS]) assert.deepEqual(mismatches(schema, settings), []);
  assert.deepEqual(mismatches(schema, { crmConcurrency: '5', webApps: [{ origin: 1 }] }),
    ['/crmConcurrency: string, not integer', '/webApps/0/origin: integer, not string']);
});
