// Benchmark (issue 15): first results on screen after the popup opens, with 100,000 accounts cached, after a browser
// restart. Headless Chromium with the unpacked extension, the real host and the local fake Zoho (the end-to-end
// harness of tests/e2e, imported, not copied).
//
//   ZCRM_BUILD_DIR=build-bench node bench/extension/popup-first-results.mjs [--quick] [--rounds N] [--count N]
//     [--json F] [--md F]
//
// One sign-in and one full sync of the module at the fake, then per round: the browser is closed and started again on
// the same profile, and the popup opened. The time is the popup's own User Timing mark `zcrm:first-results` (set when
// it first lists accounts; from the popup's navigation start), with the fake holding every Zoho CRM call, so the list
// can only come from the encrypted cache. Two cases per round:
//   - "after restart": the popup opened once the browser has started: its background started with it and has done
//     its start-up work (settings, the host's status, the cached first screen read), as when a person clicks the
//     icon a moment after the browser opened;
//   - "cold background": the same, with the background stopped first (as after 30 s idle), so the popup's own
//     message starts it, and it starts the host.
// --quick (bench/run.sh --quick): 20,000 accounts, 2 rounds; the 100 ms target is only judged at 100,000.
/* global document -- functions below run inside the popup */
import { writeFile } from 'node:fs/promises';
import { performance as clock } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as h from '../../tests/e2e/harness.mjs';
import { stats } from './stats.mjs';

const { values: opt } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' },
  count: { type: 'string' }, json: { type: 'string' }, md: { type: 'string' } } });
const TARGET_COUNT = 100_000;
const TARGET_MS = 100; // issue 15: first results on screen ≤ 100 ms after the popup opens, 100,000 cached
const COUNT = Number(opt.count ?? (opt.quick ? 20_000 : TARGET_COUNT));
const ROUNDS = Number(opt.rounds ?? (opt.quick ? 2 : 10));
const LONG = { timeout: 600_000 };
const MARK = 'zcrm:first-results'; // extension/popup/popup.js

// Opens the popup with every CRM call held, and answers the mark's time and the page's DOMContentLoaded.
async function firstResults(context, fake) {
  const release = fake.holdCrm();
  try {
    const popup = await h.openPopup(context);
    await popup.waitForSelector('#accounts li button', { timeout: 60_000 });
    const t = await popup.evaluate((mark) => ({ first: performance.getEntriesByName(mark)[0]?.startTime ?? null,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null }), MARK);
    await popup.close();
    if (t.first === null) throw new Error(`the popup listed accounts without its ${MARK} mark`);
    return t;
  } finally {
    release();
  }
}

async function stopBackground(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.close();
}

let fake;
let stateDir;
let profile;
let browser;
const t0 = clock.now();
try {
  fake = await h.startZoho({ records: { Accounts: COUNT } });
  stateDir = await h.hostState();
  profile = await h.tempDir('bench-first-results-profile');
  browser = await h.launchChromium({ profile, stateDir });
  await h.configure(browser.worker, fake);
  const popup = await h.openPopup(browser.context);
  const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
  await auth.click('#accept');
  const synced = clock.now();
  await popup.waitForFunction((n) => document.getElementById('accounts-status').textContent
    .startsWith(`${n} accounts · synced at`), Math.min(COUNT, TARGET_COUNT).toLocaleString('en-US'), LONG);
  const syncMs = clock.now() - synced;
  await popup.close();

  const times = { restart: [], cold: [], restartDcl: [], coldDcl: [] };
  for (let i = 0; i < ROUNDS; i++) {
    await browser.context.close();
    browser = await h.launchChromium({ profile, stateDir });
    // The background's start-up read of the first screen, done (it answers the one under way, or at once).
    if (!(await browser.worker.evaluate(() => globalThis.zcrm.accounts.preloadFirstScreen()))) {
      throw new Error('the background found no cached first screen after the restart');
    }
    const warm = await firstResults(browser.context, fake);
    times.restart.push(warm.first);
    times.restartDcl.push(warm.dcl);
    await stopBackground(browser.context);
    const cold = await firstResults(browser.context, fake);
    times.cold.push(cold.first);
    times.coldDcl.push(cold.dcl);
  }

  const restart = stats(times.restart);
  const cold = stats(times.cold);
  const judged = COUNT >= TARGET_COUNT;
  const result = {
    chromium: browser.context.browser()?.version() ?? 'unknown',
    accounts: COUNT,
    rounds: ROUNDS,
    first_sync_ms: syncMs,
    after_restart: restart,
    after_restart_dom_content_loaded: stats(times.restartDcl),
    cold_background: cold,
    cold_background_dom_content_loaded: stats(times.coldDcl),
    target_ms: TARGET_MS,
    meets_target: judged ? restart.median_ms <= TARGET_MS : null,
    seconds: (clock.now() - t0) / 1000,
  };
  const f = (x) => `${x.toFixed(1)} ms`;
  const row = (name, s, d) => `| ${name} | ${f(s.median_ms)} | ${f(s.p95_ms)} | ${f(s.min_ms)} | ${f(stats(d).median_ms)} |`;
  const verdict = judged ? `**${result.meets_target ? 'PASS' : 'MISS'}**` : `not judged below ${TARGET_COUNT.toLocaleString('en-US')}`;
  const md = [
    `## Extension: first results in the popup after a browser restart, ${COUNT.toLocaleString('en-US')} accounts cached (headless Chromium${result.chromium !== 'unknown' ? ` ${result.chromium}` : ''})`,
    '',
    `${ROUNDS} restarts of the browser on one profile; every Zoho CRM call held, so the list comes from the encrypted`
      + ' cache. Times from the popup\'s navigation start to its first listed accounts (its `zcrm:first-results` mark).'
      + ` First full sync: ${(syncMs / 1000).toFixed(1)} s.`,
    '',
    '| popup opened | median | p95 | min | DOMContentLoaded, median |',
    '|---|---|---|---|---|',
    row('after a browser restart (background started with the browser)', restart, times.restartDcl),
    row('with the background stopped first (the popup starts it and the host)', cold, times.coldDcl),
    '',
    `Target: first results ≤ ${TARGET_MS} ms after a restart, median — ${verdict}.`,
    '',
  ].join('\n');
  process.stdout.write(md);
  if (opt.json) await writeFile(opt.json, `${JSON.stringify(result, null, 1)}\n`);
  if (opt.md) await writeFile(opt.md, md);
} finally {
  await browser?.context.close();
  await fake?.close();
  await h.cleanup(stateDir, profile);
}
