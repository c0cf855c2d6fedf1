// Short texts for the popup and timing helpers. Pure module: no browser globals, no implicit clock.

/** Longest delay `setTimeout` honours (2^31 − 1 ms); longer delays fire at once in browsers. */
export const MAX_TIMER_MS = 2147483647;

/**
 * Time left on a token, rounded up to the second: `'1 h 5 min'`, `'59 min'`, `'4 min 10 s'` (under 10 minutes
 * seconds are shown, `'4 min'` when they are 0), `'12 s'`, and `'expired'` at or below 0 (or when not a number).
 * @param {number} ms
 * @returns {string}
 */
export function formatRemaining(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return 'expired';
  const total = Math.ceil(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes < 10) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * Default clock formatter: `HH:MM` in UTC (deterministic). Pass your own for local time, e.g.
 * `(t) => new Date(t).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})`.
 * @param {number} t milliseconds since the epoch
 * @returns {string}
 */
export function utcClock(t) {
  return `${new Date(t).toISOString().slice(11, 16)} UTC`;
}

/**
 * A login or refresh budget (as in the host's `budget.get` / `budget.reserve` answers) for a person:
 * `'3 of 20 used'`, or when every slot is used `'full — next at 14:05'` (`'full — next free now'` when
 * `next_free_at` has already passed, as the counts are then out of date).
 * @param {{used: number, limit: number, next_free_at?: number}} budget
 * @param {number} now milliseconds since the epoch
 * @param {(t: number) => string} [formatClock] turns `next_free_at` into a clock time; defaults to {@link utcClock}
 * @returns {string}
 */
export function formatBudget({ used, limit, next_free_at: nextFreeAt }, now, formatClock = utcClock) {
  const u = Math.max(0, Math.trunc(Number(used) || 0));
  const l = Math.max(0, Math.trunc(Number(limit) || 0));
  if (u < l) return `${u} of ${l} used`;
  if (typeof nextFreeAt !== 'number' || !Number.isFinite(nextFreeAt)) return 'full';
  if (nextFreeAt <= now) return 'full — next free now';
  return `full — next at ${formatClock(nextFreeAt)}`;
}

/**
 * Milliseconds to wait before a scheduled refresh: `refresh_at − now`, never below 0 and never above
 * {@link MAX_TIMER_MS}; 0 when `refresh_at` is not a number.
 * @param {number} refreshAt `refresh_at` from the host, milliseconds since the epoch
 * @param {number} now milliseconds since the epoch
 * @returns {number}
 */
export function refreshDelay(refreshAt, now) {
  const d = Number(refreshAt) - Number(now);
  if (!Number.isFinite(d) || d <= 0) return 0;
  return Math.min(Math.ceil(d), MAX_TIMER_MS);
}

/**
 * The popup's line about the account list: a first sync's count so far (Zoho's list answers give no total), an
 * incremental sync checking for changes, synced at a time, or failed with the saved accounts still usable. `a` is the accounts service's progress ({loading, loaded, count, error, sync}).
 * @param {{loading?: boolean, loaded?: boolean, count: number, error?: string|null, sync?: object}} a
 * @param {(t: number) => string} [formatClock]
 * @returns {string}
 */
export function formatAccountsStatus(a, formatClock = utcClock) {
  const n = (x) => x.toLocaleString('en-US');
  const sync = a.sync ?? { state: 'never' };
  const held = `${n(a.count)} account${a.count === 1 ? '' : 's'}`;
  if (a.error) return a.count ? `${held} saved · sync failed: ${a.error}` : a.error;
  if (a.loading || sync.state === 'syncing') {
    return sync.expected == null ? `Syncing accounts… ${n(a.count)} so far` : `${held} · checking Zoho for changes…`;
  }
  if (sync.state === 'synced') return `${held} · synced at ${formatClock(sync.at)}${sync.truncated ? ' (first 100,000)' : ''}`;
  return a.count ? held : '';
}
