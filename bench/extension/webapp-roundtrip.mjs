// Benchmark: an allowed web page asks the extension for the chosen account, in a real headless Chromium with the
// unpacked extension and the real host (the Chromium end-to-end harness of tests/e2e, imported, not copied).
//
//   ZCRM_BUILD_DIR=build-bench node bench/extension/webapp-roundtrip.mjs [--quick] [--calls N] [--json F] [--md F]
//
// Measures, from inside the page, chrome.runtime.sendMessage(extId, {type: 'getAccount'}) until the answer arrives,
// interleaved call by call with a message the background answers without any work ({type: 'bench.noop'}: an unknown
// type, refused at once), which is the messaging floor of the same page and browser. Also a few getAccount calls
// spaced beyond the background's 2 s cache, which go to the host over the open connectNative port.
//
// Host processes: every process whose argv[0] is the built host is listed from /proc before, during (polled every
// 2 ms from a second process-free timer) and after the calls. A process per request would show as new PIDs.
/* global chrome -- the functions passed to page.evaluate run in the page */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as h from '../../tests/e2e/harness.mjs';
import { startWebApp } from '../../tests/e2e/web-server.mjs';
import { stats } from './stats.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    calls: { type: 'string' },
    spaced: { type: 'string' },
    json: { type: 'string' },
    md: { type: 'string' },
  },
});
const CALLS = Number(opt.calls ?? (opt.quick ? 50 : 500));
const SPACED = Number(opt.spaced ?? (opt.quick ? 1 : 8)); // calls after the 2 s cache has expired
const CACHE_MS = 2000; // extension/bg/session.js ACCOUNT_FRESH_MS
const HOST = path.join(h.BUILD, 'host/zcrm-bridge');
const ACCOUNT = { id: '4150868000000225013', name: 'Zylker Inc', kind: 'record', module: 'Accounts' };

/** PIDs of running host processes (argv[0] is the built host). */
async function hostPids() {
  const pids = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv0 = (await readFile(`/proc/${entry}/cmdline`, 'latin1')).split('\0')[0];
      if (argv0 === HOST) pids.push(Number(entry));
    } catch {
      // the process exited while we looked
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Polls /proc until stopped; returns every host PID seen. */
function watchHosts() {
  const seen = new Set();
  let stop = false;
  const done = (async () => {
    while (!stop) {
      for (const pid of await hostPids()) seen.add(pid);
      await new Promise((r) => setTimeout(r, 2));
    }
    return [...seen].sort((a, b) => a - b);
  })();
  return { stop: () => { stop = true; return done; } };
}


let web;
let fake;
let stateDir;
let profile;
let browser;
const t0 = performance.now();
try {
  web = await startWebApp();
  fake = await h.startZoho();
  stateDir = await h.hostState();
  profile = await h.tempDir('bench-profile');
  browser = await h.launchChromium({ profile, stateDir });
  await h.configure(browser.worker, fake, { webApps: [{ origin: web.allowed, canReadToken: false }] });
  const chosen = await browser.worker.evaluate((a) => globalThis.zcrm.session.choose(a), ACCOUNT);
  if (chosen.id !== ACCOUNT.id) throw new Error(`account.choose answered ${JSON.stringify(chosen)}`);

  const page = await browser.context.newPage();
  await page.goto(`${web.allowed}/`);
  await page.waitForSelector(`#account[data-id="${ACCOUNT.id}"]`); // the example app got it through the bridge

  const before = await hostPids();
  const watch = watchHosts();
  // Call by call, alternating getAccount with the floor message, all from inside the page.
  const inPage = await page.evaluate(async ({ extId, calls }) => {
    const ask = (message) => new Promise((resolve, reject) => {
      chrome.runtime.sendMessage(extId, message, (answer) => {
        if (chrome.runtime.lastError) reject(new Error(chrome.runtime.lastError.message));
        else resolve(answer);
      });
    });
    const account = [];
    const floor = [];
    let wrong = null;
    for (let i = 0; i < calls; i++) {
      let t = performance.now();
      const a = await ask({ type: 'getAccount' });
      account.push(performance.now() - t);
      if (!a?.ok || !a.account?.id) wrong = a;
      t = performance.now();
      const f = await ask({ type: 'bench.noop' });
      floor.push(performance.now() - t);
      if (f?.error?.code !== 'UNKNOWN_TYPE') wrong = f;
    }
    return { account, floor, wrong };
  }, { extId: h.EXTENSION_ID, calls: CALLS });
  if (inPage.wrong) throw new Error(`unexpected answer: ${JSON.stringify(inPage.wrong)}`);

  // Beyond the cache: after each pause the background must ask the host (account.get on its open port). A floor
  // message right before it shows what the pause alone costs (an idle renderer and service worker waking up).
  const spaced = [];
  const spacedFloor = [];
  for (let i = 0; i < SPACED; i++) {
    await new Promise((r) => setTimeout(r, CACHE_MS + 150));
    const [floorMs, accountMs] = await page.evaluate(async (extId) => {
      const ask = (message) => new Promise((resolve) => chrome.runtime.sendMessage(extId, message, resolve));
      let t = performance.now();
      await ask({ type: 'bench.noop' });
      const f = performance.now() - t;
      t = performance.now();
      const a = await ask({ type: 'getAccount' });
      if (!a?.ok) throw new Error(JSON.stringify(a));
      return [f, performance.now() - t];
    }, h.EXTENSION_ID);
    spacedFloor.push(floorMs);
    spaced.push(accountMs);
  }
  const during = await watch.stop();
  const after = await hostPids();
  const started = during.filter((pid) => !before.includes(pid));

  const account = stats(inPage.account);
  const floor = stats(inPage.floor);
  const result = {
    chromium: browser.context.browser()?.version() ?? 'unknown',
    host: HOST,
    calls: CALLS,
    get_account: account,
    messaging_floor: floor,
    ratio_median: account.median_ms / floor.median_ms,
    ratio_p95: account.p95_ms / floor.p95_ms,
    beyond_cache: SPACED ? stats(spaced) : null,
    beyond_cache_floor: SPACED ? stats(spacedFloor) : null,
    host_processes: { before, seen_during: during, after, started_during_calls: started.length },
    no_process_per_request: started.length === 0 && before.length >= 1 && JSON.stringify(before) === JSON.stringify(after),
    seconds: (performance.now() - t0) / 1000,
  };

  const f = (x) => `${x.toFixed(3)} ms`;
  const lines = [];
  lines.push(`## Extension: web app → chosen account round trip (headless Chromium${result.chromium !== 'unknown' ? ` ${result.chromium}` : ''})`);
  lines.push('');
  lines.push(`An allowed page (${web.allowed}, examples/web-app) calls \`chrome.runtime.sendMessage(extId, {type: 'getAccount'})\``
    + ` ${CALLS} times, alternating with a message the background refuses at once (the messaging floor).`);
  lines.push('');
  lines.push('| figure | median | p95 | max | ratio to floor (median / p95) |');
  lines.push('|---|---|---|---|---|');
  lines.push(`| \`getAccount\` round trip | ${f(account.median_ms)} | ${f(account.p95_ms)} | ${f(account.max_ms)} | ${result.ratio_median.toFixed(2)}× / ${result.ratio_p95.toFixed(2)}× |`);
  lines.push(`| messaging floor (unknown type) | ${f(floor.median_ms)} | ${f(floor.p95_ms)} | ${f(floor.max_ms)} | 1× |`);
  if (SPACED) {
    lines.push(`| \`getAccount\` after a ${CACHE_MS + 150} ms pause: cache expired, the background asks the host over its open port (${SPACED} calls) | ${f(result.beyond_cache.median_ms)} | ${f(result.beyond_cache.p95_ms)} | ${f(result.beyond_cache.max_ms)} | ${(result.beyond_cache.median_ms / result.beyond_cache_floor.median_ms).toFixed(2)}× |`);
    lines.push(`| messaging floor right after the same pause | ${f(result.beyond_cache_floor.median_ms)} | ${f(result.beyond_cache_floor.p95_ms)} | ${f(result.beyond_cache_floor.max_ms)} | 1× |`);
  }
  lines.push('');
  lines.push(`Host processes (argv[0] = ${path.relative(h.ROOT, HOST)}): before ${JSON.stringify(before)}, after ${JSON.stringify(after)},`
    + ` new ones seen while the calls ran (/proc polled every 2 ms): ${started.length}.`
    + ` ${result.no_process_per_request ? '**No host process was started per request**: the background answers from its cache and its one connectNative port.' : '**A host process was started during the calls.**'}`);
  const md = `${lines.join('\n')}\n`;
  process.stdout.write(md);
  if (opt.json) await writeFile(opt.json, `${JSON.stringify(result, null, 1)}\n`);
  if (opt.md) await writeFile(opt.md, md);
  await page.close();
} finally {
  await browser?.context.close();
  await fake?.close();
  web?.close();
  await h.cleanup(stateDir, profile);
}
