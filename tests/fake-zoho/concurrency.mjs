// Per-org concurrency of the fake CRM API, shared by every data centre (an org's calls count together wherever
// they arrive), plus the test knobs that make requests overlap and the log of what reached the API.
//
// Rule copied: Zoho CRM caps the number of API calls of one org (per app) that are being processed at the same
// time, by edition: Free 5, Standard/Starter 10, Professional 15, Enterprise/Zoho One 20, Ultimate/CRM Plus 25
// (zoho.com/crm/developer/docs/api/v8/api-limits.html, "Concurrency"; zoho.md "CRM API": "429 TOO_MANY_REQUESTS
// (concurrency 5–25)"). A call that arrives while `cap` calls of its org are in flight is refused with HTTP 429
// TOO_MANY_REQUESTS ("Number of API requests for the 24 hour period is exceeded or the concurrency limit of the
// user for the app is exceeded", Zoho's status-codes page). The fake counts per org, not per org and app: every
// caller of a test is the same app (one client ID). Not modelled: the separate sub-concurrency limit of 10 for
// heavy calls (COQL, search with criteria, …) and API credits.
//
// A call is in flight from the moment its token was accepted (a call without a valid token has no org and is
// answered 401 at once) until its answer is written. The optional latency (ms) and the hold gate keep it there,
// so tests can make calls overlap: the latency only makes overlap likely; the gate makes it certain.

export const EDITION_CONCURRENCY = Object.freeze({ free: 5, standard: 10, professional: 15, enterprise: 20,
  ultimate: 25 });
export const DEFAULT_CONCURRENCY = EDITION_CONCURRENCY.enterprise;
export const LOG_LIMIT = 50_000; // oldest entries are dropped beyond this

function checkCap(v) {
  if (v === null || v === Infinity) return null;
  if (!Number.isInteger(v) || v < 1) throw new Error('fake-zoho: crmConcurrency must be an integer >= 1, or null for no cap');
  return v;
}

function checkLatency(v) {
  if (!Number.isFinite(v) || v < 0) throw new Error('fake-zoho: crmLatencyMs must be a number >= 0');
  return v;
}

/** @param {{concurrency?: number|null, latencyMs?: number}} opts */
export function makeConcurrency({ concurrency = DEFAULT_CONCURRENCY, latencyMs = 0 } = {}) {
  let cap = checkCap(concurrency);
  let latency = checkLatency(latencyMs);
  const inFlight = new Map(); // orgId -> calls now in flight
  const peak = new Map(); // orgId -> most calls in flight at once since the last reset
  let gate = null; // { promise, release } while held
  let log = [];
  let seq = 0;

  return {
    get cap() { return cap; },
    set cap(v) { cap = checkCap(v); },
    get latencyMs() { return latency; },
    set latencyMs(v) { latency = checkLatency(v); },

    /** Takes a slot for orgId; false when the org already has `cap` calls in flight (answer 429). */
    enter(orgId) {
      const now = inFlight.get(orgId) ?? 0;
      if (cap !== null && now >= cap) return false;
      inFlight.set(orgId, now + 1);
      peak.set(orgId, Math.max(peak.get(orgId) ?? 0, now + 1));
      return true;
    },
    leave(orgId) {
      const now = inFlight.get(orgId) ?? 0;
      if (now <= 1) inFlight.delete(orgId);
      else inFlight.set(orgId, now - 1);
    },
    /** Waits for the latency, then for the hold gate (if one is held now or gets held meanwhile). */
    async delay() {
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      while (gate) await gate.promise;
    },

    inFlight: (orgId) => (orgId === undefined ? [...inFlight.values()].reduce((a, b) => a + b, 0)
      : inFlight.get(orgId) ?? 0),
    maxInFlight: () => Math.max(0, ...peak.values()),
    maxInFlightByOrg: () => Object.fromEntries(peak),
    resetMaxInFlight() {
      peak.clear();
      for (const [org, n] of inFlight) peak.set(org, n);
    },

    /** Holds every admitted call until the returned function is called (idempotent). */
    hold() {
      if (!gate) {
        let release;
        const promise = new Promise((resolve) => { release = resolve; });
        gate = { promise, release: () => { gate = null; release(); } };
      }
      const mine = gate;
      return () => { if (gate === mine) mine.release(); };
    },

    /** Starts a log entry for a request; the caller fills in status (and orgId) when it answers. */
    record(entry) {
      const e = { seq: ++seq, ...entry, orgId: null, status: null };
      log.push(e);
      if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
      return e;
    },
    log: () => log.map((e) => ({ ...e, query: { ...e.query } })),
    clearLog() {
      log = [];
    },
  };
}
