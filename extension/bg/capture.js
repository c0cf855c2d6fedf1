// Captures a web app's own Zoho redirect (https://app.example.com/LoginRedirect#access_token=…) when a tab lands
// on a configured URL, hands the token to the host, and leaves the page alone.

import { isCapturedRedirect, parseRedirect } from '../lib/fragment.js';
import { api } from '../platform/browser.js';
import { refreshStates } from './zoho-auth.js';

export function watchRedirects(session) {
  const seen = new Set(); // both navigation events fire for one landing; store each redirect once

  async function onUrl(url) {
    const settings = session.settings;
    if (!settings?.clientId || !isCapturedRedirect(url, settings.redirectCaptures)) return;
    if (seen.has(url)) return;
    seen.add(url);
    if (seen.size > 20) seen.delete(seen.values().next().value);
    const parsed = parseRedirect(url);
    if (refreshStates.has(parsed.state)) return; // the answer to a refresh of ours, which stores it itself
    if (!parsed.ok) {
      if (parsed.error.code !== 'not_a_redirect') session.markSigninNeeded(parsed.error.message);
      return;
    }
    try {
      await session.storeToken(parsed.token, 'login', { kind: 'capture', redirectUri: url.split('#')[0] });
    } catch (e) {
      session.markSigninNeeded(`A sign-in was seen but could not be kept: ${e.message}`);
    }
  }

  api.webNavigation.onCommitted.addListener((d) => d.frameId === 0 && onUrl(d.url));
  api.webNavigation.onReferenceFragmentUpdated.addListener((d) => d.frameId === 0 && onUrl(d.url));
  api.tabs.onUpdated.addListener((_tabId, change) => change.url && onUrl(change.url));
}
