// The sync planner of one account index: from the index's stored sync state and the time, what to ask Zoho next and
// how to fold each answer in. Pure module: no browser globals, no I/O; the caller makes the calls, applies the
// upserts and removals to its index, and persists the returned state after every page (so a sync cut off by a
// browser restart resumes where it stopped).
//
// Zoho rules it follows (zoho.md "Corrections", crm-oas v8.0/record.json and users.json):
// - Get Records: `fields` mandatory, per_page ≤ 200; `page` reaches only the first 2,000 records, beyond them
//   `info.next_page_token` passed back as `page_token` reaches up to 100,000 (then PAGINATION_LIMIT_EXCEEDED); a page
//   token expires after 24 h (`info.page_token_expiry`, EXPIRED_VALUE) and is bound to the other parameters
//   (TOKEN_BOUND_DATA_MISMATCH): either restarts that walk from page 1.
// - Incremental: Get Records, Get Deleted Records (`/{module}/deleted?type=all`) and Get Users take an
//   `If-Modified-Since` header; nothing changed → 304 without a body; nothing at all → 204.
// - Users by `type`: ActiveUsers are upserted; DeactiveUsers and DeletedUsers (incremental syncs only) removed.

/** How long after a complete sync the next one is due unless forced (15 minutes). */
export const DEFAULT_INTERVAL_MS = 15 * 60_000;
/** Subtracted from a sync's start time to get the next If-Modified-Since, for clock skew with Zoho (2 minutes). */
export const DEFAULT_MARGIN_MS = 2 * 60_000;
/** Zoho's per_page maximum. */
export const PER_PAGE = 200;
/** Records `page` reaches; past them a page token is needed. */
export const PAGE_RECORD_LIMIT = 2000;
/** Records a page-token walk reaches. */
export const TOKEN_RECORD_LIMIT = 100_000;
/** Error codes after which a walk restarts from its first page. */
export const RESTART_CODES = Object.freeze(['EXPIRED_VALUE', 'TOKEN_BOUND_DATA_MISMATCH']);
/** Restarts of one walk in a row before the sync is reported failed. */
export const MAX_RESTARTS = 2;

const isUsers = (source) => source?.type === 'users';

/**
 * The key of one index: client ID, data centre, org and source (users, or a module with its fields).
 * @param {{clientId: string, dc: string, orgId: string, source: {type: string, module?: string, fields?: string[]}}} k
 * @returns {string}
 */
export function indexKey({ clientId, dc, orgId, source }) {
  const src = isUsers(source) ? ['users'] : ['module', source.module, [...(source.fields ?? [])]];
  return JSON.stringify(['index-v1', String(clientId), String(dc), String(orgId ?? ''), src]);
}

/**
 * The sync state of an index that was never synced.
 * @param {string} key from {@link indexKey}
 */
export function emptySyncState(key) {
  return { v: 1, key, watermark: null, syncedAt: null, truncated: false, error: null, run: null };
}

/**
 * Whether a sync should run now: one is unfinished (resume), none ever completed, it is forced (the popup's
 * sync-now), or the interval passed since the last complete sync (a clock set back counts as due).
 * @param {object} state @param {number} now ms @param {{intervalMs?: number, force?: boolean}} [o]
 */
export function syncDue(state, now, { intervalMs = DEFAULT_INTERVAL_MS, force = false } = {}) {
  if (!state || state.run || state.syncedAt == null || force) return true;
  const since = now - state.syncedAt;
  return since < 0 || since >= intervalMs;
}

function steps(source, full) {
  if (isUsers(source)) return full ? ['ActiveUsers'] : ['ActiveUsers', 'DeactiveUsers', 'DeletedUsers'];
  return full ? ['records'] : ['records', 'deleted'];
}

const freshWalk = (run) => ({ ...run, page: 1, token: null, tokenExpiry: null });

/**
 * Starts a sync, or prepares the unfinished one to resume: a run whose page token expired by the clock restarts its
 * walk at once (no call wasted on an EXPIRED_VALUE).
 * @param {object} state @param {object} source @param {number} now ms
 * @returns {object} the new state (persist it)
 */
export function beginSync(state, source, now) {
  if (state.run) {
    const r = state.run;
    const expired = r.token && r.tokenExpiry != null && now >= r.tokenExpiry;
    return { ...state, error: null, run: expired ? freshWalk({ ...r, fetched: 0 }) : r };
  }
  const full = state.watermark == null;
  const run = freshWalk({ full, since: state.watermark, steps: steps(source, full), step: 0, startedAt: now,
    fetched: 0, restarts: 0 });
  return { ...state, error: null, run };
}

/** ISO 8601 with an offset, as Zoho writes date-times (If-Modified-Since). */
const zohoTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/**
 * The next call of the running sync: {path (after /crm/v{n}/), query, headers}, or null when none runs.
 * @param {object} state @param {object} source
 */
export function nextRequest(state, source) {
  const r = state.run;
  if (!r) return null;
  const step = r.steps[r.step];
  const headers = r.since != null ? { 'If-Modified-Since': zohoTime(r.since) } : {};
  if (isUsers(source)) return { path: 'users', query: { type: step, per_page: PER_PAGE, page: r.page }, headers };
  if (step === 'deleted') {
    return { path: `${source.module}/deleted`, query: { type: 'all', per_page: PER_PAGE, page: r.page }, headers };
  }
  const at = r.token ? { page_token: r.token } : { page: r.page };
  return { path: source.module, query: { fields: source.fields.join(','), per_page: PER_PAGE, ...at }, headers };
}

function nextStep(state, now, marginMs, extra = {}) {
  const r = state.run;
  if (r.step + 1 < r.steps.length) return { ...state, ...extra, run: freshWalk({ ...r, step: r.step + 1, restarts: 0 }) };
  // Complete: later syncs ask for what changed since this one began.
  return { ...state, ...extra, run: null, error: null, syncedAt: now, watermark: r.startedAt - marginMs };
}

/**
 * Folds one answer of {@link nextRequest}'s call into the state.
 * @param {object} state @param {object} source
 * @param {{status: number, body?: object} | {error: string}} answer an HTTP answer (200, 204, 304) or a CRM error code
 * @param {number} now ms
 * @param {{marginMs?: number}} [o]
 * @returns {{state: object, upsert: object[], remove: string[], done: boolean, failed: boolean, restarted: boolean}}
 *   upsert: raw users or records to add or replace; remove: ids to drop; done: the sync completed
 */
export function foldAnswer(state, source, answer, now, { marginMs = DEFAULT_MARGIN_MS } = {}) {
  const out = (s, o = {}) => ({ state: s, upsert: [], remove: [], done: !s.run && !o.failed, failed: false,
    restarted: false, ...o });
  const r = state.run;
  if (!r) return out(state);
  const step = r.steps[r.step];
  if (answer.error) {
    if (answer.error === 'PAGINATION_LIMIT_EXCEEDED' && step === 'records') {
      return out(nextStep(state, now, marginMs, { truncated: true }));
    }
    if (RESTART_CODES.includes(answer.error) && r.restarts < MAX_RESTARTS) {
      return out({ ...state, run: freshWalk({ ...r, fetched: 0, restarts: r.restarts + 1 }) }, { restarted: true });
    }
    // Kept so the next sync resumes; a walk that keeps failing starts over then.
    const run = RESTART_CODES.includes(answer.error) ? freshWalk({ ...r, fetched: 0, restarts: 0 }) : r;
    return out({ ...state, run, error: answer.error }, { failed: true });
  }
  if (answer.status === 204 || answer.status === 304 || !answer.body) return out(nextStep(state, now, marginMs));
  const body = answer.body;
  const info = body.info ?? {};
  const list = (isUsers(source) ? body.users : body.data) ?? [];
  const ids = list.map((x) => String(x?.id ?? '')).filter(Boolean);
  const removing = step === 'deleted' || step === 'DeactiveUsers' || step === 'DeletedUsers';
  const upsert = removing ? [] : list;
  const remove = removing ? ids : [];
  const fetched = r.fetched + list.length;
  const more = info.more_records === true && list.length > 0;
  if (!more) return out(nextStep(state, now, marginMs, { truncated: r.full ? false : state.truncated }), { upsert, remove });
  const page = r.page + 1;
  let walk = { page, token: null, tokenExpiry: null };
  if (step === 'records' && (r.token || page * PER_PAGE > PAGE_RECORD_LIMIT)) {
    if (fetched >= TOKEN_RECORD_LIMIT || typeof info.next_page_token !== 'string' || !info.next_page_token) {
      const truncated = fetched >= TOKEN_RECORD_LIMIT || (!r.full && state.truncated);
      return out(nextStep(state, now, marginMs, { truncated }), { upsert, remove });
    }
    const expiry = Date.parse(info.page_token_expiry ?? '');
    walk = { page, token: info.next_page_token, tokenExpiry: Number.isFinite(expiry) ? expiry : null };
  }
  return out({ ...state, run: { ...r, ...walk, fetched, restarts: 0 } }, { upsert, remove });
}

/**
 * What the popup shows: {state: 'syncing', fetched, expected} | {state: 'synced', at} | {state: 'failed', error,
 * at} | {state: 'never'}. `expected` is the size of the index before this sync (null on a first sync).
 * @param {object} state @param {number|null} [indexSize]
 */
export function syncStatus(state, indexSize = null) {
  if (state?.error) return { state: 'failed', error: state.error, at: state.syncedAt ?? null };
  if (state?.run) return { state: 'syncing', fetched: state.run.fetched, expected: state.run.full ? null : indexSize };
  if (state?.syncedAt != null) return { state: 'synced', at: state.syncedAt, truncated: !!state.truncated };
  return { state: 'never' };
}
