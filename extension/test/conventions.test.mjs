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
