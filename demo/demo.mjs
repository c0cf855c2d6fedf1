// The demo: the bundled fake Zoho on loopback, a Chromium with the extension and the real host, a sign-in, an
// account chosen in the popup, and the example web app reading it, with a screenshot of each step.
// Headless unless a display exists. Needs no Zoho account; nothing leaves this machine.
//   node demo/demo.mjs [--out DIR]
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as h from '../tests/e2e/harness.mjs';
import { startWebApp } from '../tests/e2e/web-server.mjs';

const outIndex = process.argv.indexOf('--out');
const OUT = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(h.ROOT, 'artifacts', 'demo'));
const headless = !process.env.DISPLAY;

async function shot(page, name, what) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  ${what}: ${file}`);
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const web = await startWebApp();
  const fake = await h.startZoho({ records: { Accounts: 5000 } });
  const stateDir = await h.hostState();
  const profile = await h.tempDir('demo-profile');
  console.log(`Fake Zoho on ${fake.url}; example web app on ${web.allowed}; host state in ${stateDir}`);
  const browser = await h.launchChromium({ profile, stateDir, headless });
  try {
    await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: false }] });
    const popup = await h.openPopup(browser.context);
    console.log('1. Sign in with Zoho from the popup');
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.waitForSelector('#accept');
    await shot(auth, '1-zoho-sign-in', 'Zoho sign-in page');
    await auth.click('#accept');
    await popup.waitForFunction(() => /5,000 accounts/.test(document.getElementById('accounts-status').textContent),
      null, { timeout: 30000 });
    await shot(popup, '2-popup-signed-in', 'popup after sign-in');
    console.log('2. Choose the CRM account to work as');
    await popup.fill('#search', 'Acme 0042');
    await popup.click('#accounts button >> text=Acme 0042');
    await popup.waitForFunction(() => document.getElementById('chosen').textContent.includes('Acme 0042'));
    await popup.fill('#search', '');
    await shot(popup, '3-popup-account-chosen', 'popup with the chosen account');
    console.log('3. The example web app reads the chosen account from the extension');
    const app = await browser.context.newPage();
    await app.goto(`${web.allowed}/`);
    await app.waitForFunction(() => document.getElementById('account').dataset.id);
    await shot(app, '4-web-app', 'example web app');
    console.log(`\nDone: the web app sees "${await app.textContent('#account')}". The token never left the host's`);
    console.log(`encrypted vault except to the extension. Screenshots are in ${OUT}.`);
  } finally {
    await browser.context.close();
    await fake.close();
    web.close();
    await h.cleanup(stateDir, profile);
  }
}

main().catch((e) => {
  console.error(`The demo failed: ${e.message}`);
  process.exitCode = 1;
});
