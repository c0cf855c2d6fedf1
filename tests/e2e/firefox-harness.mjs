// Firefox ESR with the extension as a temporary add-on, driven by puppeteer-core over WebDriver BiDi. The host
// manifest goes where Firefox reads it: $HOME/.mozilla/native-messaging-hosts (HOME is a temp dir).

import { createHash } from 'node:crypto';
import { mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { BUILD, EXTENSION, HOST_NAME, registerInstallation, waitFor } from './harness.mjs';
import { testEnv } from './install.mjs';

export { GECKO_ID } from '../../manifests/identity.mjs';
import { GECKO_ID } from '../../manifests/identity.mjs';
export const FIREFOX_UUID = '6d1f2f0e-1c9b-4b8e-9a53-2f4d1c7e5b10';
// What identity.getRedirectURL('cb') answers in Firefox: a hash of the add-on ID under extensions.allizom.org.
export const FIREFOX_REDIRECT = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/cb`;

/**
 * Firefox with the add-on installed; `extPage` is an extension page, the tests' handle on it. Without a client ID
 * the add-on opens its options page on install, and that tab is the handle. With `firstRunOptions: false` (the
 * organisation's policy set the client ID, so nothing opens) the harness opens the popup page in a tab itself, which
 * WebDriver BiDi allows only with system access (-remote-allow-system-access, test browsers only).
 */
// `extraPrefs`: more Firefox preferences, e.g. privacy.userContext.enabled for containers (firefox-containers.test.mjs).
export async function launchFirefox({ home, stateDir, extensionDir = EXTENSION, firstRunOptions = true, extraPrefs = {} }) {
  const hostsDir = path.join(home, '.mozilla', 'native-messaging-hosts');
  await mkdir(hostsDir, { recursive: true });
  await copyFile(path.join(BUILD, `manifests/firefox/${HOST_NAME}.json`), path.join(hostsDir, `${HOST_NAME}.json`));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr', headless: true,
    args: firstRunOptions ? [] : ['-remote-allow-system-access'],
    env: testEnv({ HOME: home, ZCRM_BRIDGE_HOME: stateDir }),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      // Host permissions of MV3 add-ons are opt-in in Firefox; a test profile grants them as a person would.
      'extensions.originControls.grantByDefault': true,
      ...extraPrefs,
    },
  });
  await browser.installExtension(extensionDir);
  const handle = firstRunOptions ? 'options' : 'popup';
  if (!firstRunOptions) {
    // The first tab, so that a first run that did open the options page would open it in a tab of its own.
    const [page] = await browser.pages();
    // The load event of an extension page opened this way never reaches BiDi: wait for the page itself instead.
    page.goto(`moz-extension://${FIREFOX_UUID}/popup/popup.html`).catch(() => {});
  }
  const extPage = await waitFor(async () => {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`moz-extension://${FIREFOX_UUID}/${handle}/`)) return page;
    }
    return null;
  }, `the ${handle} page of the add-on`, 15000);
  registerInstallation(stateDir, 'firefox', () => extPage.evaluate(
    "browser.storage.local.get('installationId').then((o) => o.installationId)"));
  return { browser, extPage };
}

/** Runs fn(zcrm, arg) against the background page's objects (Firefox keeps a real page for MV3 background scripts). */
export function inBackground(extPage, fn, arg) {
  // A string expression: the extension's CSP forbids building functions inside the page.
  return extPage.evaluate(`(async () => {
    const bg = await browser.runtime.getBackgroundPage();
    await bg.zcrm.ready;
    return (${fn.toString()})(bg.zcrm, ${JSON.stringify(arg ?? null)});
  })()`);
}
