// Zoho's throttle on token creation, per client ID, shared by every data centre the fake serves (whether Zoho
// keeps one count per DC or one for all is NV; one for all is the stricter choice).
//
// Rules copied:
// - Window limits (limits.mjs): 10 authorisations / 10 min per client ID ("If the limit is reached,
//   access_denied exception will be thrown for the remaining time", CRM v8 token-validity page); 20 silent
//   refreshes / 20 min (observed, zoho.md "Limits"); 10 token-endpoint requests / 10 min
//   (zoho.com/accounts/protocol/oauth/token-limits.html).
// - Once a limit is passed, "the access token creation will be blocked for the next ten minutes"
//   (zoho.com/analytics/api/v2/authentication/refresh-token.html): every token-creating request of that client
//   ID (authorisation, consent, refresh, token endpoint) is refused until the block ends.
// - Each attempt during the block starts the ten minutes again. NV: reported by third parties, not documented
//   by Zoho; option `block.extendOnRetry` (default true).
// - Answers: redirect endpoints carry error=access_denied with the description below; token endpoints answer
//   the JSON body below (zoho.md "Server-based": throttle body; HTTP 200 per Kaizen #43).
// Requests refused while throttled or blocked do not count toward the window (limits.mjs).
import { makeLimiters } from './limits.mjs';

export const THROTTLE_DESCRIPTION = 'You have made too many requests continuously. Please try again after some time.';
export const THROTTLE_BODY = Object.freeze({
  error_description: THROTTLE_DESCRIPTION,
  error: 'Access Denied',
  status: 'failure',
});
export const DEFAULT_BLOCK = Object.freeze({ seconds: 600, extendOnRetry: true });

/**
 * @param {{limits?: object, block?: {seconds?: number, extendOnRetry?: boolean}, now: () => number, state: object}} o
 *   state.throttled[kind] is counted for every refused request (and dcState.throttled[kind] of the DC it reached).
 */
export function makeThrottle({ limits = {}, block = {}, now, state }) {
  const limiters = makeLimiters(limits, now);
  const { seconds, extendOnRetry } = { ...DEFAULT_BLOCK, ...block };
  if (!(seconds >= 0)) throw new Error('fake-zoho: block.seconds must be >= 0');
  const blockMs = seconds * 1000;
  const blocks = new Map(); // clientId -> block end (ms)

  function refuse(kind, dcState) {
    state.throttled[kind] = (state.throttled[kind] ?? 0) + 1;
    if (dcState) dcState.throttled[kind] = (dcState.throttled[kind] ?? 0) + 1;
    return false;
  }

  return {
    limiters,
    /**
     * Decides whether a token-creating request may go on; true = go on.
     * @param {'auth'|'refresh'|'token'} kind which window it counts in
     * @param {string} clientId
     * @param {{dcState?: object, count?: boolean}} [opts] count false: subject to the block, not counted
     *   (the consent form's POST: its GET was counted already)
     */
    admit(kind, clientId, { dcState, count = true } = {}) {
      const t = now();
      if (t < (blocks.get(clientId) ?? 0)) {
        if (extendOnRetry) blocks.set(clientId, t + blockMs);
        return refuse(kind, dcState);
      }
      if (!count || limiters[kind].hit(clientId)) return true;
      if (blockMs > 0) blocks.set(clientId, t + blockMs);
      return refuse(kind, dcState);
    },
    /** When the block of clientId ends (ms), or null when it is not blocked. */
    blockedUntil(clientId) {
      const until = blocks.get(clientId) ?? 0;
      return until > now() ? until : null;
    },
  };
}
