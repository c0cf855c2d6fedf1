// Benchmark (issue 18): a cold `hello` of zcrm-bridge.exe under wine against the Windows echo floor under wine, in
// one run. Started by bench/windows/cold-hello.sh, which builds the floor, makes the wine prefix and keeps its
// wineserver running (WINEPREFIX is set); this file only measures.
//
//   node bench/windows/cold-hello.mjs --host HOST.exe --floor FLOOR.exe [--quick] [--runs N] [--floor-name TEXT]
//     [--json F] [--md F]
//
// One cold start, as Chromium on Windows makes it for sendNativeMessage: start the program under wine with
// [origin, --parent-window=0], write one `hello` frame, read the whole answer, close stdin, wait for the exit. Timed
// with performance.now() from spawn to the exit with its pipes closed. Host and floor alternate, and which goes first
// changes every round, so load from other processes hits both; the ratio is of the medians of the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { frame, unframe } from '../../tests/windows/frames.mjs';

const { values: opt } = parseArgs({ options: { host: { type: 'string' }, floor: { type: 'string' },
  quick: { type: 'boolean', default: false }, runs: { type: 'string' }, warmup: { type: 'string' },
  'floor-name': { type: 'string', default: 'echo floor (.exe)' }, json: { type: 'string' }, md: { type: 'string' } },
});
if (!opt.host || !opt.floor || !process.env.WINEPREFIX) {
  console.error('cold-hello.mjs: --host and --floor are required, and WINEPREFIX set (run bench/windows/cold-hello.sh)');
  process.exit(64);
}
const RUNS = Number(opt.runs ?? (opt.quick ? 5 : 30));
// Untimed starts of each first: the first start of a program in a fresh prefix also loads its DLLs from disk.
const WARMUP = Number(opt.warmup ?? 2);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const identity = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
  .filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')));
const EXTENSION_ID = identity.ZCRM_CHROMIUM_EXTENSION_ID;
const ARGS = [`chrome-extension://${EXTENSION_ID}/`, '--parent-window=0'];
const HELLO = { id: 1, type: 'hello' };

/** One cold start of exe under wine: the answers it gave and the milliseconds from spawn to exit. */
function coldStart(exe, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('wine', [exe, ...ARGS], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const request = frame(HELLO);
    const out = [];
    let got = 0;
    let stderr = '';
    child.stdout.on('data', (d) => {
      out.push(d);
      got += d.length;
      // The whole answer is in: close stdin, as the browser does after sendNativeMessage's reply.
      if (got >= 4 && got >= 4 + Buffer.concat(out).readUInt32LE(0)) child.stdin.end();
    });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      try {
        resolve({ ms, code, answers: unframe(Buffer.concat(out)), stderr });
      } catch (e) {
        reject(new Error(`${path.basename(exe)}: ${e.message}; stderr: ${stderr}`));
      }
    });
    child.stdin.write(request);
  });
}

function check(name, result) {
  const [answer] = result.answers;
  const ok = result.code === 0 && result.answers.length === 1 && answer.id === 1 &&
    (name === 'floor' ? answer.type === 'hello' : answer.ok === true && answer.caller === `chromium:${EXTENSION_ID}`);
  if (!ok) throw new Error(`${name}: exit ${result.code}, answers ${JSON.stringify(result.answers)}; ${result.stderr}`);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { n: s.length, median_ms: round(quantile(s, 0.5)), p95_ms: round(quantile(s, 0.95)), min_ms: round(s[0]),
    max_ms: round(s.at(-1)) };
}

const state = mkdtempSync(path.join(tmpdir(), 'zcrm-bench-wine-state-'));
try {
  writeFileSync(path.join(state, 'config.json'), JSON.stringify({ allowed_extensions: [EXTENSION_ID] }));
  // wine maps / to Z:, so the temp folder is the host's ZCRM_BRIDGE_HOME under its Windows name.
  const env = { ...process.env, WINEDEBUG: '-all', ZCRM_BRIDGE_HOME: `Z:${state.replaceAll('/', '\\')}` };
  const programs = { host: opt.host, floor: opt.floor };
  const samples = { host: [], floor: [] };
  for (let i = 0; i < WARMUP; i++) {
    for (const name of ['host', 'floor']) check(name, await coldStart(programs[name], env));
  }
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 ? ['floor', 'host'] : ['host', 'floor']) {
      const result = await coldStart(programs[name], env);
      check(name, result);
      samples[name].push(result.ms);
    }
  }
  const host = summary(samples.host);
  const floor = summary(samples.floor);
  const ratio = Math.round((host.median_ms / floor.median_ms) * 100) / 100;
  const wine = await new Promise((resolve) => {
    const v = spawn('wine', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    v.stdout.on('data', (d) => { text += d; });
    v.on('close', () => resolve(text.trim()));
  });
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, loadavg: loadavg().map((x) => x.toFixed(2)),
    wine };
  const json = { benchmark: 'windows_cold_hello', mode: opt.quick ? 'quick' : 'full', runs: RUNS, warmup: WARMUP,
    floor_name: opt['floor-name'], host, floor, ratio_of_medians: ratio, machine };
  const md = [
    '## Windows host under wine: cold `hello` (issue 18)',
    '',
    `${RUNS} cold starts of each, alternating, in one wine prefix with one running wineserver (${wine}; ` +
      `${machine.cpus} × ${machine.cpu}; load average ${machine.loadavg.join(' ')}).`,
    '',
    '| program | median | p95 | min | max |',
    '|---|---|---|---|---|',
    `| zcrm-bridge.exe | ${host.median_ms} ms | ${host.p95_ms} ms | ${host.min_ms} ms | ${host.max_ms} ms |`,
    `| ${opt['floor-name']} | ${floor.median_ms} ms | ${floor.p95_ms} ms | ${floor.min_ms} ms | ${floor.max_ms} ms |`,
    '',
    `Ratio of medians (host ÷ floor): **${ratio}×**.`,
    '',
  ].join('\n');
  if (opt.json) writeFileSync(opt.json, JSON.stringify(json, null, 1) + '\n');
  if (opt.md) writeFileSync(opt.md, md);
  process.stdout.write(opt.md ? JSON.stringify(json) + '\n' : md);
} finally {
  rmSync(state, { recursive: true, force: true });
}
