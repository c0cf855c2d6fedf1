// The options form: filled from the settings in force, validated by lib/settings.js, saved through the background.
// Fields an organisation set by policy (storage.managed) are disabled and say "Set by your organisation".

import { DATACENTERS } from '../lib/datacenters.js';
import { CRM_VERSIONS } from '../lib/settings.js';
import { settingsFromForm, settingsToForm } from '../lib/settings-form.js';
import { lockedFormFields, managedErrorsByField } from '../lib/managed-settings.js';
import { api } from '../platform/browser.js';
import { bridgePatterns } from '../bg/bridge-scripts.js';
import { loadSettingsState } from '../bg/settings-store.js';

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

const LOCKED_NOTE = 'Set by your organisation';

function noteAfter(name, className, text) {
  const el = form.elements[name];
  const target = el instanceof RadioNodeList ? el[el.length - 1] : el;
  if (!target) return;
  const p = document.createElement('p');
  p.className = `hint ${className}`;
  p.dataset.field = name;
  p.textContent = text;
  target.closest('label').after(p);
}

// Disables what the organisation set, with a note; says which of its values were ignored as invalid.
function showManaged({ locked, managedErrors }) {
  form.querySelectorAll('.managed, .managed-invalid').forEach((e) => e.remove());
  const fields = new Set(lockedFormFields(locked));
  for (const el of form.elements) {
    if (!el.name || el.type === 'submit') continue;
    el.disabled = fields.has(el.name);
    if (el.disabled) el.title = LOCKED_NOTE;
    else el.removeAttribute('title');
  }
  for (const name of fields) noteAfter(name, 'managed', LOCKED_NOTE);
  document.getElementById('managed-summary').hidden = locked.length === 0;
  for (const [name, messages] of Object.entries(managedErrorsByField(managedErrors))) {
    const text = `Your organisation's value is ignored: ${messages.join(' ')}`;
    if (form.elements[name]) noteAfter(name, 'managed-invalid', text);
    else form.querySelector('.actions').before(Object.assign(document.createElement('p'),
      { className: 'hint managed-invalid', textContent: text }));
  }
}

let inForce = null;
async function refresh() {
  const state = await loadSettingsState();
  inForce = state.settings;
  fill(state.settings);
  showManaged(state);
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
  // The web-app bridge needs this browser's permission for each allowed site, the organisation's too (a disabled
  // field is not in the form); ask while the click still counts.
  const origins = bridgePatterns(raw.webApps ? raw : inForce);
  if (origins.length) await api.permissions.request({ origins }).catch(() => false);
  const result = await api.runtime.sendMessage({ cmd: 'saveSettings', settings: raw });
  showErrors(result.errors ?? {});
  status.className = result.ok ? 'ok' : 'bad';
  status.textContent = result.ok ? 'Saved.' : 'Not saved: fix the fields marked in red.';
  if (result.ok) refresh();
});

refresh();
// A policy change while the page is open (Chromium-family browsers apply one without a restart).
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') refresh();
});
