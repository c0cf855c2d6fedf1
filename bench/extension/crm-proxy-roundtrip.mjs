// Benchmark (issue 14): a web page calling Zoho CRM through the extension's proxy against the same call made by the
// page itself with the token, in a real headless Chromium with the unpacked extension, the real host and the local
// fake Zoho (the Chromium end-to-end harness of tests/e2e, imported, not copied).
//
//   ZCRM_BUILD_DIR=build-bench node bench/extension/crm-proxy-roundtrip.mjs [--quick] [--calls N] [--json F] [--md F]
//
// One Chromium run: sign in through the popup and Zoho's (fake) consent page, allow the page's origin at level
// `crm` with module `users` (GET), then, from inside the page, call by call and alternating which goes first:
//   proxied  chrome.runtime.sendMessage(extId, {type: 'crm.request', method: 'GET', path: '/crm/v8/users',
//            params: {type: 'CurrentUser'}}) until the answer;
//   direct   fetch(`${api}/crm/v8/users?type=CurrentUser`, {headers: {Authorization: 'Zoho-oauthtoken …'}}) and its
//            JSON, against the same fake. The token for this comparison only is read from the host once, before the
//            calls, with the harness's askHost (one host process started by the benchmark, before the watch);
//   floor    a message the background refuses at once ({type: 'bench.noop'}): the page → extension messaging alone.
// Both CRM paths are cross-origin requests with an Authorization header, so both need a CORS preflight; warm-up
// calls (not measured) fill Chromium's preflight cache for both before the measured calls.
// What reached Zoho is read from the fake's request log: every proxied call must arrive exactly once, with the
// extension's origin and an Authorization header, and every direct call with the page's origin.
// Host processes: every process whose argv[0] is the built host is listed from /proc before, during (polled every
// 2 ms, from a worker thread) and after the calls, as webapp-roundtrip.mjs does; a process per request would show
// as new PIDs.
/* global chrome -- the functions passed to page.evaluate run in the page */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import * as h from '../../tests/e2e/harness.mjs';
import { startWebApp } from '../../tests/e2e/web-server.mjs';
import { stats } from './stats.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    calls: { type: 'string' },
    warmup: { type: 'string' },
    json: { type: 'string' },
    md: { type: 'string' },
  },
});
const CALLS = Number(opt.calls ?? (opt.quick ? 30 : 500));
const WARMUP = Number(opt.warmup ?? (opt.quick ? 5 : 20));
const TARGET = 1.3; // issue 14: proxied median ≤ 1.3× the direct call's
const HOST = path.resolve(h.BUILD, 'host/zcrm-bridge'); // absolute, as argv[0] of the hosts Chromium starts
const SCOPE = { client_id: h.CLIENT_ID, dc: 'us' };
const CRM_PATH = '/crm/v8/users';
const PARAMS = { type: 'CurrentUser' };

// A host of this run: argv[0] is the built host and its environment names this run's state folder (Chromium passes
// ZCRM_BRIDGE_HOME on to the hosts it starts). On a shared machine other test runs start the same binary.
let stateMark = null; // `ZCRM_BRIDGE_HOME=<stateDir>`, set once the folder exists

/** PIDs of running host processes of this run. */
async function hostPids() {
  const pids = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv0 = (await readFile(`/proc/${entry}/cmdline`, 'latin1')).split('\0')[0];
      if (argv0 !== HOST) continue;
      const env = (await readFile(`/proc/${entry}/environ`, 'latin1')).split('\0');
      if (env.includes(stateMark)) pids.push(Number(entry));
    } catch {
      // the process exited while we looked
    }
  }
  return pids.sort((a, b) => a - b);
}

// The /proc watch runs in a worker thread: the fake Zoho answers from this process's event loop, and a scan of
// /proc every 2 ms on that loop would delay its answers. It reads a process's argv[0] only while the process is
// new (its first 200 ms: a process started by fork and exec shows its parent's argv[0] until the exec), then
// remembers it: reading every process's cmdline every 2 ms keeps a whole CPU busy, which on a 2-CPU machine
// slows Chromium and the fake and the very calls being measured.
const WATCH_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
const seen = new Set();
const other = new Set(); // PIDs known not to be a host of this run
const firstSeen = new Map(); // PID -> when it was first listed
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const now = Date.now();
    for (const entry of readdirSync('/proc')) {
      if (!/^\\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (seen.has(pid) || other.has(pid)) continue;
      if (!firstSeen.has(pid)) firstSeen.set(pid, now);
      try {
        if (readFileSync('/proc/' + entry + '/cmdline', 'latin1').split('\\0')[0] === workerData.host
          && readFileSync('/proc/' + entry + '/environ', 'latin1').split('\\0').includes(workerData.mark)) {
          seen.add(pid);
        } else if (now - firstSeen.get(pid) > 200) other.add(pid);
      } catch { other.add(pid); }
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  parentPort.postMessage([...seen].sort((a, b) => a - b));
})();
`;

/** Polls /proc (in a worker thread) until stopped; returns every host PID seen. */
async function watchHosts() {
  const worker = new Worker(WATCH_SOURCE, { eval: true, workerData: { host: HOST, mark: stateMark } });
  await new Promise((resolve, reject) => { worker.once('online', resolve); worker.once('error', reject); });
  return {
    stop: async () => {
      const seen = new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
      worker.postMessage('stop');
      const pids = await seen;
      await worker.terminate();
      return pids;
    },
  };
}


/** Runs `calls` rounds inside the page; see the header. Returns the three series and the first wrong answer. */
function runInPage(page, { extId, api, token, calls, email }) {
  return page.evaluate(async ({ extId, api, token, calls, email, crmPath, params }) => {
    const ask = (message) => new Promise((resolve, reject) => {
      chrome.runtime.sendMessage(extId, message, (answer) => {
        if (chrome.runtime.lastError) reject(new Error(chrome.runtime.lastError.message));
        else resolve(answer);
      });
    });
    const url = `${api}${crmPath}?${new URLSearchParams(params)}`;
    const proxied = [];
    const direct = [];
    const floor = [];
    let wrong = null;
    const viaProxy = async () => {
      const t = performance.now();
      const a = await ask({ type: 'crm.request', method: 'GET', path: crmPath, params });
      proxied.push(performance.now() - t);
      if (!a?.ok || a.status !== 200 || a.body?.users?.[0]?.email !== email) wrong ??= { proxied: a };
    };
    const byPage = async () => {
      const t = performance.now();
      // Default cache mode, as a web app would call: Zoho's answer says no-store, and Chromium then keeps the
      // CORS preflight in its cache (cache: 'no-store' would also bypass the preflight cache).
      const res = await fetch(url, { headers: { Authorization: `Zoho-oauthtoken ${token}` }, credentials: 'omit' });
      const body = await res.json();
      direct.push(performance.now() - t);
      if (res.status !== 200 || body?.users?.[0]?.email !== email) wrong ??= { direct: { status: res.status, body } };
    };
    const noop = async () => {
      const t = performance.now();
      const f = await ask({ type: 'bench.noop' });
      floor.push(performance.now() - t);
      if (f?.error?.code !== 'UNKNOWN_TYPE') wrong ??= { floor: f };
    };
    for (let i = 0; i < calls; i++) {
      // Alternate which path goes first, so neither always runs right after the other.
      if (i % 2 === 0) { await viaProxy(); await byPage(); } else { await byPage(); await viaProxy(); }
      await noop();
    }
    return { proxied, direct, floor, wrong };
  }, { extId, api, token, calls, email, crmPath: CRM_PATH, params: PARAMS });
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
  stateMark = `ZCRM_BRIDGE_HOME=${stateDir}`;
  profile = await h.tempDir('bench-crm-profile');
  browser = await h.launchChromium({ profile, stateDir });
  // Accounts from CRM users (one page), so that the chooser's loading after sign-in is over long before the calls.
  await h.configure(browser.worker, fake, { accountSource: { type: 'users' },
    webApps: [{ origin: web.allowed, level: 'crm', modules: [{ name: 'users', methods: ['GET'] }] }] });

  // Sign in as a person would: the popup's button, Zoho's (fake) consent page.
  const popup = await h.openPopup(browser.context);
  await popup.waitForSelector('#signin:not([hidden])');
  const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
  await auth.waitForSelector('#accept');
  await auth.click('#accept');
  const held = await h.waitFor(async () => {
    const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...SCOPE }]);
    return t.ok && t;
  }, 'the host to hold a token', 20_000);
  await popup.close();
  // The direct calls' token, for the benchmark only (a page at level crm never gets it).
  const token = held.access_token;
  const api = fake.url;
  const email = fake.users[0].email;

  const page = await browser.context.newPage();
  await page.goto(`${web.allowed}/plain`);
  const settingsAsked = await browser.worker.evaluate(() => globalThis.zcrm.session.settings?.crmConcurrency);

  // Warm-up (not measured): the service worker's first fetch, the proxy's token from the host, both preflights.
  const warm = await runInPage(page, { extId: h.EXTENSION_ID, api, token, calls: WARMUP, email });
  if (warm.wrong) throw new Error(`unexpected answer during warm-up: ${JSON.stringify(warm.wrong)}`);

  // Where the proxied call's time goes, timed inside the service worker: the proxy's whole handling of a
  // crm.request (bg/crm-proxy.js request(): checks, queue, token, fetch, body, scrubbing) and, within it, its fetch
  // until Zoho's headers. Two performance.now() calls each; the rest of a proxied call is the page ↔ extension
  // messaging, the answer's serialisation included.
  await browser.worker.evaluate((api) => {
    const proxy = globalThis.zcrm.proxy;
    const request = proxy.request.bind(proxy);
    const fetchOrig = globalThis.fetch;
    globalThis.benchTimes = { handle: [], fetch: [] };
    proxy.request = async (...a) => {
      const t = performance.now();
      try { return await request(...a); } finally { globalThis.benchTimes.handle.push(performance.now() - t); }
    };
    globalThis.fetch = async (...a) => {
      const t = performance.now();
      try { return await fetchOrig(...a); } finally {
        if (String(a[0]).startsWith(api)) globalThis.benchTimes.fetch.push(performance.now() - t);
      }
    };
  }, api);

  fake.clearApiLog();
  fake.resetMaxInFlight();
  const before = await hostPids();
  const watch = await watchHosts();
  const inPage = await runInPage(page, { extId: h.EXTENSION_ID, api, token, calls: CALLS, email });
  const during = await watch.stop();
  const after = await hostPids();
  if (inPage.wrong) throw new Error(`unexpected answer: ${JSON.stringify(inPage.wrong)}`);
  const started = during.filter((pid) => !before.includes(pid));
  const inWorker = await browser.worker.evaluate(() => globalThis.benchTimes);

  // What reached Zoho during the measured calls.
  // The page's calls are cross-origin and carry its Origin; the extension's carry none (its host permission makes
  // them not CORS requests) or its own.
  const extOrigin = `chrome-extension://${h.EXTENSION_ID}`;
  const calls = fake.apiLog.filter((e) => e.method === 'GET' && e.path === CRM_PATH);
  const fromExtension = calls.filter((e) => e.origin === null || e.origin === extOrigin);
  const fromPage = calls.filter((e) => e.origin === web.allowed);
  const preflights = fake.apiLog.filter((e) => e.method === 'OPTIONS').length;
  const reached = {
    proxied: fromExtension.length,
    direct: fromPage.length,
    other: fake.apiLog.length - fromExtension.length - fromPage.length - preflights,
    preflights,
    all_with_authorization: calls.every((e) => e.authorization),
    all_200: calls.every((e) => e.status === 200),
    max_in_flight: fake.maxInFlight,
  };
  if (reached.proxied !== CALLS || reached.direct !== CALLS || !reached.all_with_authorization || !reached.all_200) {
    throw new Error(`what reached the fake does not match the calls: ${JSON.stringify(reached)}`);
  }

  const proxied = stats(inPage.proxied);
  const direct = stats(inPage.direct);
  const floor = stats(inPage.floor);
  const ratio = proxied.median_ms / direct.median_ms;
  const result = {
    chromium: browser.context.browser()?.version() ?? 'unknown',
    host: HOST,
    calls: CALLS,
    warmup: WARMUP,
    crm_concurrency_setting: settingsAsked ?? null,
    proxied,
    direct,
    messaging_floor: floor,
    ratio_median: ratio,
    ratio_p95: proxied.p95_ms / direct.p95_ms,
    target_ratio_median: TARGET,
    meets_target: ratio <= TARGET,
    // The proxy's cost beyond the page's own call, and how much of it is the page → extension messaging alone.
    overhead_median_ms: proxied.median_ms - direct.median_ms,
    messaging_share_of_overhead: (proxied.median_ms - direct.median_ms) > 0
      ? floor.median_ms / (proxied.median_ms - direct.median_ms) : null,
    inside_extension: { proxy_handling: stats(inWorker.handle), proxy_fetch_to_headers: stats(inWorker.fetch) },
    // Per call: the proxied call's time outside the proxy's handling = messaging both ways and the answer's transport.
    messaging_and_transport: stats(inPage.proxied.map((x, i) => x - inWorker.handle[i])),
    reached_zoho: reached,
    token_for_direct_calls: 'read once from the host with askHost (token.get) before the calls',
    host_processes: { before, seen_during: during, after, started_during_calls: started.length },
    // The watch saw the running host (it works) and nothing else; the same host before and after.
    watch_saw_the_host: before.length >= 1 && before.every((pid) => during.includes(pid)),
    no_process_per_request: started.length === 0 && before.length >= 1 && before.every((pid) => during.includes(pid))
      && JSON.stringify(before) === JSON.stringify(after),
    seconds: (performance.now() - t0) / 1000,
  };

  const f = (x) => `${x.toFixed(3)} ms`;
  const lines = [];
  lines.push(`## Extension: web app → Zoho CRM through the proxy vs directly (headless Chromium${result.chromium !== 'unknown' ? ` ${result.chromium}` : ''})`);
  lines.push('');
  lines.push(`An allowed page (${web.allowed}, level \`crm\`, module \`users\` GET) asks for \`GET ${CRM_PATH}?type=CurrentUser\` `
    + `${CALLS} times through \`chrome.runtime.sendMessage(extId, {type: 'crm.request', …})\` and ${CALLS} times itself with `
    + `\`fetch\` and the token, alternating call by call, against the same local fake Zoho (${WARMUP} warm-up rounds first). `
    + 'The floor is a message the background refuses at once.');
  lines.push('');
  lines.push('| figure | median | p95 | max | ratio to direct (median / p95) |');
  lines.push('|---|---|---|---|---|');
  lines.push(`| proxied \`crm.request\` (page → extension → Zoho → page) | ${f(proxied.median_ms)} | ${f(proxied.p95_ms)} | ${f(proxied.max_ms)} | **${ratio.toFixed(2)}×** / ${result.ratio_p95.toFixed(2)}× |`);
  lines.push(`| direct \`fetch\` with the token (page → Zoho) | ${f(direct.median_ms)} | ${f(direct.p95_ms)} | ${f(direct.max_ms)} | 1× |`);
  lines.push(`| messaging floor (unknown type) | ${f(floor.median_ms)} | ${f(floor.p95_ms)} | ${f(floor.max_ms)} | – |`);
  lines.push(`| — inside the extension: the proxy's handling of one call (checks, queue, token, fetch, body, scrubbing) | ${f(result.inside_extension.proxy_handling.median_ms)} | ${f(result.inside_extension.proxy_handling.p95_ms)} | ${f(result.inside_extension.proxy_handling.max_ms)} | – |`);
  lines.push(`| — of which its fetch to Zoho, until the headers | ${f(result.inside_extension.proxy_fetch_to_headers.median_ms)} | ${f(result.inside_extension.proxy_fetch_to_headers.p95_ms)} | ${f(result.inside_extension.proxy_fetch_to_headers.max_ms)} | – |`);
  lines.push(`| — the rest of each proxied call: page ↔ extension messaging and the answer's transport | ${f(result.messaging_and_transport.median_ms)} | ${f(result.messaging_and_transport.p95_ms)} | ${f(result.messaging_and_transport.max_ms)} | – |`);
  lines.push('');
  lines.push(`Target: proxied median ≤ ${TARGET}× direct — **${result.meets_target ? 'PASS' : 'MISS'}** (${ratio.toFixed(2)}×). `
    + `Proxied minus direct, medians: ${f(result.overhead_median_ms)}; the page → extension messaging alone: ${f(floor.median_ms)}.`);
  lines.push('');
  lines.push(`Reached the fake Zoho during the measured calls: ${reached.proxied} proxied calls (no Origin, or ${extOrigin}), `
    + `${reached.direct} direct calls (origin ${web.allowed}), all with an Authorization header and answered 200; `
    + `${reached.preflights} preflights; ${reached.other} other requests; at most ${reached.max_in_flight} in flight at once.`);
  lines.push('');
  lines.push(`Host processes (argv[0] = ${path.relative(h.ROOT, HOST)}): before ${JSON.stringify(before)}, after ${JSON.stringify(after)},`
    + ` new ones seen while the calls ran (/proc polled every 2 ms): ${started.length}.`
    + ` ${result.no_process_per_request ? '**No host process was started per request.**'
      : !result.watch_saw_the_host ? '**The watch did not see the running host: no verdict.**'
        : '**A host process was started during the calls.**'}`
    + ' The direct calls\' token was read from the host once, before the watch (askHost).');
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
