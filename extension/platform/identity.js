// Generated from manifests/identity.env by `node manifests/identity.mjs --write`; do not edit.
// extension/test/identity.test.mjs fails when this file and identity.env disagree.

/** Name of the native host, as in manifests/ (lowercase, dots and underscores only). */
export const HOST_NAME = 'dev.zcrm_bridge';
