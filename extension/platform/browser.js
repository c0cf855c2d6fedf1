// The one place where Chromium (chrome.*) and Firefox (browser.*) differ for this extension.
// Both return promises from every API used here (Chrome MV3, Firefox WebExtensions).

export const api = globalThis.browser ?? globalThis.chrome;

export const isFirefox = typeof globalThis.browser !== 'undefined' && typeof globalThis.browser.runtime?.getBrowserInfo === 'function';

// The native host's name comes from manifests/identity.env through a generated module.
export { HOST_NAME } from './identity.js';

/** The action badge: text and colour in one call, tolerant of browsers without setBadgeBackgroundColor. */
export async function setBadge(text, color = '#b3261e') {
  await api.action.setBadgeText({ text });
  if (text && api.action.setBadgeBackgroundColor) await api.action.setBadgeBackgroundColor({ color });
}

/** The redirect URL Zoho must have registered for this extension's own sign-in. */
export function redirectUrl() {
  return api.identity.getRedirectURL('cb');
}
