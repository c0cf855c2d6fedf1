// The active user (issue 15): whose Zoho token this browser profile uses for web apps and the chooser. By default
// its own; the person may pick another profile's user from the popup's "Signed in on this computer" list, without
// signing in again. Only the profile holding a user's Zoho session renews that user's token, so a borrowed token
// is used while it is fresh and refused, with a way out, once it is due for renewal. A Firefox container of this
// profile (lib/containers.js) is the exception: its session is in this browser, so its token is renewed here, in a
// tab of that container. Pure, for node's tests.

import { containerKey, containerOf } from './containers.js';

/**
 * The caller (browser) of this profile's own token, or of one of its containers', in token.list; null when this
 * profile holds none.
 */
export function ownCaller(tokens, installation) {
  if (!installation || !Array.isArray(tokens)) return null;
  return tokens.find((t) => t.installation === installation || containerOf(installation, t.installation))?.caller ?? null;
}

/**
 * Whether this profile may use a token.list entry's token: another profile of this same browser. The host names
 * tokens by the asking browser (its caller), so another browser's tokens cannot be read from here, and a token
 * without an installation is the browser's shared one from before profiles were told apart.
 * @param {object} entry a token.list entry
 * @param {{installation: string|null, caller: string|null}} profile this profile
 */
export function canUse(entry, profile) {
  return Boolean(entry?.installation && profile.installation && profile.caller) && entry.installation !== profile.installation
    && entry.caller === profile.caller;
}

/**
 * What the profile keeps of its choice (storage.local; names a profile and a person, grants nothing): where the
 * token is (installation, data centre), its org (the chosen account is kept per org), and who and where it is,
 * for the sentences that name them; `container` (a cookieStoreId) when it is a Firefox container of this profile.
 * @param {object} entry a token.list entry
 * @param {{who: string, where: string}} row the same entry as signedInUsers lists it
 * @param {string|null} [own] this profile's installation ID
 */
export function choiceOf(entry, row, own = null) {
  const container = containerOf(own, entry.installation);
  return { installation: entry.installation, dc: String(entry.dc ?? ''), org: entry.org?.id ? String(entry.org.id) : null,
    who: row.who, where: row.where, ...(container ? { container } : {}) };
}

/** A stored choice, or null for anything else (storage.local can hold what an older version left). */
export function validChoice(value) {
  const ok = value && typeof value.installation === 'string' && typeof value.dc === 'string' && value.dc
    && typeof value.who === 'string' && typeof value.where === 'string';
  const container = containerKey(value?.container) ? { container: value.container } : {};
  return ok ? { installation: value.installation, dc: value.dc, org: typeof value.org === 'string' ? value.org : null,
    who: value.who, where: value.where, ...container } : null;
}

/**
 * Why a borrowed token (token.status's answer) may not be handed out now: 'gone' (no longer stored: its profile
 * signed out), 'expired', 'expiring' (its refresh is due, which only its own profile may run), or null.
 */
export function borrowProblem(status, now) {
  if (!status?.present) return 'gone';
  if (status.expired || status.expires_at <= now) return 'expired';
  if (status.refresh_at <= now) return 'expiring';
  return null;
}

/** The sentence for a borrowed token that is 'expired' or 'expiring': who holds it, and the two ways on. */
export function elsewhereMessage(choice, problem) {
  const state = problem === 'expired' ? 'has expired' : 'is due for renewal';
  return `${choice.who}'s Zoho sign-in ${state}; only ${choice.where}, which holds it, renews it. `
    + 'Open that browser profile, or choose "Use my own sign-in" in the zcrm-bridge popup.';
}

/** The sentence for falling back to the profile's own sign-in because the borrowed one is gone. */
export function goneMessage(choice) {
  return `${choice.who}'s sign-in is no longer on this computer (signed out in ${choice.where}); `
    + 'this profile uses its own sign-in again.';
}
