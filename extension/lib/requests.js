// Matching native-host answers to requests on a `runtime.connectNative` port (see docs/PROTOCOL.md).
// Pure module: no timers, no browser globals; the caller owns the port and any timeouts.

import { ErrorCode } from './host-errors.js';

/** Host error codes after which the host exits, so nothing else pending on the port will be answered. */
export const FATAL_CODES = Object.freeze([ErrorCode.BAD_FRAME, ErrorCode.FRAME_TOO_LARGE]);

/**
 * A source of request ids: positive integers counting up from `start`, wrapping to 1 before
 * `Number.MAX_SAFE_INTEGER` (the protocol allows integer ids).
 * @param {{start?: number}} [options]
 * @returns {{next: () => number}}
 */
export function createRequestIds({ start = 1 } = {}) {
  let n = Number.isSafeInteger(start) && start >= 1 ? start - 1 : 0;
  return {
    next() {
      n = n >= Number.MAX_SAFE_INTEGER - 1 ? 1 : n + 1;
      return n;
    },
  };
}

const validId = (id) => (typeof id === 'string' && id.length <= 128) || Number.isSafeInteger(id);

/**
 * Read a message from the host as an outcome: `{id, ok: true, data}` (`data` = the answer's fields without `id`
 * and `ok`), `{id, ok: false, error: {code, message, retry_after_ms?}}`, or `null` when it is not a protocol
 * answer. `id` is `null` for the host's answers to frames it could not read (e.g. `BAD_FRAME`).
 * @param {unknown} response
 * @returns {null | {id: string|number|null, ok: true, data: Record<string, unknown>}
 *   | {id: string|number|null, ok: false, error: {code: string, message: string, retry_after_ms?: number}}}
 */
export function matchResponse(response) {
  if (!response || typeof response !== 'object' || Array.isArray(response)) return null;
  const { id, ok, ...data } = response;
  if (id !== null && !validId(id)) return null;
  if (ok === true) return { id, ok: true, data };
  if (ok !== false) return null;
  const e = response.error && typeof response.error === 'object' ? response.error : {};
  const error = {
    code: typeof e.code === 'string' && e.code !== '' ? e.code : ErrorCode.INTERNAL,
    message: typeof e.message === 'string' && e.message !== '' ? e.message : 'The native host reported an error.',
  };
  if (Number.isFinite(e.retry_after_ms) && e.retry_after_ms >= 0) error.retry_after_ms = e.retry_after_ms;
  return { id, ok: false, error };
}

/**
 * @typedef {object} PendingEntry
 * @property {number} id
 * @property {string} type the request type, e.g. `token.get`
 * @property {unknown} context whatever the caller passed to `next` (e.g. a promise's resolve/reject)
 */

/**
 * A correlator for one native port: numbers requests, remembers which are unanswered and matches answers to them.
 *
 * - `next(type, fields, context?)` → `{id, message}`: `message` is `{...fields, id, type}` ready for
 *   `port.postMessage` (`fields` cannot override `id` or `type`); the request is now pending.
 * - `resolve(response)` → the pending entry the answer belongs to, with `outcome` ({@link matchResponse}), and
 *   forgets it; `null` for an unknown, already answered or malformed answer.
 * - `cancel(id)` → the pending entry (forgotten), or `null`; for the caller's timeouts.
 * - `pending` → how many requests wait for an answer.
 * - `rejectAll(error)` → every pending entry with `error` attached, all forgotten; for a port that disconnected or
 *   a fatal host error (see {@link FATAL_CODES}).
 *
 * @param {{ids?: {next: () => number}}} [options] an id source (default {@link createRequestIds})
 */
export function createCorrelator({ ids = createRequestIds() } = {}) {
  /** @type {Map<number|string, PendingEntry>} */
  const pending = new Map();
  return {
    /**
     * @param {string} type
     * @param {Record<string, unknown>} [fields]
     * @param {unknown} [context]
     * @returns {{id: number, message: Record<string, unknown>}}
     */
    next(type, fields = {}, context = undefined) {
      if (typeof type !== 'string' || type === '') throw new TypeError('next: type must be a non-empty string');
      let id = ids.next();
      while (pending.has(id)) id = ids.next();
      pending.set(id, { id, type, context });
      return { id, message: { ...fields, id, type } };
    },
    /**
     * @param {unknown} response
     * @returns {(PendingEntry & {outcome: ReturnType<typeof matchResponse>}) | null}
     */
    resolve(response) {
      const outcome = matchResponse(response);
      if (!outcome || outcome.id === null || !pending.has(outcome.id)) return null;
      const entry = pending.get(outcome.id);
      pending.delete(outcome.id);
      return { ...entry, outcome };
    },
    /** @param {number|string} id @returns {PendingEntry|null} */
    cancel(id) {
      const entry = pending.get(id);
      if (!entry) return null;
      pending.delete(id);
      return entry;
    },
    /** @returns {number} */
    get pending() {
      return pending.size;
    },
    /**
     * @param {unknown} error
     * @returns {Array<PendingEntry & {error: unknown}>} in the order the requests were made
     */
    rejectAll(error) {
      const all = [...pending.values()].map((entry) => ({ ...entry, error }));
      pending.clear();
      return all;
    },
  };
}
