// The host's layering as a checked fact: every #include in host/ runs down the table of host/CMakeLists.txt (each
// `zcrm_part(<part> USES <parts>...)`, and each program's `target_link_libraries`), never up or sideways. The table
// lives only there; this test reads it, reads the include graph, and names every edge outside it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('../../host/', import.meta.url));
const cmake = readFileSync(path.join(HOST, 'CMakeLists.txt'), 'utf8').replace(/#.*$/gm, '');

/** The parts in declaration order, each with the parts it may use: zcrm_part(name [USES ...] [LIBS ...]). */
function partTable(text) {
  const parts = new Map();
  for (const [, args] of text.matchAll(/\bzcrm_part\(([^)]*)\)/g)) {
    if (args.includes('${')) continue;  // the function's own definition
    const [name, ...rest] = args.trim().split(/\s+/);
    const uses = [];
    let section = null;
    for (const word of rest) {
      if (word === 'USES' || word === 'LIBS') section = word;
      else if (section === 'USES') uses.push(word);
    }
    parts.set(name, uses);
  }
  return parts;
}

/**
 * Programs built from host/ sources: each source file -> the parts its programs link (zcrm_<part>), plus the
 * folders of the other sources of the same program (the test host's main.cpp includes its test_clock/). A file
 * in several programs may use what any of them gives it.
 */
function programTable(text) {
  const sources = new Map();
  for (const [, name, files] of text.matchAll(/\badd_executable\((\S+)\s+([^)]*)\)/g)) {
    const links = [...text.matchAll(new RegExp(`target_link_libraries\\(${name}\\s+([^)]*)\\)`, 'g'))]
      .flatMap((m) => m[1].split(/\s+/))
      .filter((w) => w.startsWith('zcrm_'))
      .map((w) => w.slice('zcrm_'.length));
    const own = files.trim().split(/\s+/).map((f) => path.normalize(f));
    const folders = own.filter((f) => f.includes(path.sep)).map((f) => f.split(path.sep)[0]);
    for (const f of own) {
      const before = sources.get(f) ?? [];
      sources.set(f, [...new Set([...before, ...links, ...folders.filter((d) => d !== f.split(path.sep)[0])])]);
    }
  }
  return sources;
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(cpp|hpp|h|hpp\.in)$/.test(name) ? [full] : [];
  });
}

/**
 * The include edges of host/: {file, line, target} with target the host/ folder (part) the header is in. Quoted
 * includes resolve like the compiler: beside the including file first, then from host/ (the include root); a
 * header found in neither (generated, like doctor/embedded_tables.hpp) counts for its first folder, or for the
 * including file's own folder when it has none. Angle includes count only when they name a file of host/.
 */
function includeEdges() {
  const edges = [];
  for (const file of filesUnder(HOST)) {
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const m = text.match(/^\s*#\s*include\s*(["<])([^">]+)[">]/);
      if (!m) return;
      const [, kind, header] = m;
      const beside = path.resolve(path.dirname(file), header);
      const fromRoot = path.resolve(HOST, header);
      let resolved;
      if (kind === '"' && existsSync(beside)) resolved = beside;
      else if (existsSync(fromRoot)) resolved = fromRoot;
      else if (kind === '<') return;  // a system or library header
      else resolved = header.includes('/') ? fromRoot : beside;
      const target = path.relative(HOST, resolved).split(path.sep)[0];
      edges.push({ file: path.relative(HOST, file), line: i + 1, target });
    });
  }
  return edges;
}

/** The parts a program may include: those it links and everything they use, as it sits on top of them. */
function below(linked, parts) {
  const out = [];
  const visit = (p) => {
    if (out.includes(p)) return;
    out.push(p);
    for (const u of parts.get(p) ?? []) visit(u);
  };
  linked.forEach(visit);
  return out;
}

/** Every edge outside the table, as "file:line includes <part> (allowed: ...)". */
function violations(edges, parts, programs) {
  const found = [];
  for (const { file, line, target } of edges) {
    const own = file.split(path.sep)[0];
    let allowed;
    if (parts.has(own)) allowed = [own, ...parts.get(own)];
    else if (programs.has(file)) allowed = [own, ...below(programs.get(file), parts)];
    else allowed = null;
    if (allowed === null) found.push(`${file}: not in a part of host/CMakeLists.txt`);
    else if (target.startsWith('..') || !allowed.includes(target)) {
      found.push(`${file}:${line} includes ${target}/ (allowed: ${allowed.join(', ')})`);
    }
  }
  return found;
}

const parts = partTable(cmake);
const programs = programTable(cmake);

test('host/CMakeLists.txt declares the parts and the programs', () => {
  for (const p of ['error', 'wire', 'protocol', 'store', 'budget', 'handlers', 'doctor', 'app']) {
    assert.ok(parts.has(p), `zcrm_part(${p} ...) not found`);
  }
  assert.ok(programs.get('main.cpp').includes('app'), 'main.cpp is the app\'s program');
  // The keyring helper links no host code: only the headers-only contract it shares with the store.
  assert.deepEqual(programs.get(path.normalize('keyring_helper/main.cpp')), ['keyring_contract']);
});

test('each part uses only parts declared above it: the table has no cycle and reads top-down', () => {
  const seen = [];
  for (const [name, uses] of parts) {
    for (const u of uses) assert.ok(seen.includes(u), `${name} uses ${u}, which is declared after it (or not at all)`);
    seen.push(name);
  }
});

test('every folder of host/ is a part or holds a program', () => {
  const programFolders = new Set([...programs.keys()].map((f) => f.split(path.sep)[0]));
  for (const name of readdirSync(HOST)) {
    if (!statSync(path.join(HOST, name)).isDirectory()) continue;
    assert.ok(parts.has(name) || programFolders.has(name), `host/${name}/ is neither a zcrm_part nor a program`);
  }
});

test('every #include in host/ runs down the layering (none up or sideways)', () => {
  const edges = includeEdges();
  assert.ok(edges.length > 100, `only ${edges.length} include edges found: the scan is broken`);
  assert.deepEqual(violations(edges, parts, programs), []);
});

test('the check names an include that runs up, sideways or out of host/', () => {
  const planted = [
    { file: path.normalize('store/vault.cpp'), line: 3, target: 'protocol' },  // sideways
    { file: path.normalize('wire/frame_reader.cpp'), line: 4, target: 'app' },  // up
    { file: path.normalize('budget/x.cpp'), line: 5, target: '..' },            // out of host/
    { file: path.normalize('handlers/dispatch.cpp'), line: 6, target: 'store' }, // allowed
  ];
  assert.deepEqual(violations(planted, parts, programs), [
    `${planted[0].file}:3 includes protocol/ (allowed: store, ${parts.get('store').join(', ')})`,
    `${planted[1].file}:4 includes app/ (allowed: wire, error)`,
    `${planted[2].file}:5 includes ../ (allowed: budget, error)`,
  ]);
});
