// Benchmark: the heap an AccountIndex of N accounts (default 100 000) keeps, and where it goes (issue 15: ≤ 40 MiB).
//
//   node --expose-gc bench/extension/index-memory.mjs [--quick] [--count N] [--json FILE] [--md FILE]
//
// --quick (bench/run.sh --quick) measures 20,000 accounts, enough to prove it works; the 40 MiB target is only
// judged at 100,000.
//
// The accounts are the same deterministic records as search-bench.mjs (fake-accounts.mjs), normalized as the extension does it and
// added in pages of 200. The figure is the heap used (after a full GC) with the index alive and the source records
// dropped, minus the heap before the records were made. Next to it, the same measure for the normalized records
// themselves (a plain array of the accounts, no index), so the difference is what the index adds.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AccountIndex } from '../../extension/lib/accounts.js';
import { fakeAccounts } from './fake-accounts.mjs';

const { values: opt } = parseArgs({ options: { quick: { type: 'boolean', default: false }, count: { type: 'string' },
  json: { type: 'string' }, md: { type: 'string' } } });
const TARGET_COUNT = 100000;
const TARGET_MIB = 40; // issue 15: the index of 100,000 records loaded
const COUNT = Number(opt.count ?? (opt.quick ? 20000 : TARGET_COUNT));
if (typeof globalThis.gc !== 'function') {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}

// Fresh strings each time (as JSON.parse of a page or of the cache gives them), not shared literals.
const makeRecords = () => fakeAccounts(COUNT, { fresh: true });

const MiB = 1048576;
function heap() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

// Heap kept by what `build` returns, with the source records dropped.
function measure(build) {
  const before = heap();
  let records = makeRecords();
  const kept = build(records);
  records = null;
  const after = heap();
  return { kept, bytes: after - before };
}

const copies = measure((records) => records.slice());
const copiesBytes = copies.bytes;
copies.kept = null;
const full = measure((records) => {
  const index = new AccountIndex();
  for (let i = 0; i < records.length; i += 200) index.add(records.slice(i, i + 200));
  index.prepare();
  return index;
});
const result = {
  accounts: COUNT,
  node: process.version,
  index_mib: full.bytes / MiB,
  plain_accounts_mib: copiesBytes / MiB,
  index_overhead_mib: (full.bytes - copiesBytes) / MiB,
  bytes_per_account: full.bytes / COUNT,
  search_check: full.kept.search('zylker', { limit: 3 }).length,
};
result.target_mib = TARGET_MIB;
result.pass = COUNT === TARGET_COUNT ? result.index_mib <= TARGET_MIB : null;
const f = (x) => x.toFixed(1);
const verdict = result.pass === null ? `not judged (target at ${TARGET_COUNT.toLocaleString('en')})`
  : result.pass ? 'pass' : 'MISSED';
const md = ['## Extension: account index memory', '',
  `Heap an \`AccountIndex\` keeps for ${COUNT.toLocaleString('en')} accounts after a full GC, source records dropped`
  + ` (node ${process.version}, \`--expose-gc\`). Target ≤ ${TARGET_MIB} MiB at ${TARGET_COUNT.toLocaleString('en')}.`, '',
  '| figure | value | result |', '|---|---|---|',
  `| index heap | ${f(result.index_mib)} MiB | ${verdict} |`,
  `| the normalized accounts alone (plain array) | ${f(result.plain_accounts_mib)} MiB | info |`,
  `| what the index adds | ${f(result.index_overhead_mib)} MiB | info |`,
  `| bytes per account | ${result.bytes_per_account.toFixed(0)} | info |`, ''].join('\n');
process.stdout.write(opt.md || opt.json ? md : `${JSON.stringify(result, null, 1)}\n`);
if (opt.json) await writeFile(opt.json, `${JSON.stringify(result, null, 1)}\n`);
if (opt.md) await writeFile(opt.md, md);
