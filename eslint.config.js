// ESLint (flat config) for the JavaScript of extension/ and tests/: eslint's recommended rules, the globals each
// kind of file really has, and nothing stylistic (the code's layout is reviewed, not linted). tests/gates.sh runs
// `npx eslint` over both folders; a finding fails the README's test command.
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Generated or third-party code: the client bundle is built from extension/client/src (which is linted).
  { ignores: ['extension/client/zcrm-bridge-client.js', '**/node_modules/**', 'build*/**'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { key, ...rest } = m` is how a key is left out.
      'no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Control characters in a character class are how names and log text are cleaned (lib/fragment.js,
      // lib/account-index.js): deliberate, not a typo.
      'no-control-regex': 'off',
    },
  },
  // The extension: service worker / background page, popup, options, content script.
  { files: ['extension/**/*.js'], languageOptions: { globals: { ...globals.browser, ...globals.webextensions } } },
  // The content script is a classic script (an IIFE), not a module.
  { files: ['extension/content/**/*.js'], languageOptions: { sourceType: 'script' } },
  // Node: tests, tools, the fake Zoho. End-to-end tests also pass functions to run inside a page.
  { files: ['**/*.mjs', 'tests/**/*.js'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['tests/e2e/**', 'tests/package/**', 'tests/installer/chromium.test.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions, ZcrmBridge: 'readonly' } },
  },
];
