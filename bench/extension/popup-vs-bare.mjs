// Benchmark (issue 15): the popup opened → the chosen account and the list shown, against a bare extension page that
// renders the same DOM from one message, in one headless Chromium run with the unpacked extension, the real host and
// the local fake Zoho (the Chromium end-to-end harness of tests/e2e, imported, not copied).
//
//   ZCRM_BUILD_DIR=build-bench node bench/extension/popup-vs-bare.mjs [--quick] [--rounds N] [--json F] [--md F]
//
// The bare page is made for this run only, in a copy of the extension (same key, so the same ID): popup.html with
// popup.js swapped for a script that connects the same `ui` port and, from its first message alone, fills in the
// header, the chosen account and the list (same elements, same stylesheet). Nothing else: no modules, no budget, no
// countdown. Signed in through the popup and the fake's consent page, with CRM users as the accounts and one chosen.
// Each round opens both pages in a new tab, alternating which goes first; "shown" is when the page's DOM holds the
// chosen account (✓) and at least one listed account, timed inside the page from its navigation start
// (performance.now(), from a MutationObserver the run adds to every page before its scripts).
/* global document, location, MutationObserver -- functions below run inside the pages */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as h from '../../tests/e2e/harness.mjs';
import { median, stats } from './stats.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    json: { type: 'string' },
    md: { type: 'string' },
  },
});
const ROUNDS = Number(opt.rounds ?? (opt.quick ? 5 : 40));
const WARMUP = opt.quick ? 1 : 3;
const TARGET = 1.2; // issue 15: popup ≤ 1.2× the bare page, same browser run

// The bare page's script: the first message of the `ui` port, rendered. No imports.
const BARE_JS = `const $ = (id) => document.getElementById(id);
const port = chrome.runtime.connect({ name: 'ui' });
port.onMessage.addListener((m) => {
  if (m.type !== 'state' || $('chooser').hidden === false) return;
  const s = m.state;
  $('user').textContent = s.user ? s.user.name + ' · ' + s.user.email : 'Signed in';
  $('chosen').textContent = s.account ? '✓ ' + s.account.name : 'No account chosen yet.';
  $('accounts').replaceChildren(...(m.results ?? []).map((acc) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = acc.name + (s.account?.id === acc.id ? ' ✓' : '');
    b.append(name);
    if (acc.detail) {
      const d = document.createElement('span');
      d.className = 'detail';
      d.textContent = acc.detail;
      b.append(d);
    }
    li.append(b);
    return li;
  }));
  $('chooser').hidden = false;
});
`;

// Added to every page before its own scripts: notes when the chosen account and a listed account are in the DOM.
const SHOWN_WATCH = () => {
  if (location.protocol !== 'chrome-extension:') return;
  const check = () => {
    const chooser = document.getElementById('chooser');
    const chosen = document.getElementById('chosen');
    if (!chooser || chooser.hidden || !chosen?.textContent.startsWith('✓')) return false;
    if (!document.querySelector('#accounts li button')) return false;
    globalThis.benchShownAt = performance.now();
    return true;
  };
  const watch = new MutationObserver(() => check() && watch.disconnect());
  watch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
};

async function bareExtension(dir) {
  await cp(h.EXTENSION, dir, { recursive: true });
  const popupHtml = await readFile(path.join(h.EXTENSION, 'popup/popup.html'), 'utf8');
  // The bare page connects from its one module script: the popup's early port (popup/early-port.js) is left out.
  const bareHtml = popupHtml.replace('href="popup.css"', 'href="../popup/popup.css"')
    .replace(/\s*<!--[^>]*-->\s*<script src="early-port.js"><\/script>/, '')
    .replace(/<script type="module" src="popup.js"><\/script>/, '<script type="module" src="bare.js"></script>');
  if (!bareHtml.includes('bare.js') || bareHtml.includes('early-port.js')) {
    throw new Error('popup.html changed shape: update the bare page');
  }
  await mkdir(path.join(dir, 'bench-bare'));
  await writeFile(path.join(dir, 'bench-bare', 'bare.html'), bareHtml);
  await writeFile(path.join(dir, 'bench-bare', 'bare.js'), BARE_JS);
}

/** Opens `url` in a new tab and returns when the page showed the chosen account and its list (ms from navigation). */
async function openAndTime(context, url) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(url);
  await page.waitForFunction(() => globalThis.benchShownAt, null, { timeout: 20_000 });
  // Where the time went: the document parsed, its scripts run (DOMContentLoaded, after module scripts), shown.
  const ms = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { shown: globalThis.benchShownAt, parsed: nav.domInteractive, scripts: nav.domContentLoadedEventEnd };
  });
  await page.close();
  return ms;
}


let fake;
let stateDir;
let profile;
let extension;
let browser;
const t0 = performance.now();
try {
  fake = await h.startZoho();
  stateDir = await h.hostState();
  profile = await h.tempDir('bench-popup-profile');
  extension = await h.tempDir('bench-popup-extension');
  await bareExtension(extension);
  browser = await h.launchChromium({ profile, stateDir, extension });
  await browser.context.addInitScript(SHOWN_WATCH);
  await h.configure(browser.worker, fake, { accountSource: { type: 'users' } });

  // Sign in as a person would, then choose the first listed account.
  const popup = await h.openPopup(browser.context);
  await popup.waitForSelector('#signin:not([hidden])');
  const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
  await auth.waitForSelector('#accept');
  await auth.click('#accept');
  await popup.waitForSelector('#accounts li button', { timeout: 20_000 });
  await popup.click('#accounts li button');
  await popup.waitForFunction(() => document.getElementById('chosen').textContent.startsWith('✓'));
  const listed = await popup.locator('#accounts li button').count();
  await popup.close();

  const urls = {
    popup: `chrome-extension://${h.EXTENSION_ID}/popup/popup.html`,
    bare: `chrome-extension://${h.EXTENSION_ID}/bench-bare/bare.html`,
  };
  const times = { popup: [], bare: [] };
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const order = i % 2 === 0 ? ['popup', 'bare'] : ['bare', 'popup'];
    for (const which of order) {
      const ms = await openAndTime(browser.context, urls[which]);
      if (i >= WARMUP) times[which].push(ms);
    }
  }

  const phase = (which, key) => median(times[which].map((t) => t[key]));
  const popupStats = stats(times.popup.map((t) => t.shown));
  const bareStats = stats(times.bare.map((t) => t.shown));
  const phases = Object.fromEntries(['popup', 'bare'].map((w) => [w, { parsed_ms: phase(w, 'parsed'),
    scripts_run_ms: phase(w, 'scripts'), shown_ms: phase(w, 'shown') }]));
  const ratio = popupStats.median_ms / bareStats.median_ms;
  const result = {
    chromium: browser.context.browser()?.version() ?? 'unknown',
    rounds: ROUNDS,
    warmup: WARMUP,
    accounts_listed: listed,
    popup: popupStats,
    bare: bareStats,
    ratio_median: ratio,
    phases,
    target_ratio_median: TARGET,
    meets_target: ratio <= TARGET,
    seconds: (performance.now() - t0) / 1000,
  };
  const f = (x) => `${x.toFixed(1)} ms`;
  const md = [
    `## Extension: popup opened → chosen account and list shown, against a bare page (headless Chromium${result.chromium !== 'unknown' ? ` ${result.chromium}` : ''})`,
    '',
    `${ROUNDS} rounds (after ${WARMUP} not measured), each opening both pages in a new tab, alternating which goes first;`
      + ` the background already running, CRM users as the accounts (${listed} listed), one chosen. Times from the`
      + ' page\'s navigation start to the DOM holding the chosen account and a listed account.',
    '',
    '| page | median | p95 | min |',
    '|---|---|---|---|',
    `| popup (popup.html, popup.js) | ${f(popupStats.median_ms)} | ${f(popupStats.p95_ms)} | ${f(popupStats.min_ms)} |`,
    `| bare page (same DOM from the port's first message) | ${f(bareStats.median_ms)} | ${f(bareStats.p95_ms)} | ${f(bareStats.min_ms)} |`,
    '',
    '| page, medians | document parsed | scripts run (DOMContentLoaded) | shown |',
    '|---|---|---|---|',
    ...['popup', 'bare'].map((w) => `| ${w} | ${f(phases[w].parsed_ms)} | ${f(phases[w].scripts_run_ms)} | ${f(phases[w].shown_ms)} |`),
    '',
    `Target: popup median ≤ ${TARGET}× the bare page's — **${result.meets_target ? 'PASS' : 'MISS'}** (${ratio.toFixed(2)}×).`,
    '',
  ].join('\n');
  process.stdout.write(md);
  if (opt.json) await writeFile(opt.json, `${JSON.stringify(result, null, 1)}\n`);
  if (opt.md) await writeFile(opt.md, md);
} finally {
  await browser?.context.close();
  await fake?.close();
  await h.cleanup(stateDir, profile, extension);
}
