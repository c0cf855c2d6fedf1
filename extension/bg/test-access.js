// Lets the end-to-end tests reach the background's objects (Chromium's devtools protocol, Firefox's background page).
// Development tree only: extension/tools/package.mjs replaces this file with a no-op in every release package, so no
// released extension exposes a global (tests/package checks it); only the packages the tests build keep it.

/** @param {object} objects what the tests may drive */
export function exposeForTests(objects) {
  globalThis.zcrm = objects;
}
