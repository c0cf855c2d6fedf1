// Firefox containers (issue 15): a tab's cookieStoreId other than the default one has cookies of its own, so a Zoho
// session of its own. A container is kept as a sub-profile of this browser profile: a token captured in it is stored
// under an installation ID derived from the profile's own (`${own}-c7` for firefox-container-7), never over the
// profile's own token, and it is renewed only in a tab of that container. Pure, for node's tests.

import { isInstallationId } from './installation.js';

// Firefox names its containers firefox-container-<number>; the default store and private windows are not
// containers (a private window's sign-in is the profile's, as before).
const CONTAINER = /^firefox-container-([0-9]{1,9})$/;
const KEY = /^c([0-9]{1,9})$/;

/** The container's short key ('c7' for firefox-container-7), or null for the default store, private, or anything else. */
export function containerKey(cookieStoreId) {
  const m = CONTAINER.exec(String(cookieStoreId ?? ''));
  return m ? `c${Number(m[1])}` : null;
}

/** The installation ID a container's token is kept under, or null when `cookieStoreId` is no container. */
export function containerInstallation(own, cookieStoreId) {
  const key = containerKey(cookieStoreId);
  if (!key || !isInstallationId(own)) return null;
  const id = `${own}-${key}`;
  return isInstallationId(id) ? id : null;
}

/** The cookieStoreId of the container whose token `installation` names, when it is one of profile `own`'s; else null. */
export function containerOf(own, installation) {
  if (!isInstallationId(own) || typeof installation !== 'string' || !installation.startsWith(`${own}-`)) return null;
  const m = KEY.exec(installation.slice(own.length + 1));
  return m ? `firefox-container-${m[1]}` : null;
}

/** How the popup names a container: its name where Firefox gave one, else its number. */
export function containerLabel(cookieStoreId, names = {}) {
  const name = names?.[cookieStoreId];
  return `Firefox container ${typeof name === 'string' && name ? name : String(cookieStoreId).replace(CONTAINER, '$1')}`;
}

/**
 * The sentence when a container's token could not be renewed in a tab of that container (`why`: the browser's or
 * Zoho's answer), with the two ways on.
 */
export function containerRefreshMessage(label, why) {
  return `${label}'s Zoho sign-in could not be renewed there (${why}). Sign in again in a tab of that container, `
    + 'or choose "Use my own sign-in" in the zcrm-bridge popup.';
}

/** The sentence when the container holding the active user's token no longer exists. */
export function containerGoneMessage(label) {
  return `${label} no longer exists, so its Zoho sign-in cannot be renewed. `
    + 'Choose "Use my own sign-in" in the zcrm-bridge popup, or another user signed in on this computer.';
}
