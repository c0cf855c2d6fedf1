// The error codes a web app gets from zcrm-bridge, in one place: the client script's TypeScript declarations and
// docs/WEB-APPS.md are checked against this table by tests. Append-only, like the host's codes: a code is never
// renamed, removed or reused. Host codes (lib/host-errors.js) may also reach a web app where a host answer is the
// reason (for example RATE_LIMITED or ZOHO_BLOCKED on signIn); they keep their meaning there.
// Pure module: no browser globals.

/**
 * Codes the extension (or, for NOT_INSTALLED, the client script itself) gives a web app. `retry` says the error
 * carries `retry_after_ms` (`retryAfterMs` in the client). `message` is the sentence used when there is none
 * more precise.
 * @type {ReadonlyArray<Readonly<{code: string, retry: boolean, message: string}>>}
 */
export const WEB_ERRORS = Object.freeze([
  { code: 'NOT_INSTALLED', retry: false, message: 'The zcrm-bridge extension did not answer: is it installed and enabled?' },
  { code: 'FORBIDDEN', retry: false, message: 'This site is not allowed to do this: the person can allow it in the extension options.' },
  { code: 'UNKNOWN_TYPE', retry: false, message: 'Unknown request type.' },
  { code: 'BAD_REQUEST', retry: false, message: 'The request is not one zcrm-bridge makes: see the message for the field.' },
  { code: 'SIGN_IN_NEEDED', retry: false, message: 'Zoho no longer accepts the sign-in: the person has to sign in again.' },
  { code: 'ZOHO_BUSY', retry: true, message: 'Zoho CRM is busy with this org’s requests: try again after retry_after_ms.' },
  { code: 'NETWORK', retry: false, message: 'Zoho CRM could not be reached.' },
  { code: 'ERROR', retry: false, message: 'zcrm-bridge failed to answer this request.' },
  { code: 'SIGN_IN_CANCELLED', retry: false, message: 'The person closed Zoho’s sign-in before it finished.' },
  { code: 'SIGN_IN_DECLINED', retry: false, message: 'The person declined access at Zoho.' },
  { code: 'SIGN_IN_FAILED', retry: false, message: 'The sign-in at Zoho did not finish; the message says why.' },
  { code: 'ACTIVE_USER_ELSEWHERE', retry: false, message: 'The active Zoho user is signed in in another browser profile, whose sign-in is due for renewal there: open that profile, or use this profile’s own sign-in (zcrm-bridge popup).' },
].map((row) => Object.freeze(row)));

/**
 * Every web-app code by name: `WebError.FORBIDDEN === 'FORBIDDEN'`.
 * @type {Readonly<Record<string, string>>}
 */
export const WebError = Object.freeze(Object.fromEntries(WEB_ERRORS.map((e) => [e.code, e.code])));

/**
 * An error answer for a web app: `{ok: false, error: {code, message, retry_after_ms?}}`.
 * @param {string} code one of {@link WEB_ERRORS} (or a host code passed through)
 * @param {string} [message] a sentence for a person; the table's when absent
 * @param {number} [retryAfterMs] only for codes that carry a retry hint
 * @returns {{ok: false, error: {code: string, message: string, retry_after_ms?: number}}}
 */
export function webError(code, message, retryAfterMs) {
  const row = WEB_ERRORS.find((e) => e.code === code);
  const error = { code, message: message ?? row?.message ?? 'Refused.' };
  if (Number.isFinite(retryAfterMs) && retryAfterMs >= 0) error.retry_after_ms = Math.ceil(retryAfterMs);
  return { ok: false, error };
}

// What a sign-in's failure codes (bg/signin-error.js, lib/fragment.js: lower case, the extension's own) mean to a
// web app. Host codes (upper case: RATE_LIMITED, ZOHO_BLOCKED, HOST_*) pass through unchanged.
const SIGN_IN_CODES = Object.freeze({ zoho_throttled: 'ZOHO_BLOCKED', cancelled: 'SIGN_IN_CANCELLED',
  access_denied: 'SIGN_IN_DECLINED' });

/**
 * A web app's answer to `signIn` from the session's result: `{ok: true}`, or an error of a documented code
 * (a host code, or one of {@link WEB_ERRORS}) with the wait (`retry_after_ms`) when the result has one.
 * @param {{ok: boolean, error?: {code?: string, message?: string, retry_after_ms?: number}}} result
 * @returns {{ok: true} | ReturnType<typeof webError>}
 */
export function signInAnswer(result) {
  if (result?.ok) return { ok: true };
  const code = String(result?.error?.code ?? 'ERROR');
  const web = SIGN_IN_CODES[code] ?? (/^[A-Z][A-Z0-9_]*$/.test(code) ? code : 'SIGN_IN_FAILED');
  return webError(web, result?.error?.message, result?.error?.retry_after_ms);
}
