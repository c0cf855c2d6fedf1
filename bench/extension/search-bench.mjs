// Benchmark: the account chooser's search (AccountIndex from extension/lib/accounts.js) over 50 000 accounts, one
// search per keystroke as a person types, compared with a 16 ms frame budget.
//
//   node bench/extension/search-bench.mjs [--quick] [--count N] [--json FILE] [--md FILE]
//
// What a keystroke costs here is AccountIndex.search alone (the popup's message to the background and its DOM
// update come on top). Data are deterministic, so every run measures the same work.
//
// Each search is timed twice: wall time (performance.now) and CPU time (process.cpuUsage: user + system of the
// whole process, so GC threads count). On a machine shared with other work the wall time also holds the time this
// process waited for a CPU; the CPU time is the search's own cost. Both are reported; the frame-budget verdict uses
// the CPU time, and says whether the wall time held as well.
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AccountIndex } from '../../extension/lib/accounts.js';
import { fakeAccounts } from './fake-accounts.mjs';
import { pct, median } from './stats.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    count: { type: 'string', default: '50000' },
    json: { type: 'string' },
    md: { type: 'string' },
  },
});
const COUNT = Number(opt.count);
const REPEATS = opt.quick ? 3 : 30; // how many times each typed sequence is replayed
const FRAME_MS = 16;
const PAGE = 200; // Zoho's page size: accounts arrive in pages of 200

// Zoho Accounts records as the CRM API returns them, normalized the way the extension does it.
const records = fakeAccounts(COUNT);

// What people type: each sequence is replayed keystroke by keystroke (the query after each key press).
const TYPED = [
  'zylker', // common prefix, many hits: stops after 50
  'acme labs 4', // several terms
  'müller gmbh', // accents typed
  'muller gmbh', // accents not typed: must fold
  'sao paulo', // matches the detail (city), folded
  'krakow 4999', // narrowing down to one
  `${COUNT - 1}`, // a number near the end of the sorted list
  'xqzw', // nothing matches: every keystroke after "x" scans everything
  'reykjavik consulting oy 1', // long query, rare
];
const keystrokes = (text) => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
// Typing then deleting back to empty, as a person correcting a query does.
const BACKSPACE = (() => {
  const text = 'stark energy ag';
  const down = keystrokes(text);
  return [...down, ...down.slice(0, -1).reverse(), ''];
})();

const summary = (xs) => ({ n: xs.length, median_ms: median(xs), p95_ms: pct(xs, 0.95), p99_ms: pct(xs, 0.99),
  max_ms: Math.max(...xs), over_frame: xs.filter((x) => x > FRAME_MS).length });

const load0 = loadavg()[0];
// Wall and CPU milliseconds of one call.
function timed(fn) {
  const c = process.cpuUsage();
  const w = performance.now();
  const value = fn();
  const wall = performance.now() - w;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000, value };
}

// --- 1. Loading: pages of 200 arriving from Zoho, with a search after each page (someone typing while it loads).
const index = new AccountIndex();
const recent = [];
const add = { wall: [], cpu: [] };
const loadingSearch = { wall: [], cpu: [] };
const loadStart = performance.now();
for (let i = 0; i < COUNT; i += PAGE) {
  const a = timed(() => index.add(records.slice(i, i + PAGE)));
  add.wall.push(a.wall);
  add.cpu.push(a.cpu);
  const q = timed(() => index.search('zylker', { recentIds: recent, limit: 50 }));
  loadingSearch.wall.push(q.wall);
  loadingSearch.cpu.push(q.cpu);
}
const loadTotalMs = performance.now() - loadStart;
const prepare = timed(() => index.prepare());
for (let i = 0; i < 20; i++) recent.push(records[(i * 2477) % COUNT].id); // the 20 recent accounts the host keeps

// --- 2. The first search after loading.
const first = timed(() => index.search('z', { recentIds: recent, limit: 50 }).length);

// --- 3. Typing: every keystroke of every sequence, replayed REPEATS times. A keystroke's cost is the median of its
// REPEATS replays, which keeps a one-off preemption or GC pause of this shared machine from standing for the
// keystroke; the raw samples are reported too.
const SEQUENCES = [...TYPED.map((t) => [t, keystrokes(t)]), ['type and delete "stark energy ag"', BACKSPACE]];
const samples = SEQUENCES.map(([, queries]) => queries.map(() => ({ wall: [], cpu: [], hits: 0 })));
const raw = { wall: [], cpu: [] };
for (let r = 0; r < REPEATS; r++) {
  SEQUENCES.forEach(([, queries], si) => {
    queries.forEach((q, qi) => {
      const t = timed(() => index.search(q, { recentIds: recent, limit: 50 }).length);
      const slot = samples[si][qi];
      slot.wall.push(t.wall);
      slot.cpu.push(t.cpu);
      slot.hits = t.value;
      raw.wall.push(t.wall);
      raw.cpu.push(t.cpu);
    });
  });
}
const perKey = SEQUENCES.flatMap(([name, queries], si) => queries.map((q, qi) => ({
  sequence: name, query: q, wall_ms: median(samples[si][qi].wall), cpu_ms: median(samples[si][qi].cpu),
  hits: samples[si][qi].hits })));
const keyWall = summary(perKey.map((k) => k.wall_ms));
const keyCpu = summary(perKey.map((k) => k.cpu_ms));
const worstCpu = perKey.reduce((a, b) => (b.cpu_ms > a.cpu_ms ? b : a));
const worstWall = perKey.reduce((a, b) => (b.wall_ms > a.wall_ms ? b : a));
const load1 = loadavg()[0];

const result = {
  accounts: COUNT, repeats: REPEATS, frame_budget_ms: FRAME_MS, node: process.version,
  load_average_1min: { start: load0, end: load1 },
  loading: { pages: add.wall.length, total_wall_ms: loadTotalMs,
    add: { wall: summary(add.wall), cpu: summary(add.cpu) },
    search_while_loading: { wall: summary(loadingSearch.wall), cpu: summary(loadingSearch.cpu) },
    prepare: { wall_ms: prepare.wall, cpu_ms: prepare.cpu } },
  first_search: { wall_ms: first.wall, cpu_ms: first.cpu, hits: first.value },
  keystrokes: { distinct: perKey.length, cpu: keyCpu, wall: keyWall, worst_cpu: worstCpu, worst_wall: worstWall },
  raw_samples: { wall: summary(raw.wall), cpu: summary(raw.cpu) },
  per_keystroke: perKey,
  pass: keyCpu.max_ms <= FRAME_MS && first.cpu <= FRAME_MS,
  pass_wall: keyWall.max_ms <= FRAME_MS && first.wall <= FRAME_MS,
};

const f = (x) => `${x.toFixed(3)} ms`;
const verdict = (ok) => (ok ? 'PASS' : '**MISS**');
const lines = [];
lines.push(`## Extension: account search, ${COUNT.toLocaleString('en-US').replace(/,/g, ' ')} accounts (node ${process.version})`);
lines.push('');
lines.push(`One \`AccountIndex.search\` per keystroke (limit 50, 20 recent IDs): ${perKey.length} distinct keystrokes from`
  + ` ${TYPED.length} typed queries and one typed-then-deleted, each sequence replayed ${REPEATS}× (${raw.wall.length} searches).`
  + ` A keystroke's cost is the median of its ${REPEATS} replays. CPU = process CPU time (user + system, GC threads`
  + ` included); wall = elapsed time, which on this shared machine (load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`
  + ` on ${availableParallelism()} CPUs) includes waiting for a CPU. Frame budget ${FRAME_MS} ms; the verdict uses CPU time.`);
lines.push('');
lines.push('| figure | median | p95 | max | over 16 ms | result |');
lines.push('|---|---|---|---|---|---|');
lines.push(`| search per keystroke, CPU | ${f(keyCpu.median_ms)} | ${f(keyCpu.p95_ms)} | ${f(keyCpu.max_ms)} (\`${worstCpu.query}\`) | ${keyCpu.over_frame} of ${keyCpu.n} | ${verdict(result.pass)} |`);
lines.push(`| search per keystroke, wall | ${f(keyWall.median_ms)} | ${f(keyWall.p95_ms)} | ${f(keyWall.max_ms)} (\`${worstWall.query}\`) | ${keyWall.over_frame} of ${keyWall.n} | ${verdict(result.pass_wall)} (wall) |`);
lines.push(`| raw samples, wall | ${f(result.raw_samples.wall.median_ms)} | ${f(result.raw_samples.wall.p95_ms)} | ${f(result.raw_samples.wall.max_ms)} | ${result.raw_samples.wall.over_frame} of ${raw.wall.length} | info |`);
lines.push(`| first search after loading (CPU / wall) | ${f(first.cpu)} / ${f(first.wall)} | – | – | – | ${verdict(first.cpu <= FRAME_MS)} |`);
lines.push(`| search while pages arrive, CPU | ${f(result.loading.search_while_loading.cpu.median_ms)} | ${f(result.loading.search_while_loading.cpu.p95_ms)} | ${f(result.loading.search_while_loading.cpu.max_ms)} | ${result.loading.search_while_loading.cpu.over_frame} of ${add.cpu.length} | info |`);
lines.push(`| \`add\` of one page of 200, CPU | ${f(result.loading.add.cpu.median_ms)} | ${f(result.loading.add.cpu.p95_ms)} | ${f(result.loading.add.cpu.max_ms)} | ${result.loading.add.cpu.over_frame} of ${add.cpu.length} | info |`);
lines.push('');
lines.push(`Loading all ${add.wall.length} pages took ${loadTotalMs.toFixed(0)} ms wall; the final \`prepare()\` ${prepare.cpu.toFixed(1)} ms CPU`
  + ` (${prepare.wall.toFixed(1)} ms wall). An \`add\` that merges the recent additions into the sorted part blocks the background for that long.`);
lines.push('');
lines.push('| typed sequence | keystrokes | worst keystroke, CPU | worst keystroke, wall | results at the end |');
lines.push('|---|---|---|---|---|');
for (const [name] of SEQUENCES) {
  const ks = perKey.filter((k) => k.sequence === name);
  const wc = ks.reduce((a, b) => (b.cpu_ms > a.cpu_ms ? b : a));
  const ww = ks.reduce((a, b) => (b.wall_ms > a.wall_ms ? b : a));
  lines.push(`| \`${name}\` | ${ks.length} | ${f(wc.cpu_ms)} (\`${wc.query}\`) | ${f(ww.wall_ms)} (\`${ww.query}\`) | ${ks.at(-1).hits} |`);
}
const md = `${lines.join('\n')}\n`;
process.stdout.write(md);
if (opt.json) await writeFile(opt.json, `${JSON.stringify(result, null, 1)}\n`);
if (opt.md) await writeFile(opt.md, md);
