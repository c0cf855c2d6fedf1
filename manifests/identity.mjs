// Reads manifests/identity.env, the one place the host's name and the extension's IDs are spelled, for node
// (tests, tools). `node manifests/identity.mjs --write` regenerates extension/platform/identity.js, the copy the
// extension loads (it cannot read files); extension/test/identity.test.mjs fails when that copy is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const IDENTITY_FILE = fileURLToPath(new URL('./identity.env', import.meta.url));
export const EXTENSION_IDENTITY_FILE = fileURLToPath(new URL('../extension/platform/identity.js', import.meta.url));

/** The KEY=value lines of identity.env as an object. */
export function readIdentityEnv(file = IDENTITY_FILE) {
  const entries = readFileSync(file, 'utf8').split('\n')
    .map((line) => line.match(/^(ZCRM_[A-Z_]+)=(.*)$/))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]);
  const env = Object.fromEntries(entries);
  for (const key of ['ZCRM_HOST_NAME', 'ZCRM_CHROMIUM_EXTENSION_ID', 'ZCRM_GECKO_ID']) {
    if (!env[key]) throw new Error(`${file} does not set ${key}`);
  }
  return env;
}

const env = readIdentityEnv();
export const HOST_NAME = env.ZCRM_HOST_NAME;
export const CHROMIUM_ID = env.ZCRM_CHROMIUM_EXTENSION_ID;
export const GECKO_ID = env.ZCRM_GECKO_ID;

/** The text of extension/platform/identity.js for these values. */
export function extensionIdentityModule() {
  return [
    '// Generated from manifests/identity.env by `node manifests/identity.mjs --write`; do not edit.',
    '// extension/test/identity.test.mjs fails when this file and identity.env disagree.',
    '',
    '/** Name of the native host, as in manifests/ (lowercase, dots and underscores only). */',
    `export const HOST_NAME = '${HOST_NAME}';`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(EXTENSION_IDENTITY_FILE, extensionIdentityModule());
}
