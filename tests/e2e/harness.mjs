// Shared set-up for the browser tests: temp dirs, the fake Zoho, the real host registered the way the build
// wrote its manifest, and a Chromium with the unpacked extension. Everything stays on loopback and under /tmp.

import { mkdtemp, mkdir, writeFile, readFile, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeZoho } from '../fake-zoho/server.mjs';
import { installForChromiumTest, testEnv } from './install.mjs';
import { CHROMIUM_ID, GECKO_ID, HOST_NAME } from '../../manifests/identity.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = process.env.ZCRM_BUILD_DIR ?? path.join(ROOT, 'build');
export const EXTENSION = path.join(ROOT, 'extension');
export const EXTENSION_ID = CHROMIUM_ID;
export { HOST_NAME };
export const CLIENT_ID = '1000.E2ETEST';
export const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/cb`;
export const ARTIFACTS = process.env.ZCRM_ARTIFACTS ?? path.join(ROOT, 'artifacts');

export async function tempDir(prefix) {
  return mkdtemp(path.join(tmpdir(), `zcrm-e2e-${prefix}-`));
}

export async function startZoho(options = {}, extraRedirects = []) {
  return startFakeZoho({
    clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT, ...extraRedirects] }],
    users: 5, records: { Accounts: 3000 }, ...options,
  });
}

/**
 * A temporary HOME that is also the host's state folder, with the allowed-caller config the build generated (the
 * installer merges the same IDs in again when a browser is launched) plus optional limits.
 */
export async function hostState(limits) {
  const dir = await tempDir('state');
  await chmod(dir, 0o700);
  const config = JSON.parse(await readFile(path.join(BUILD, 'manifests/config.json'), 'utf8'));
  if (limits) config.limits = limits;
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

// The extension keeps one token per browser profile, named by the profile's installation ID (extension/lib/
// installation.js). askHost names it in token.* requests as the extension does, so a test asking the host reads the
// token the extension it launched stored: one reader per state folder and browser, set when the browser starts.
const installations = new Map();

/** Sets how the installation ID of the extension a test launched against `stateDir` is read ('chromium'/'firefox'). */
export function registerInstallation(stateDir, kind, read) {
  installations.set(`${stateDir}|${kind}`, read);
}

async function withInstallation(stateDir, kind, request) {
  if (!request.type?.startsWith('token.') || 'installation' in request) return request;
  const installation = await installations.get(`${stateDir}|${kind}`)?.().catch(() => undefined);
  return installation ? { ...request, installation } : request;
}

/** This profile's installation ID as its extension stored it, read through its service worker. */
export async function chromiumInstallation(context) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 5000 }));
  return worker.evaluate(async () => (await chrome.storage.local.get('installationId')).installationId);
}

/** Launches Chromium with the extension; the host manifest goes where Chromium reads it for this profile. */
// `extension`: another copy of the unpacked extension (same key, so the same ID), e.g. a benchmark's with a page added.
export async function launchChromium({ profile, stateDir, headless = true, host, extension = EXTENSION }) {
  const firstRun = !(await readFile(path.join(profile, 'Local State')).catch(() => null));
  // What the real installer writes, where Chromium with this --user-data-dir reads it; not a hand-made manifest.
  await installForChromiumTest({ home: stateDir, profile, stateDir, host });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless,
    args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    env: testEnv({ ZCRM_BRIDGE_HOME: stateDir, HOME: stateDir }),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(() => globalThis.zcrm.ready);
  registerInstallation(stateDir, 'chromium', () => chromiumInstallation(context));
  // A new profile opens the options page on install (first-run set-up); the tests configure through the API.
  if (firstRun) {
    const options = await waitFor(() => context.pages().find((p) => p.url().includes('/options/options.html')),
      'the first-run options page').catch(() => null);
    await options?.close();
  }
  return { context, worker };
}

/** Saves settings through the same validation the options page uses. */
export async function configure(worker, fake, extra = {}) {
  const result = await worker.evaluate(async ({ url, clientId, extra }) => {
    const r = await globalThis.zcrm.saveSettings({
      clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
      accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
      baseUrlOverride: { accounts: url, api: url }, webApps: [], redirectCaptures: [], ...extra,
    });
    await globalThis.zcrm.session.configure(r.settings);
    return r;
  }, { url: fake.url, clientId: CLIENT_ID, extra });
  if (!result.ok) throw new Error(`settings refused: ${JSON.stringify(result.errors)}`);
}

export async function openPopup(context) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(`chrome-extension://${EXTENSION_ID}/popup/popup.html`);
  return page;
}

/** Where a test keeps a file for people to look at (a screenshot), its folder made first: tests run in any order. */
export async function artifact(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Runs the real host once, as a browser would, and returns its answers. */
export async function askHost(stateDir, requests, { firefox = false } = {}) {
  const { spawn } = await import('node:child_process');
  const args = firefox ? ['/tmp/manifest.json', GECKO_ID] : [`chrome-extension://${EXTENSION_ID}/`];
  const child = spawn(path.join(BUILD, 'host/zcrm-bridge'), args, {
    env: testEnv({ ZCRM_BRIDGE_HOME: stateDir }), stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks = [];
  child.stdout.on('data', (c) => chunks.push(c));
  const kind = firefox ? 'firefox' : 'chromium';
  for (const r of requests) {
    const body = Buffer.from(JSON.stringify(await withInstallation(stateDir, kind, r)));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.length);
    child.stdin.write(Buffer.concat([len, body]));
  }
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  const out = Buffer.concat(chunks);
  const answers = [];
  for (let i = 0; i < out.length;) {
    const n = out.readUInt32LE(i);
    answers.push(JSON.parse(out.subarray(i + 4, i + 4 + n).toString('utf8')));
    i += 4 + n;
  }
  return answers;
}

export async function cleanup(...dirs) {
  for (const d of dirs) if (d) await rm(d, { recursive: true, force: true });
}

export async function waitFor(check, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A web app's own Zoho sign-in in `page`: its authorize URL with its redirect URL, then the consent. */
export async function webAppSignIn(page, fake, landing) {
  const params = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'token', redirect_uri: landing,
    scope: 'ZohoCRM.users.READ,ZohoCRM.modules.ALL', state: 'web-app-state' });
  await page.goto(`${fake.url}/oauth/v2/auth?${params}`);
  await page.click('#accept');
  await page.waitForSelector('#landed');
}

/** The host's answer to account.get for the org of the token it holds (the choice is kept per org). */
export async function chosenInHost(stateDir, scope, options) {
  const [token] = await askHost(stateDir, [{ id: 1, type: 'token.status', ...scope }], options);
  const org = token.present ? token.org?.id : undefined;
  const [answer] = await askHost(stateDir, [{ id: 1, type: 'account.get', ...scope, ...(org ? { org } : {}) }], options);
  return answer;
}
