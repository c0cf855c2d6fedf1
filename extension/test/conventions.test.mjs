import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const libDir = fileURLToPath(new URL('../lib/', import.meta.url));
const files = readdirSync(libDir).filter((f) => f.endsWith('.js'));
const source = (f) => readFileSync(libDir + f, 'utf8');
const code = (f) => source(f).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

test('every lib module is shorter than 300 lines', () => {
  for (const f of files) assert.ok(source(f).split('\n').length < 300, f);
});

test('lib modules use no browser globals, timers or network', () => {
  const banned = /\b(window|document|chrome|browser|localStorage|sessionStorage|navigator|crypto|self|globalThis)\s*\.|\b(setTimeout|setInterval|fetch|requestAnimationFrame|XMLHttpRequest|postMessage)\s*\(/;
  for (const f of files) assert.doesNotMatch(code(f), banned, f);
});

test('every export of a lib module has JSDoc', () => {
  for (const f of files) {
    const lines = source(f).split('\n');
    lines.forEach((line, i) => {
      if (/^export (async )?(function|const|class)\b/.test(line)) {
        assert.match(lines[i - 1] ?? '', /\*\/\s*$/, `${f}:${i + 1} ${line}`);
      }
    });
  }
});

test('every lib module loads under node', async () => {
  for (const f of files) assert.ok(Object.keys(await import(new URL(`../lib/${f}`, import.meta.url))).length > 0, f);
});

// Each page preloads its whole module graph (<link rel="modulepreload">), so the browser fetches every module at once
// rather than one import level after another: about 40 ms of the popup's opening (bench/extension/popup-vs-bare.mjs).
// A module added to the graph without its preload still works, only slower; this keeps the list whole and exact.
test('the popup preloads exactly the modules its script imports, at every depth', () => {
  const extension = fileURLToPath(new URL('../', import.meta.url));
  const graph = new Set();
  const visit = (file) => {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*from\s+'([^']+)'/gm)) {
      const target = fileURLToPath(new URL(spec, `file://${file}`));
      if (!graph.has(target)) {
        graph.add(target);
        visit(target);
      }
    }
  };
  const page = `${extension}popup/popup.html`;
  visit(`${extension}popup/popup.js`);
  const preloaded = [...readFileSync(page, 'utf8').matchAll(/<link rel="modulepreload" href="([^"]+)">/g)]
    .map(([, href]) => fileURLToPath(new URL(href, `file://${page}`)));
  assert.deepEqual([...preloaded].sort(), [...graph].sort());
});
