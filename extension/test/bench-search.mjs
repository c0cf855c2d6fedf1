// Benchmark, not a test: prints the median AccountIndex.search time on 50 000 accounts.
// Run: node extension/test/bench-search.mjs   (node --test skips the measurement; see below)
import { performance } from 'node:perf_hooks';
import { AccountIndex } from '../lib/accounts.js';

// `node --test extension/test/` also runs every .mjs file in a test/ folder; timings belong here, not in the
// test run, so do nothing there.
if (process.env.NODE_TEST_CONTEXT) {
  console.log('bench-search: skipped under node --test; run it directly with node.');
  process.exit(0);
}

const COUNT = 50000;
const ROUNDS = 101;

// Deterministic data (mulberry32), with accents, so every run measures the same work.
let seed = 0x5eed;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const first = ['Zylker', 'Acme', 'Société', 'Bäckerei', 'Nordic', 'Øresund', 'Globex', 'Initech', 'Umbrella', 'Hooli',
  'Stark', 'Wayne', 'Łódź', 'Crème', 'Pied', 'Dunder', 'Vandelay', 'Kraków', 'São', 'Tyrell'];
const second = ['Holdings', 'Labs', 'Générale', 'Müller', 'Traders', 'Logistics', 'Foods', 'Systems', 'Partners', 'Energy'];
const suffix = ['Inc', 'GmbH', 'Ltd', 'SA', 'AG', 'KK', 'Pty', 'LLC', 'S.A.S.', 'Oy'];
const cities = ['Berlin', 'Zürich', 'São Paulo', 'Kraków', 'Chennai', 'Osaka', 'Toronto', 'Riyadh', 'London', 'Sydney'];

const accounts = Array.from({ length: COUNT }, (_, n) => ({
  id: String(4150868000000000000n + BigInt(n)),
  name: `${pick(first)} ${pick(second)} ${pick(suffix)} ${n}`,
  kind: 'record',
  module: 'Accounts',
  detail: `${pick(cities)} · ${pick(first)} ${pick(second)}`,
}));

const index = new AccountIndex();
let t0 = performance.now();
for (let i = 0; i < COUNT; i += 200) index.add(accounts.slice(i, i + 200)); // as pages arrive from Zoho
const addMs = performance.now() - t0;
t0 = performance.now();
index.prepare();
const prepareMs = performance.now() - t0;

const recentIds = Array.from({ length: 20 }, (_, i) => accounts[i * 997].id);
const queries = ['', 'a', 'zylker', 'muller gmbh', 'sao paulo 4', 'krakow', '12345', 'no such account anywhere'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`bench-search: ${COUNT} accounts; add (in pages of 200) ${addMs.toFixed(1)} ms; prepare (sort + join) ${prepareMs.toFixed(1)} ms`);
const all = [];
for (const q of queries) {
  const times = [];
  let hits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    hits = index.search(q, { recentIds, limit: 50 }).length;
    times.push(performance.now() - s);
  }
  all.push(...times);
  console.log(`  ${JSON.stringify(q).padEnd(28)} median ${median(times).toFixed(3)} ms  max ${Math.max(...times).toFixed(3)} ms  (${hits} results)`);
}
console.log(`bench-search: median search time ${median(all).toFixed(3)} ms over ${all.length} searches (budget: well under 16 ms)`);

// Searching while pages still arrive: accounts added since the last merge are scanned separately.
const growing = new AccountIndex();
const whileLoading = [];
const addTimes = [];
for (let i = 0; i < COUNT; i += 200) {
  let s = performance.now();
  growing.add(accounts.slice(i, i + 200));
  addTimes.push(performance.now() - s);
  for (const q of ['zylker', 'no such account anywhere']) {
    s = performance.now();
    growing.search(q, { recentIds, limit: 50 });
    whileLoading.push(performance.now() - s);
  }
}
console.log(`bench-search: while loading 50 000 in pages of 200: median search ${median(whileLoading).toFixed(3)} ms, `
  + `max ${Math.max(...whileLoading).toFixed(2)} ms; median add ${median(addTimes).toFixed(2)} ms, max ${Math.max(...addTimes).toFixed(1)} ms`);
