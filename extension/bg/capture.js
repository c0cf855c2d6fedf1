// Captures a web app's own Zoho redirect (https://app.example.com/LoginRedirect#access_token=…) and hands the token
// to the host, leaving the page alone. A token is kept only when the browser saw Zoho's accounts server send it
// (webRequest's view of the redirect, which no page can forge); a page that navigates to a capture URL with a token
// in it is ignored and noted, never stored. See lib/capture-proof.js for the rules.

import { carriesToken, judgeZohoRedirect, startsZohoSignIn, tokenInQuery } from '../lib/capture-proof.js';
import { capturePrefix, redirectState } from '../lib/fragment.js';
import { containerOfRequest } from './containers.js';
import { replayGuard } from './replay-guard.js';
import { refreshStates } from './zoho-auth.js';

// A landing that Zoho's redirect announced is expected to commit within this time; after it, a commit of the same
// URL is a replay.
const LANDING_WINDOW_MS = 60000;

/**
 * @param {object} session the background Session (settings, storeToken, markSigninNeeded, noteIgnoredCapture)
 * @param {object} api the browser API (webRequest, webNavigation, storage, tabs)
 * @param {object} [containers] this profile's Firefox containers' tokens (bg/containers.js): a sign-in seen in a
 *   container tab is kept under that container, never over the profile's own token
 */
export function watchRedirects(session, api, containers = null) {
  const guard = replayGuard(api.storage.local);
  const announced = new Map(); // landing URL -> time Zoho's redirect to it was seen
  const noted = new Set(); // forged landings already reported (both navigation events fire for one landing)
  const started = new Map(); // tab id -> the /oauth/v2/auth(/refresh) request that began a sign-in there

  async function onRedirect(d) {
    await session.configured; // an event may be what woke the worker, before its settings were read
    const settings = session.settings;
    if (!settings?.clientId) return;
    const verdict = judgeZohoRedirect({ from: d.url, to: d.redirectUrl, startedWith: started.get(d.tabId), settings });
    if (!verdict.capture) return;
    announced.set(d.redirectUrl, Date.now()); // before any await: the commit event may follow at once
    if (announced.size > 50) announced.delete(announced.keys().next().value);
    if (refreshStates.has(redirectState(d.redirectUrl))) return; // a refresh of ours (token or error): it handles it
    if (!verdict.ok) {
      if (verdict.error.code === 'zoho_throttled') await session.noteZohoThrottle();
      else if (verdict.error.code !== 'zoho_error') session.noteIgnoredCapture(verdict.error.message);
      // Zoho refused a sign-in: in a Firefox container it is that container's, not this profile's own sign-in.
      else if (containers && await containerOfRequest(d, api.tabs)) {
        session.noteIgnoredCapture(`A sign-in in a Firefox container was not kept: ${verdict.error.message} `
          + 'Sign in again in a tab of that container.');
      } else session.markSigninNeeded(verdict.error.message);
      return;
    }
    if (!(await guard.firstTime(verdict.token.access_token))) {
      session.noteIgnoredCapture('A sign-in Zoho sent earlier arrived again and was ignored.');
      return;
    }
    try {
      const container = containers ? await containerOfRequest(d, api.tabs) : null;
      if (container) await containers.storeCaptured(verdict.token, container, verdict.prefix);
      else await session.storeToken(verdict.token, 'login', { kind: 'capture', redirectUri: verdict.prefix });
    } catch (e) {
      session.markSigninNeeded(`A sign-in was seen but could not be kept: ${e.message}`);
    }
  }

  async function onLanding(url) {
    await session.configured;
    const settings = session.settings;
    if (!settings?.clientId || !carriesToken(url)) return;
    const prefix = capturePrefix(url, settings.redirectCaptures);
    if (!prefix) return;
    const at = announced.get(url);
    if (at !== undefined && Date.now() - at < LANDING_WINDOW_MS) return; // Zoho's own answer, handled above
    if (noted.has(url)) return;
    noted.add(url);
    if (noted.size > 20) noted.delete(noted.values().next().value);
    const where = tokenInQuery(url) ? 'in the address query' : 'in the address';
    session.noteIgnoredCapture(`A sign-in that did not come from Zoho was ignored: a page opened ${prefix} with a token ${where}.`);
  }

  // Zoho's redirects: only the browser sees them, with the Location that was sent.
  api.webRequest.onBeforeRequest.addListener(async (d) => {
    await session.configured;
    if (!startsZohoSignIn(d.url, session.settings)) return;
    started.set(d.tabId, d.url);
    if (started.size > 50) started.delete(started.keys().next().value);
  }, { urls: ['<all_urls>'], types: ['main_frame'] });
  api.webRequest.onBeforeRedirect.addListener((d) => {
    onRedirect(d).catch((e) => session.markSigninNeeded(`A sign-in was seen but could not be kept: ${e.message}`));
  }, { urls: ['<all_urls>'], types: ['main_frame'] });
  api.webNavigation.onCommitted.addListener((d) => d.frameId === 0 && onLanding(d.url));
  api.webNavigation.onReferenceFragmentUpdated.addListener((d) => d.frameId === 0 && onLanding(d.url));
}
