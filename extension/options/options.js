// The options form: filled from the saved settings, validated by lib/settings.js, saved through the background.

import { DATACENTERS } from '../lib/datacenters.js';
import { CRM_VERSIONS } from '../lib/settings.js';
import { settingsFromForm, settingsToForm } from '../lib/settings-form.js';
import { api } from '../platform/browser.js';
import { bridgePatterns } from '../bg/bridge-scripts.js';

const form = document.getElementById('form');
const status = document.getElementById('status');

// Error keys from validateSettings ('webApps.1.origin') map to the form field that holds them.
const FIELD_OF = { baseUrlOverride: { accounts: 'baseUrlAccounts', api: 'baseUrlApi' }, accountSource: null };

function fieldFor(key) {
  const [head, sub] = key.split('.');
  if (head === 'baseUrlOverride') return FIELD_OF.baseUrlOverride[sub];
  if (head === 'dcOverrides') return 'dcOverrides';
  if (head === 'accountSource') return sub && form.elements[sub] ? sub : 'module';
  return head;
}

function showErrors(errors) {
  form.querySelectorAll('.error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  for (const [key, message] of Object.entries(errors)) {
    const el = form.elements[fieldFor(key)];
    const target = el instanceof RadioNodeList ? el[0] : el;
    if (!target) continue;
    target.setAttribute('aria-invalid', 'true');
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = message;
    target.closest('label').after(p);
  }
}

function fill(settings) {
  for (const [name, value] of Object.entries(settingsToForm(settings))) {
    const el = form.elements[name];
    if (el instanceof RadioNodeList) el.value = value;
    else if (el) el.value = value;
  }
  toggleModule();
}

function toggleModule() {
  document.getElementById('module-fields').hidden = form.elements.accountSourceType.value !== 'module';
}

const dc = document.getElementById('dc');
for (const d of Object.values(DATACENTERS)) dc.append(new Option(`${d.label} (${d.code})`, d.code));
const version = document.getElementById('crmVersion');
for (const v of CRM_VERSIONS) version.append(new Option(v === CRM_VERSIONS.at(-1) ? `v${v} (Zoho's current)` : `v${v}`, v));
document.getElementById('redirect-url').textContent = api.identity.getRedirectURL('cb');
form.addEventListener('change', toggleModule);
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const raw = settingsFromForm(new FormData(form));
  // The web-app bridge needs this browser's permission for each allowed site; ask while the click still counts.
  const origins = bridgePatterns(raw);
  if (origins.length) await api.permissions.request({ origins }).catch(() => false);
  const result = await api.runtime.sendMessage({ cmd: 'saveSettings', settings: raw });
  showErrors(result.errors ?? {});
  status.className = result.ok ? 'ok' : 'bad';
  status.textContent = result.ok ? 'Saved.' : 'Not saved: fix the fields marked in red.';
  if (result.ok) fill(result.settings);
});

api.runtime.sendMessage({ cmd: 'getSettings' }).then((r) => fill(r.settings));
