// Who is signed in on this machine (issue 15): the host's token.list (every browser's and profile's token, no
// secret) as the popup lists it, this profile first, then the valid ones, then by who. Pure, for node's tests.

import { canUse, ownCaller } from './active-user.js';
import { containerLabel, containerOf } from './containers.js';

const BROWSERS = { chromium: 'Chromium-based browser', firefox: 'Firefox' };

/**
 * @param {Array<object>} tokens token.list's entries: caller, installation?, user?, org?, dc, expired, expires_at
 * @param {{installation: string|null, active?: string|null, containers?: Record<string, string>}} self this
 *   profile's installation ID, the installation of the active user when it is another profile's or a container's
 *   (lib/active-user.js), and the names of this profile's Firefox containers by cookieStoreId (lib/containers.js)
 * @returns {Array<{who: string, email: string, where: string, org: string, dc: string, expired: boolean,
 *   expiresAt: number, here: boolean, installation: string|null, usable: boolean, active: boolean}>}
 */
export function signedInUsers(tokens, { installation, active = null, containers = {} }) {
  if (!Array.isArray(tokens)) return [];
  const caller = ownCaller(tokens, installation);
  const rows = tokens.map((t) => {
    const here = Boolean(installation) && t.installation === installation;
    const browser = BROWSERS[String(t.caller ?? '').split(':')[0]] ?? 'Another browser';
    const profile = t.installation ? ` profile ${t.installation.slice(0, 6)}` : '';
    const container = containerOf(installation, t.installation);
    const org = t.org ? `${t.org.name ?? t.org.id}${t.org.type && t.org.type !== 'production' ? ` (${t.org.type})` : ''}` : '';
    return { who: t.user?.name || t.user?.email || 'Zoho user (name not known yet)', email: t.user?.email ?? '',
      where: here ? 'this browser profile' : container ? containerLabel(container, containers) : `${browser}${profile}`, org, dc: String(t.dc ?? ''),
      expired: t.expired === true, expiresAt: Number(t.expires_at) || 0, here,
      // Whether the popup offers "Use" on it, and whether web apps and the chooser use it now.
      installation: t.installation ?? null, usable: canUse(t, { installation, caller }),
      active: active ? t.installation === active : here, container };
  });
  return rows.sort((a, b) => Number(b.here) - Number(a.here) || Number(a.expired) - Number(b.expired)
    || a.who.localeCompare(b.who) || a.where.localeCompare(b.where));
}

// The host's bounds on token.store's user (host/protocol/limits.hpp): a name it would refuse must not fail a
// sign-in, so a long name is cut and an e-mail address too long to be real is left out.
const MAX_NAME = 200;
const MAX_EMAIL = 254;

/** The user object token.store may carry, or null when nothing usable is known. */
export function userForHost(user) {
  const name = typeof user?.name === 'string' ? [...user.name].slice(0, MAX_NAME).join('') : '';
  const email = typeof user?.email === 'string' && [...user.email].length <= MAX_EMAIL ? user.email : '';
  if (!name && !email) return null;
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
