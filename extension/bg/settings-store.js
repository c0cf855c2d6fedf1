// Settings live in storage.local (nothing secret in them); the token never does. An organisation's settings
// (enterprise policy, storage.managed) win field by field over the person's and are never written to storage.local.

import { validateSettings } from '../lib/settings.js';
import { isInstallationId, newInstallationId } from '../lib/installation.js';
import { validChoice } from '../lib/active-user.js';
import { effectiveSettings, personalSave, readManaged } from '../lib/managed-settings.js';
import { api } from '../platform/browser.js';

const KEY = 'settings';
// The data centre Zoho last said the account lives in (its `location`), which can differ from the setting.
const DC_KEY = 'activeDc';

// What policy put in storage.managed; undefined when nothing did (Firefox rejects when it has no managed storage
// for the add-on, and a browser without the area has no storage.managed at all).
async function managedArea() {
  try {
    return (await api.storage.managed?.get()) ?? undefined;
  } catch {
    return undefined;
  }
}

let reported = '';
function reportManaged(errors) {
  const text = JSON.stringify(errors);
  if (text === reported) return;
  reported = text;
  if (text !== '{}') console.warn('zcrm-bridge: managed settings ignored because they are invalid:', errors);
}

/**
 * The settings in force with what the organisation set: {settings, locked: setting names set by policy,
 * managedErrors: path -> sentence for each managed value that was ignored}.
 */
export async function loadSettingsState() {
  const [stored, managed] = await Promise.all([api.storage.local.get(KEY).then((r) => r[KEY]), managedArea()]);
  // Stored settings were valid when saved; if a newer version is stricter, a field falls back to its default.
  const state = effectiveSettings(stored, managed);
  reportManaged(state.managedErrors);
  return state;
}

export async function loadSettings() {
  return (await loadSettingsState()).settings;
}

/** What the organisation set: readManaged's {values, errors, invalid, unknown}. */
export async function loadManaged() {
  return readManaged(await managedArea());
}

/**
 * Validates and saves the person's settings; returns {ok, settings, errors} as validateSettings does, `settings`
 * being those in force (the organisation's fields included, whatever raw says about them).
 */
export async function saveSettings(raw) {
  const [stored, managed] = await Promise.all([api.storage.local.get(KEY).then((r) => r[KEY]), managedArea()]);
  const { check, keep } = personalSave(raw, stored, readManaged(managed).values);
  const checked = validateSettings(check);
  if (checked.ok) await api.storage.local.set({ [KEY]: validateSettings(keep).settings });
  return checked;
}

export async function loadActiveDc() {
  return (await api.storage.local.get(DC_KEY))[DC_KEY] ?? null;
}

export async function saveActiveDc(dc) {
  await api.storage.local.set({ [DC_KEY]: dc });
}

/** Calls listener when the person's settings or the organisation's (a policy change) change. */
export function onSettingsChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' && changes[KEY]) || area === 'managed') listener();
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

// How each Firefox container's token was obtained (bg/containers.js), by the container's installation ID:
// {kind: 'capture', redirectUri, cookieStoreId}, so its refresh runs in a tab of that container.
const CONTAINER_VIA_KEY = 'containerVia';

export async function loadContainerVia(installation) {
  return (await api.storage.local.get(CONTAINER_VIA_KEY))[CONTAINER_VIA_KEY]?.[installation] ?? null;
}

export async function saveContainerVia(installation, via) {
  const all = (await api.storage.local.get(CONTAINER_VIA_KEY))[CONTAINER_VIA_KEY] ?? {};
  await api.storage.local.set({ [CONTAINER_VIA_KEY]: { ...all, [installation]: via } });
}

export async function forgetContainerVia(installation) {
  const { [installation]: _gone, ...rest } = (await api.storage.local.get(CONTAINER_VIA_KEY))[CONTAINER_VIA_KEY] ?? {};
  await api.storage.local.set({ [CONTAINER_VIA_KEY]: rest });
}

// The active user (lib/active-user.js): which profile's token this one uses; absent for its own.
const ACTIVE_USER_KEY = 'activeUser';

export async function loadActiveUser() {
  return validChoice((await api.storage.local.get(ACTIVE_USER_KEY))[ACTIVE_USER_KEY]);
}

/** Saves the choice, or removes it (null: this profile's own sign-in). */
export async function saveActiveUser(choice) {
  if (choice) await api.storage.local.set({ [ACTIVE_USER_KEY]: choice });
  else await api.storage.local.remove(ACTIVE_USER_KEY);
}

// This profile's installation ID (lib/installation.js), made on first use and kept: the host keeps one token per ID.
const INSTALLATION_KEY = 'installationId';
let installation = null;

/** The profile's installation ID; concurrent first calls share one, so a profile never makes two. */
export function loadInstallationId() {
  installation ??= (async () => {
    const stored = (await api.storage.local.get(INSTALLATION_KEY))[INSTALLATION_KEY];
    if (isInstallationId(stored)) return stored;
    const id = newInstallationId((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
    await api.storage.local.set({ [INSTALLATION_KEY]: id });
    return id;
  })().catch((e) => {
    installation = null; // a storage failure is tried again next time, not remembered
    throw e;
  });
  return installation;
}
