// Sliding-window throttles, keyed (the fake keys them by client id).
//
// A call is allowed when fewer than `max` allowed calls with the same key
// happened in the last `windowS` seconds. Rejected calls are not recorded, so
// a client that keeps hammering is let in again as soon as its oldest allowed
// call leaves the window (Zoho does not document this detail).

export class SlidingWindow {
  /**
   * @param {{max: number, windowS: number}} opts
   * @param {() => number} [now] clock in milliseconds (injectable for tests)
   */
  constructor({ max, windowS }, now = Date.now) {
    if (!(max >= 0) || !(windowS > 0)) throw new TypeError('SlidingWindow needs max >= 0 and windowS > 0');
    this.max = max;
    this.windowMs = windowS * 1000;
    this.now = now;
    this.hits = new Map(); // key -> ascending timestamps of allowed calls
  }

  /** Drops timestamps that left the window and returns what remains for key. */
  #live(key) {
    const cutoff = this.now() - this.windowMs;
    const list = (this.hits.get(key) || []).filter((t) => t > cutoff);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Records a call; returns true when allowed, false when throttled. */
  hit(key) {
    const list = this.#live(key);
    if (list.length >= this.max) return false;
    list.push(this.now());
    this.hits.set(key, list);
    return true;
  }

  /** How many allowed calls for key are still inside the window. */
  count(key) {
    return this.#live(key).length;
  }

  /** Milliseconds until key may call again (0 when it may call now). */
  retryAfterMs(key) {
    const list = this.#live(key);
    if (list.length < this.max) return 0;
    return Math.max(0, list[list.length - this.max] + this.windowMs - this.now());
  }

  reset() {
    this.hits.clear();
  }
}

export const DEFAULT_LIMITS = Object.freeze({
  // "You can generate a maximum of 10 grant tokens in a span of 10 minutes per client ID" (CRM v8
  // token-validity page); observed with the client-based flow: 10 authentications / 10 min (zoho.md "Limits").
  auth: Object.freeze({ max: 10, windowS: 600 }),
  // Observed with the client-based flow: 20 refreshes / 20 min (zoho.md "Limits").
  refresh: Object.freeze({ max: 20, windowS: 1200 }),
  // "A total of 10 access token requests can be made within 10 minutes"
  // (zoho.com/accounts/protocol/oauth/token-limits.html, via zoho.md "Corrections").
  token: Object.freeze({ max: 10, windowS: 600 }),
});

/** Builds {auth, refresh, token} SlidingWindow instances from (partial) limit options. */
export function makeLimiters(limits = {}, now = Date.now) {
  const out = {};
  for (const kind of Object.keys(DEFAULT_LIMITS)) {
    out[kind] = new SlidingWindow({ ...DEFAULT_LIMITS[kind], ...(limits[kind] || {}) }, now);
  }
  return out;
}
