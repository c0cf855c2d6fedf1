// Benchmark: after a browser restart, how long from opening the cached account index (100,000 accounts by default)
// to the first results, and to all of it being searchable (issue 15: first results ≤ 100 ms). Node, with its
// WebCrypto and an in-memory store: decryption, JSON parse and index building, not IndexedDB's reads.
//
//   node bench/extension/cold-start.mjs [--count N] [--runs R]
//
// "whole" is the load before chunked loading: every chunk decrypted and parsed, then added and searched.
// "chunked" is what the accounts service does now: each chunk goes into the index as it is opened, and the first
// one (the first 5,000 by name, since snapshots are saved in the index's order) is searched at once.
import { webcrypto, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AccountIndex } from '../../extension/lib/accounts.js';
import { memoryStore, openIndexCache } from '../../extension/lib/index-cache.js';

const { values: opt } = parseArgs({ options: { count: { type: 'string', default: '100000' },
  runs: { type: 'string', default: '7' } } });
const COUNT = Number(opt.count);
const RUNS = Number(opt.runs);
const subtle = webcrypto.subtle;
const rnd = (n) => new Uint8Array(randomBytes(n));
const CITIES = ['Berlin', 'Zürich', 'São Paulo', 'Kraków', 'Chennai', 'Osaka', 'Toronto', 'Malmö', 'Reykjavík'];
const WORDS = ['Zylker', 'Acme', 'Société', 'Bäckerei', 'Nordic', 'Øresund', 'Globex', 'Initech', 'Müller', 'Aalto'];

const store = memoryStore();
const keyBytes = rnd(32);
const open = () => openIndexCache({ store, subtle, randomBytes: rnd, keyBytes, id: 'bench' });
{
  const index = new AccountIndex();
  index.add(Array.from({ length: COUNT }, (_, i) => ({ id: String(4150868000000000000n + BigInt(i)),
    name: `${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} ${i}`, kind: 'record', module: 'Accounts',
    detail: `${CITIES[i % CITIES.length]} · ${WORDS[i % WORDS.length]}` })));
  await open().snapshot({ state: { key: 'k' }, accounts: index.accounts() });
}

async function whole() {
  const t0 = performance.now();
  const saved = await open().load();
  const index = new AccountIndex();
  index.add(saved.accounts);
  index.prepare();
  const n = index.search('').length;
  const t = performance.now() - t0;
  return { first: t, all: t, n };
}

async function chunked() {
  const t0 = performance.now();
  const index = new AccountIndex();
  let first = null;
  let n = 0;
  await open().load({ onEntry: ({ upsert, remove }) => {
    index.add(upsert);
    index.remove(remove);
    if (first !== null) return;
    index.prepare();
    n = index.search('').length;
    first = performance.now() - t0;
  } });
  index.prepare();
  return { first, all: performance.now() - t0, n };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = { whole: [], chunked: [] };
for (let r = 0; r < RUNS; r++) { // alternating, so load from other processes hits both
  rows.whole.push(await whole());
  rows.chunked.push(await chunked());
}
const out = Object.fromEntries(Object.entries(rows).map(([k, xs]) => [k, {
  first_results_ms: median(xs.map((x) => x.first)), all_searchable_ms: median(xs.map((x) => x.all)),
  first_screen: xs[0].n }]));
process.stdout.write(`${JSON.stringify({ accounts: COUNT, runs: RUNS, node: process.version, ...out }, null, 1)}\n`);
