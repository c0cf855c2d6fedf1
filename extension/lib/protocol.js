// Which version of docs/PROTOCOL.md the extension speaks, and what to say when the host speaks another.
// Pure module: no timers, no browser globals.

/** The protocol version this extension speaks: docs/PROTOCOL.md's title and the host's `hello` say theirs. */
export const PROTOCOL_VERSION = 1;

/**
 * Judges the host's answer to `hello` (`{protocol, host_version, caller}`): `null` when the host speaks
 * {@link PROTOCOL_VERSION} exactly, else the sentence telling the person to update. The host's program version
 * and the extension's are only reported: the protocol number alone decides.
 * @param {unknown} hello the answer's fields
 * @param {string} extensionVersion the extension's version, from its manifest
 * @returns {string|null}
 */
export function helloProblem(hello, extensionVersion) {
  const protocol = hello && typeof hello === 'object' ? hello.protocol : undefined;
  if (protocol === PROTOCOL_VERSION) return null;
  const version = hello && typeof hello === 'object' && typeof hello.host_version === 'string' ? hello.host_version : 'unknown';
  const spoken = Number.isSafeInteger(protocol) ? protocol : 'unknown';
  return `Update zcrm-bridge: the host speaks protocol ${spoken} (version ${version}), this extension speaks protocol `
    + `${PROTOCOL_VERSION} (extension version ${extensionVersion ?? 'unknown'}).`;
}
