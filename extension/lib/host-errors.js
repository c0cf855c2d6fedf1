// The error codes the extension gets from the zcrm-bridge host, in one place: the host's own (the append-only
// table of docs/PROTOCOL.md, which a test checks this table against) and the few the extension's host client
// gives itself when it gets no usable answer (they start with HOST_ and mean "the host is unavailable").
// Pure module: no timers, no browser globals.

/**
 * The host's error codes, numbered as in docs/PROTOCOL.md ("append-only: codes are never renamed, removed or
 * reused"). `message` is a sentence for a person, shown when an answer carries no message of its own (the host's
 * message, which names the path or the field, is better and is shown whenever there is one).
 * @type {ReadonlyArray<Readonly<{number: number, code: string, message: string}>>}
 */
export const HOST_ERRORS = Object.freeze([
  { number: 1, code: 'BAD_FRAME', message: 'The zcrm-bridge host received a damaged message and stopped.' },
  { number: 2, code: 'FRAME_TOO_LARGE', message: 'The zcrm-bridge host received a message over 1 MiB and stopped.' },
  { number: 3, code: 'INVALID_JSON', message: 'The zcrm-bridge host could not read the request.' },
  { number: 4, code: 'BAD_REQUEST', message: 'The zcrm-bridge host refused a request with a missing or invalid field.' },
  { number: 5, code: 'UNKNOWN_TYPE', message: 'The zcrm-bridge host does not know this request.' },
  { number: 6, code: 'FORBIDDEN', message: 'The zcrm-bridge host does not serve this extension: run the installer again.' },
  { number: 7, code: 'NO_TOKEN', message: 'You are not signed in to Zoho.' },
  { number: 8, code: 'TOKEN_EXPIRED', message: 'Your Zoho sign-in has expired: sign in again.' },
  { number: 9, code: 'RATE_LIMITED', message: 'The sign-in or refresh budget is spent: try again later.' },
  { number: 10, code: 'VAULT_CORRUPT', message: 'A stored record is damaged: run `zcrm-bridge reset`.' },
  { number: 11, code: 'KEY_MISMATCH', message: 'The vault key does not open the vault: run `zcrm-bridge reset`.' },
  { number: 12, code: 'KEY_UNSAFE', message: 'The vault key or the state folder is not safe: run `zcrm-bridge doctor`.' },
  { number: 13, code: 'STATE_UNAVAILABLE', message: 'The zcrm-bridge state folder cannot be read or written.' },
  { number: 14, code: 'LOCK_TIMEOUT', message: 'Another zcrm-bridge host held the vault too long: try again.' },
  { number: 15, code: 'CONFIG_INVALID', message: 'The zcrm-bridge config.json is not valid: run `zcrm-bridge doctor`.' },
  { number: 16, code: 'RESPONSE_TOO_LARGE', message: 'The answer of the zcrm-bridge host would be over 1 MiB.' },
  { number: 17, code: 'INTERNAL', message: 'The zcrm-bridge host failed: please report it.' },
  { number: 18, code: 'KEYRING_UNAVAILABLE', message: 'The desktop keyring holding the vault key is locked or not running.' },
  { number: 19, code: 'ZOHO_BLOCKED', message: 'Zoho blocks new tokens for this client for a while: it was asked too often.' },
].map((row) => Object.freeze(row)));

/**
 * The codes the extension's host client gives itself (never sent by the host). Each starts with `HOST_`, which
 * the background reads as "the host is unavailable" ({@link isHostUnavailable}). `message` is the sentence shown
 * when nothing more precise is known (HOST_UNAVAILABLE and HOST_VERSION_MISMATCH carry a more precise one).
 * @type {ReadonlyArray<Readonly<{code: string, message: string}>>}
 */
export const CLIENT_ERRORS = Object.freeze([
  { code: 'HOST_UNAVAILABLE', message: 'The zcrm-bridge host is not running: run `zcrm-bridge doctor`.' },
  { code: 'HOST_TIMEOUT', message: 'The zcrm-bridge host did not answer in time.' },
  { code: 'HOST_VERSION_MISMATCH', message: 'Update zcrm-bridge: the host speaks another protocol than this extension.' },
].map((row) => Object.freeze(row)));

/**
 * Every code by name, so code compares with `ErrorCode.RATE_LIMITED` instead of a string literal:
 * `ErrorCode.X === 'X'` for each code of {@link HOST_ERRORS} and {@link CLIENT_ERRORS}.
 * @type {Readonly<Record<string, string>>}
 */
export const ErrorCode = Object.freeze(Object.fromEntries([...HOST_ERRORS, ...CLIENT_ERRORS].map(({ code }) => [code, code])));

const messages = new Map([...HOST_ERRORS, ...CLIENT_ERRORS].map(({ code, message }) => [code, message]));

/**
 * True for the codes the extension gives itself when the host cannot be asked or cannot be used (`HOST_…`);
 * false for the host's own answers and anything else.
 * @param {unknown} code
 * @returns {boolean}
 */
export function isHostUnavailable(code) {
  return typeof code === 'string' && code.startsWith('HOST_');
}

/**
 * The sentence for a person for a known code, or `fallback` for an unknown one.
 * @param {unknown} code
 * @param {string} [fallback]
 * @returns {string}
 */
export function errorMessage(code, fallback = 'The zcrm-bridge host refused.') {
  return messages.get(code) ?? fallback;
}
