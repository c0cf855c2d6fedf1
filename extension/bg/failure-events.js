// What a failed sign-in, refresh or sign-out means for the sign-in's state (lib/signin-states.js events).

import { HostError } from './host-client.js';
import { SignInError } from './zoho-auth.js';

// Zoho blocks token creation "for the next ten minutes" after its limit (Zoho Analytics refresh-token page); used
// when the host could not say how long its recorded block lasts.
export const ZOHO_BLOCK_MS = 10 * 60 * 1000;

/**
 * The event a failure leads to. Zoho's own throttle (SignInError `zoho_throttled`) is not handled here: the host
 * must first be told, and its answer gives the block's end.
 * @param {Error} e
 * @param {'signin'|'refresh'|'signout'} busy what was running
 * @param {'login'|'refresh'} kind the budget it counts against
 */
export function failureEvent(e, busy, kind) {
  if (e instanceof HostError && e.code === 'RATE_LIMITED') {
    return { type: 'budget_refused', kind, until: Date.now() + (e.retryAfterMs ?? 60000) };
  }
  if (e instanceof HostError && e.code === 'ZOHO_BLOCKED') {
    return { type: 'throttled', kind, until: Date.now() + (e.retryAfterMs ?? ZOHO_BLOCK_MS) };
  }
  if (e instanceof SignInError) {
    if (busy === 'refresh') return { type: 'refresh_refused', message: e.message };
    if (e.code === 'cancelled' || e.code === 'access_denied') return { type: 'signin_declined' };
    return { type: 'signin_failed', message: e.message };
  }
  if (e instanceof HostError) return { type: 'host_error', code: e.code, message: e.message };
  return busy === 'refresh' ? { type: 'refresh_refused', message: e.message } : { type: 'signin_failed', message: e.message };
}

/**
 * The state fields a failure changes besides the sign-in's state: which error the popup shows (a declined sign-in,
 * a host's refusal, any failed sign-out) and whether the host is reachable at all (HOST_* codes).
 */
export function failurePatch(e, event, busy) {
  const patch = { busy: null, lastError: null };
  const hostGone = event.type === 'host_error' && /^HOST_/.test(e.code);
  if (event.type === 'signin_declined' || (event.type === 'host_error' && !hostGone) || busy === 'signout') {
    patch.lastError = { code: e.code ?? 'ERROR', message: e.message };
  }
  if (hostGone) patch.host = { ok: false, error: e.message };
  return patch;
}

/**
 * What the caller of a failed action gets: always a code and a message, and `retry_after_ms` where waiting helps
 * (the host's budget answer, or the end of Zoho's throttle, `throttledUntil`).
 */
export function failureAnswer(e, throttledUntil) {
  const error = { code: e.code ?? 'ERROR', message: e.message };
  const wait = e.retryAfterMs ?? (throttledUntil ? throttledUntil - Date.now() : undefined);
  if (Number.isFinite(wait) && wait > 0) error.retry_after_ms = Math.ceil(wait);
  return { ok: false, error };
}
