// The accounts a person can choose from: an in-memory index that the popup searches on every keystroke, filled at
// once from the encrypted cache of the last session (lib/index-cache.js, key from the host) and kept current by the
// sync planner (lib/sync-planner.js): a first sync pages through everything, later ones ask Zoho only for what
// changed, at most once per interval unless forced from the popup. Also the signed-in user's name.

import { AccountIndex, LIST_LIMIT, normalizeRecord, normalizeUser } from '../lib/accounts.js';
import { needsCompaction } from '../lib/index-cache.js';
import { mergeRemote, remoteSearchRequest } from '../lib/remote-search.js';
import { beginSync, emptySyncState, foldAnswer, indexKey, nextRequest, syncDue, syncStatus }
  from '../lib/sync-planner.js';
import { createCrm, currentUser } from './crm.js';

// Zoho CRM's answers to a token it no longer accepts.
const REJECTED = new Set(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']);
// Errors the planner folds in (a walk to restart, the 100,000-record end) rather than a failed sync.
const FOLDED = new Set(['EXPIRED_VALUE', 'TOKEN_BOUND_DATA_MISMATCH', 'PAGINATION_LIMIT_EXCEEDED']);

export class AccountsService {
  #session;
  #index = new AccountIndex();
  #loadedFor = '';
  #loading = null;
  #sync = null; // {key, state, cache}: the sync state of the index shown, and its cache (null: memory only)
  // The cached first screen of an index (lib/index-cache.js loadFirstScreen), {key, accounts, cache}: what the empty query
  // shows until the index itself has loaded, so a popup opened after a restart lists accounts at once.
  #first = null;
  #preloading = null;
  #firstListeners = new Set();
  // `generation` changes whenever the list is emptied (sign-in, source, data centre), so a page showing it knows to
  // ask again; `loaded` says the list is usable (from the cache or a complete sync; an empty module is loaded).
  #generation = 0;
  progress = { loading: false, loaded: false, count: 0, error: null, generation: 0, sync: { state: 'never' } };

  #fetch;
  #openCache;
  #now;
  #intervalMs;

  /**
   * @param {object} session the background Session
   * @param {{fetch?: typeof fetch, openCache?: (indexKey: string) => Promise<object|null>, now?: () => number,
   *   intervalMs?: number}} [o] a test's own fetch; the opener of an index's encrypted cache (none: memory
   *   only); the clock; the sync interval (default: the settings' syncIntervalMinutes, else the planner's 15)
   */
  constructor(session, { fetch, openCache, now = () => Date.now(), intervalMs } = {}) {
    this.#session = session;
    this.#fetch = fetch;
    this.#openCache = openCache;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  // `used`, where given, is told the stored_at of the token each call carries (for Session.apiRejected).
  #crm(used) {
    const s = this.#session.settings;
    return createCrm(async () => {
      const t = await this.#session.token();
      if (used) used.storedAt = t.stored_at;
      return { accessToken: t.access_token, api: t.endpoints.api };
    }, s.crmVersion, this.#fetch);
  }

  // A CRM call with one renewal: Zoho's 401 to a token the host still holds leads to one refresh within budget
  // (Session.apiRejected), then one more try; a second 401, or no renewal, leaves the session asking for a sign-in.
  // `call(used)` makes its CRM calls with this.#crm(used), so the session knows which token Zoho refused.
  async #withRenewal(call) {
    const used = { storedAt: this.#session.state.token?.stored_at };
    try {
      return await call(used);
    } catch (e) {
      if (!REJECTED.has(e.code) || !(await this.#session.apiRejected(used.storedAt))) throw e;
      return call(used);
    }
  }

  async loadUser() {
    try {
      this.#session.setUser(await this.#withRenewal((used) => currentUser(this.#crm(used))));
    } catch {
      // The session's state says what is wrong; the user's name is only a nicety.
    }
  }

  /**
   * Shows the cached index at once (first call per client, source and sign-in), then syncs when one is due (or
   * `force`); resolves when done. Progress goes to onProgress.
   */
  load(onProgress, { force = false } = {}) {
    const s = this.#session.settings;
    // A new sign-in (stored_at) loads again: a failure is never remembered across sign-ins.
    // The active user (another profile's, or none) is part of it: switching users lists the new user's org.
    const key = JSON.stringify([s.clientId, this.#session.scope().dc, s.accountSource, this.#session.state.token?.stored_at,
      this.#session.state.activeUser?.installation ?? null]);
    if (this.#loadedFor === key && this.#loading) return this.#loading;
    if (this.#loadedFor !== key) {
      this.#generation++;
      this.#index.clear();
      this.#sync = null;
    }
    this.#loadedFor = key;
    const generation = this.#generation;
    const alive = () => generation === this.#generation; // no reset or other list since this load began
    const at = (patch) => {
      if (!alive()) return this.progress; // a reset list is not overwritten by what an old load still reports
      const sync = syncStatus(this.#sync?.state, this.#index.size);
      this.progress = { loading: false, loaded: false, count: this.#index.size, error: null, generation, sync, ...patch };
      return this.progress;
    };
    this.#loading = (async () => {
      if (!this.#sync) await this.#openIndex(s.accountSource, alive, () => onProgress(at({ loaded: true })));
      if (!alive()) return this.progress;
      const { state } = this.#sync;
      const minutes = s.syncIntervalMinutes;
      const intervalMs = this.#intervalMs ?? (Number.isInteger(minutes) ? minutes * 60_000 : undefined);
      if (!syncDue(state, this.#now(), { force, intervalMs })) return at({ loaded: true });
      onProgress(at({ loading: true, loaded: state.syncedAt != null }));
      await this.#withRenewal((used) => this.#runSync(s.accountSource, alive, () => onProgress(at({ loading: true,
        loaded: this.#sync?.state.syncedAt != null })), used));
      this.#index.prepare(); // the first search after loading is then as fast as the rest
      return at({ loaded: true });
    })()
      .catch((e) => at({ loaded: this.#sync?.state?.syncedAt != null, error: e.message }))
      .finally(() => {
        if (generation === this.#generation) this.#loading = null;
        onProgress(this.progress);
      });
    return this.#loading;
  }

  /** The popup's sync-now: a sync even within the interval. */
  syncNow(onProgress) {
    return this.#loading ?? this.load(onProgress, { force: true });
  }

  // Opens the index's cache and shows what it holds; an unusable cache (host unreachable, another vault key,
  // damaged) is dropped or skipped and the index syncs from Zoho: never an error that blocks the chooser.
  #indexKey(source) {
    const s = this.#session.settings;
    return indexKey({ clientId: s.clientId, dc: this.#session.scope().dc, orgId: this.#session.accountScope()?.org ?? '',
      source });
  }

  /** Calls `listener()` whenever a preload has found a first screen to show. */
  onFirstScreen(listener) {
    this.#firstListeners.add(listener);
  }

  /**
   * Reads the cached first screen of the signed-in user's index (two small records, not the index), for a popup
   * opened before the index is loaded. Run when the background starts; never throws. Resolves whether it has one.
   */
  preloadFirstScreen() {
    this.#preloading ??= (async () => {
      const s = this.#session.settings;
      const t = this.#session.state.token;
      if (!s?.clientId || !s.accountSource || !this.#openCache || !t?.present || t.expired) return false;
      const key = this.#indexKey(s.accountSource);
      if (this.#index.size > 0 || this.#first?.key === key) return this.#first?.key === key;
      const cache = await this.#openCache(key).catch(() => null);
      const first = await cache?.loadFirstScreen().catch(() => null);
      if (first?.state?.key !== key || this.#index.size > 0 || key !== this.#indexKey(s.accountSource)) return false;
      this.#first = { key, accounts: first.accounts, cache }; // the cache, opened once: the index load reuses it
      for (const listener of this.#firstListeners) listener();
      return true;
    })().catch(() => false).finally(() => {
      this.#preloading = null;
    });
    return this.#preloading;
  }

  // The accounts of the list's first screen as the index would list them for the empty query: for the cache.
  #firstScreen() {
    return this.#index.search('', { limit: LIST_LIMIT });
  }

  async #openIndex(source, alive, shown) {
    const key = this.#indexKey(source);
    // The preload opened this index's cache already (the host's index.key asked once per start, not twice).
    const preloaded = this.#first?.key === key ? this.#first.cache : null;
    const cache = preloaded ?? (this.#openCache ? await this.#openCache(key).catch(() => null) : null);
    // Each chunk goes into the index as soon as it is decrypted, and the first one is shown at once: snapshots are
    // saved by name, so the first chunk is the list's first screen, and a search sees whatever has loaded so far.
    let added = false;
    const onEntry = ({ upsert, remove }, state) => {
      if (!alive() || state?.key !== key) return;
      this.#index.add(upsert);
      this.#index.remove(remove);
      if (added) return;
      added = true;
      this.#index.prepare();
      shown();
    };
    const saved = cache ? await cache.load({ onEntry }).catch(() => null) : null;
    const usable = saved && saved.state?.key === key;
    if (!alive()) return;
    if (added && !usable) this.#index.clear(); // a chunk further on was damaged: the cache is dropped, sync again
    this.#sync = { key, cache, meta: usable ? saved.meta : null, state: usable ? saved.state : emptySyncState(key) };
    if (usable) {
      this.#index.prepare();
      shown();
    }
  }

  async #runSync(source, alive, onPage, used) {
    const sync = this.#sync;
    const crm = this.#crm(used);
    const normalize = source.type === 'users' ? normalizeUser : (r) => normalizeRecord(r, source);
    sync.state = beginSync(sync.state, source, this.#now());
    onPage();
    while (sync.state.run && alive()) {
      const req = nextRequest(sync.state, source);
      let answer;
      try {
        const body = await crm.get(req.path, req.query, req.headers);
        answer = body ? { status: 200, body } : { status: 204 };
      } catch (e) {
        if (!FOLDED.has(e.code)) {
          if (!REJECTED.has(e.code)) await this.#save(sync, { ...sync.state, error: e.code ?? 'ERROR' }, [], []);
          throw e;
        }
        answer = { error: e.code };
      }
      if (!alive()) return; // a reset while Zoho answered: this list is gone
      const f = foldAnswer(sync.state, source, answer, this.#now());
      const upsert = f.upsert.map(normalize).filter(Boolean);
      this.#index.add(upsert);
      this.#index.remove(f.remove);
      await this.#save(sync, f.state, upsert, f.remove);
      onPage();
      if (f.failed) throw new Error(`Zoho CRM refused the sync (${f.state.error}); the saved accounts stay usable.`);
    }
    if (alive() && sync.cache && needsCompaction(sync.meta)) {
      sync.meta = await sync.cache.snapshot({ state: sync.state, accounts: this.#index.accounts(),
        firstScreen: this.#firstScreen() }).catch(() => sync.meta);
    }
  }

  // Keeps the state (and this page's changes) in memory and, where there is one, in the cache; a cache that fails
  // to write is left out from then on, the index in memory still works.
  async #save(sync, state, upsert, remove) {
    sync.state = state;
    if (!sync.cache) return;
    try {
      if (upsert.length || remove.length) {
        sync.meta = await sync.cache.append({ state, upsert, remove, firstScreen: this.#firstScreen() });
      }
      else await sync.cache.saveState(state);
    } catch {
      sync.cache = null;
    }
  }

  /** Empties the list (sign-out, settings change): pages showing it see a new generation and ask again. */
  reset() {
    this.#loadedFor = '';
    this.#loading = null;
    this.#index.clear();
    this.#sync = null;
    this.#first = null;
    this.progress = { loading: false, loaded: false, count: 0, error: null, generation: ++this.#generation,
      sync: { state: 'never' } };
  }

  search(query, recent) {
    const recentIds = (recent ?? []).map((a) => a.id);
    const q = query ?? '';
    // Before the index has loaded: the cached first screen for the empty query, recent accounts first.
    if (this.#index.size === 0 && !q.trim() && this.#first && this.#first.key === this.#shownKey()) {
      const rest = this.#first.accounts.filter((a) => !recentIds.includes(a.id));
      return [...(recent ?? []), ...rest].slice(0, LIST_LIMIT);
    }
    return this.#index.search(q, { recentIds, limit: LIST_LIMIT });
  }

  // The index key of what the popup shows now, or null when not signed in.
  #shownKey() {
    const s = this.#session.settings;
    return s?.clientId && s.accountSource ? this.#indexKey(s.accountSource) : null;
  }

  /** Whether a query should also go to Zoho's search: the first sync of a module is running and it has a word. */
  remoteSearchDue(query) {
    const state = this.#sync?.state;
    return !!(state?.run && state.syncedAt == null && remoteSearchRequest(this.#session.settings.accountSource, query));
  }

  /**
   * While the first sync runs: the local results, then Zoho's search results (`/{module}/search?word=`) matching
   * the query that are not listed yet, up to 50. Otherwise, or when Zoho fails, the local results alone.
   */
  async searchMerged(query, recent) {
    const local = this.search(query, recent);
    const source = this.#session.settings.accountSource;
    if (local.length >= 50 || !this.remoteSearchDue(query)) return local;
    const req = remoteSearchRequest(source, query);
    try {
      const body = await this.#withRenewal((used) => this.#crm(used).get(req.path, req.query));
      const remote = (body?.data ?? []).map((r) => normalizeRecord(r, source)).filter(Boolean);
      return mergeRemote(this.search(query, recent), remote, query);
    } catch {
      return local; // the local list still answers; the sync reports Zoho's trouble
    }
  }
}
