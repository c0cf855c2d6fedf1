// Builds zcrm-bridge-client.js (UMD: a <script> defines the global ZcrmBridge; require() gets module.exports) from
// the ES module src/index.mjs. No dependencies: the source imports nothing and exports only top-level
// `export function|class|const NAME` declarations, so the build is wrapping it and returning those names.
//   node extension/client/build.mjs           write zcrm-bridge-client.js
//   node extension/client/build.mjs --check   exit 1 if the committed file differs from a fresh build
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SOURCE = fileURLToPath(new URL('./src/index.mjs', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('./zcrm-bridge-client.js', import.meta.url));
export const GLOBAL_NAME = 'ZcrmBridge';

const EXPORT = /^export (?:async )?(?:function\*?|class|const|let) ([A-Za-z_$][\w$]*)/;

/**
 * The UMD text for an ES module source. Throws on anything this build does not handle (imports, default or
 * re-exports, `export {…}` lists, import.meta), so a source change cannot silently produce a broken build.
 * @param {string} source
 * @returns {string}
 */
export function buildUmd(source) {
  const names = [];
  const body = source.split('\n').map((line, i) => {
    if (/^\s*import\b[\s{*'"]/.test(line) || /\bimport\s*\(|\bimport\.meta\b/.test(line)) {
      throw new Error(`src/index.mjs:${i + 1}: the client imports nothing (the UMD build cannot carry an import)`);
    }
    if (!/^\s*export\b/.test(line)) return line;
    const m = EXPORT.exec(line);
    if (!m) throw new Error(`src/index.mjs:${i + 1}: only top-level "export function|class|const NAME" is supported`);
    names.push(m[1]);
    return line.slice('export '.length);
  });
  if (names.length === 0) throw new Error('src/index.mjs exports nothing');
  return [
    '// zcrm-bridge-client, generated from src/index.mjs by build.mjs: do not edit, run `node extension/client/build.mjs`.',
    `// In a page: <script src="zcrm-bridge-client.js"></script> defines the global ${GLOBAL_NAME} {${names.join(', ')}}.`,
    '// With require(): module.exports is the same object.',
    '(function (root, factory) {',
    "  if (typeof module === 'object' && module && module.exports) module.exports = factory();",
    `  else root.${GLOBAL_NAME} = factory();`,
    "})(typeof globalThis !== 'undefined' ? globalThis : this, function () {",
    "'use strict';",
    '',
    body.join('\n').trimEnd(),
    '',
    `return Object.freeze({ ${names.map((n) => `${n}: ${n}`).join(', ')} });`,
    '});',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = buildUmd(readFileSync(SOURCE, 'utf8'));
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUTPUT, 'utf8');
    } catch {
      // no committed bundle yet: stale, like any difference
    }
    if (committed !== built) {
      console.error('extension/client/zcrm-bridge-client.js is stale: run `node extension/client/build.mjs`.');
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, built);
  }
}
