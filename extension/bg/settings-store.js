// Settings live in storage.local (nothing secret in them); the token never does.

import { validateSettings, DEFAULT_SETTINGS } from '../lib/settings.js';
import { api } from '../platform/browser.js';

const KEY = 'settings';
// The data centre Zoho last said the account lives in (its `location`), which can differ from the setting.
const DC_KEY = 'activeDc';

export async function loadSettings() {
  const stored = (await api.storage.local.get(KEY))[KEY];
  const checked = validateSettings(stored ?? DEFAULT_SETTINGS);
  // Stored settings were valid when saved; if a newer version is stricter, fall back field by field to defaults.
  return checked.ok ? checked.settings : validateSettings({ ...DEFAULT_SETTINGS, clientId: '' }).settings;
}

/** Validates and saves; returns {ok, settings, errors} as validateSettings does. */
export async function saveSettings(raw) {
  const checked = validateSettings(raw);
  if (checked.ok) await api.storage.local.set({ [KEY]: checked.settings });
  return checked;
}

export async function loadActiveDc() {
  return (await api.storage.local.get(DC_KEY))[DC_KEY] ?? null;
}

export async function saveActiveDc(dc) {
  await api.storage.local.set({ [DC_KEY]: dc });
}

export function onSettingsChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[KEY]) listener();
  });
}

// How the current token was obtained ({kind: 'extension'} or {kind: 'capture', redirectUri}): decides how to refresh.
const VIA_KEY = 'tokenVia';

export async function loadTokenVia() {
  return (await api.storage.local.get(VIA_KEY))[VIA_KEY] ?? { kind: 'extension' };
}

export async function saveTokenVia(via) {
  await api.storage.local.set({ [VIA_KEY]: via });
}
