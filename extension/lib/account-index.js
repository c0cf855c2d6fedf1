// The searchable in-memory account index behind the account picker (re-exported by accounts.js); no browser globals.

/** Most accounts a list shows at once (a search's results, the first screen). */
export const LIST_LIMIT = 50;
/** Most accounts an {@link AccountIndex} holds by default. */
export const MAX_ACCOUNTS = 100000;

const SPECIAL = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ſ: 's' };
const PRINTABLE_ASCII = /^[\x20-\x7e\u00b7]*$/; // and the middle dot that joins a record's details

/**
 * Fold text for matching: lower case, compatibility-decomposed, accents removed, ß/æ/œ/ø/ł/đ/ð/þ/ı spelled out
 * in ASCII (`Ærø Straße` → `aero strasse`), control characters turned into spaces.
 * @param {unknown} s
 * @returns {string}
 */
export function foldText(s) {
  const str = String(s ?? '');
  if (PRINTABLE_ASCII.test(str)) return str.toLowerCase(); // the common case, and about ten times faster
  return str
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıſ]/g, (c) => SPECIAL[c])
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const bySortKey = (a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const [RECORD_KEYS, USER_KEYS] = ['id,name,kind,module,detail', 'id,name,kind,detail'];
// A frozen copy; the shapes of normalizeRecord and normalizeUser by an object literal, because V8 keeps a frozen
// spread copy (`Object.freeze({...a})`) at ~290 bytes against 72 (20 MiB of 100,000 accounts; bench/extension).
function frozenCopy(a) {
  const keys = Object.keys(a).join();
  if (keys === RECORD_KEYS) {
    return Object.freeze({ id: a.id, name: a.name, kind: a.kind, module: a.module, detail: a.detail });
  }
  if (keys === USER_KEYS) return Object.freeze({ id: a.id, name: a.name, kind: a.kind, detail: a.detail });
  return Object.freeze(Object.assign({}, a));
}

/**
 * In-memory index of accounts (from `normalizeUser` / `normalizeRecord`) for the account picker, for up to
 * {@link MAX_ACCOUNTS} accounts keyed by `id` (adding one again replaces it).
 *
 * How it stays fast: `add` folds each account's name and detail once. The bulk of the accounts lives in a "main"
 * part sorted by folded name, whose keys are joined into one string with an offset table, so a search is a few
 * `indexOf` scans over contiguous memory that stop once `limit` results are found. Accounts added since the main
 * part was built wait in a small unsorted "recent additions" part that each search scans in full; `add` merges it
 * into the main part when it outgrows max(2048, main/8), so neither a search nor a typical `add` ever pays for
 * rebuilding everything, and the rebuild cost is amortized over the pages that arrive from Zoho. An entry of the
 * main part keeps no key of its own (`key`, `sortKey` null; `pos` its place): it is read back from the haystack.
 */
export class AccountIndex {
  #capacity;
  #byId = new Map(); // id -> live entry {id, account, key, sortKey, inMain, dead, pos}
  #main = []; // sorted entries; replaced ones stay until the next rebuild with dead = true
  #dead = 0;
  #pending = []; // live entries not yet in #main
  #haystack = '';
  #starts = new Int32Array(1);
  #truncated = false;

  /** @param {{capacity?: number}} [options] most accounts held (default {@link MAX_ACCOUNTS}) */
  constructor({ capacity = MAX_ACCOUNTS } = {}) {
    this.#capacity = Number.isInteger(capacity) && capacity > 0 ? capacity : MAX_ACCOUNTS;
  }

  /** Number of accounts held. @returns {number} */
  get size() {
    return this.#byId.size;
  }

  /** Whether `add` had to leave out new accounts because the index was full. @returns {boolean} */
  get truncated() {
    return this.#truncated;
  }

  /**
   * Add or replace accounts. Items without a string `id` or `name` are skipped; new ids beyond the capacity are
   * left out (and {@link AccountIndex#truncated} becomes true). Stored accounts are frozen copies.
   * @param {Iterable<{id: string, name: string, detail?: string}>} list
   * @returns {number} how many were added or replaced
   */
  add(list) {
    let n = 0;
    for (const a of list ?? []) {
      if (!a || typeof a.id !== 'string' || a.id === '' || typeof a.name !== 'string') continue;
      const existing = this.#byId.get(a.id);
      if (!existing && this.#byId.size >= this.#capacity) {
        this.#truncated = true;
        continue;
      }
      const sortKey = foldText(a.name);
      const account = frozenCopy(a);
      const key = `${sortKey}\n${foldText(a.detail ?? '')}`;
      if (existing && existing.inMain) {
        existing.dead = true;
        this.#dead++;
      }
      if (existing && !existing.inMain) {
        existing.account = account;
        existing.key = key;
        existing.sortKey = sortKey;
      } else {
        const entry = { id: account.id, account, key, sortKey, inMain: false, dead: false, pos: -1 };
        this.#byId.set(a.id, entry);
        this.#pending.push(entry);
      }
      n++;
    }
    if (this.#pending.length + this.#dead > Math.max(2048, this.#main.length >>> 3)) this.prepare();
    return n;
  }

  /**
   * Remove accounts by id (those not held are ignored).
   * @param {Iterable<string>} ids
   * @returns {number} how many were removed
   */
  remove(ids) {
    let n = 0;
    for (const id of ids ?? []) {
      const e = this.#byId.get(String(id));
      if (!e) continue;
      this.#byId.delete(e.id);
      if (e.inMain) {
        e.dead = true;
        this.#dead++;
      } else {
        this.#pending.splice(this.#pending.indexOf(e), 1);
      }
      n++;
    }
    return n;
  }

  /**
   * Every account held, by folded name then id (what a cache saves: its first chunk is then the list's first
   * screen). Merges the recent additions first, as {@link AccountIndex#prepare} does.
   * @returns {object[]}
   */
  accounts() {
    this.prepare();
    const out = [];
    for (const e of this.#main) if (!e.dead) out.push(e.account);
    return out;
  }

  /** The account with this id, or null. @param {string} id */
  get(id) {
    return this.#byId.get(String(id))?.account ?? null;
  }

  /** Remove every account. */
  clear() {
    this.#byId.clear();
    this.#main = [];
    this.#pending = [];
    this.#dead = 0;
    this.#haystack = '';
    this.#starts = new Int32Array(1);
    this.#truncated = false;
  }

  /**
   * Merge the recent additions into the sorted main part now (tens of milliseconds for 50 000 accounts); `add`
   * does this on its own when they grow large. Call it once loading is done for the fastest searches.
   * Entry i's key starts at `#starts[i]`; keys are separated by NUL, which folded keys and query terms never
   * contain, so a match never spans two accounts.
   */
  prepare() {
    if (this.#pending.length === 0 && this.#dead === 0) return;
    const kept = this.#dead ? this.#main.filter((e) => !e.dead) : this.#main;
    for (const e of kept) e.sortKey = (e.key = this.#keyOf(e)).slice(0, e.key.indexOf('\n')); // dropped below
    const main = kept.concat(this.#pending);
    main.sort(bySortKey); // the old main part is one sorted run, so this is close to a merge
    const starts = new Int32Array(main.length + 1);
    let at = 0;
    for (let i = 0; i < main.length; i++) {
      starts[i] = at;
      at += main[i].key.length + 1;
    }
    starts[main.length] = at;
    this.#haystack = main.map((e) => e.key).join('\u0000');
    for (let i = 0; i < main.length; i++) {
      const e = main[i];
      e.inMain = true;
      e.pos = i;
      e.key = null;
      e.sortKey = null;
    }
    this.#starts = starts;
    this.#main = main;
    this.#pending = [];
    this.#dead = 0;
  }

  /**
   * Accounts matching `query`: every white-space-separated term of the query must occur (case- and
   * accent-insensitively) in the name or the detail; an empty query matches all. Matching recent accounts come
   * first, in `recentIds` order, then the rest by name.
   * @param {string} query
   * @param {{recentIds?: Iterable<string|{id: string}>, limit?: number}} [options] `limit` defaults to 50
   * @returns {Array<Readonly<{id: string, name: string}>>}
   */
  search(query, { recentIds = [], limit = LIST_LIMIT } = {}) {
    const max = Number.isInteger(limit) && limit >= 0 ? limit : 50;
    const terms = foldText(query).split(/\s+/).filter((t) => t !== '');
    const matches = (e) => {
      const key = this.#keyOf(e);
      for (let i = 0; i < terms.length; i++) if (!key.includes(terms[i])) return false;
      return true;
    };
    const out = [];
    const taken = new Set();
    for (const r of recentIds ?? []) {
      if (out.length >= max) return out;
      const entry = this.#byId.get(typeof r === 'object' && r !== null ? String(r.id) : String(r));
      if (entry && !taken.has(entry) && matches(entry)) {
        taken.add(entry);
        out.push(entry.account);
      }
    }
    const need = max - out.length;
    if (need <= 0) return out;
    const usable = (e) => !e.dead && !taken.has(e);
    const fromMain = this.#scanMain(terms, need, usable, matches);
    const fromPending = this.#pending.filter((e) => !taken.has(e) && matches(e)).sort(bySortKey);
    // Merge the two name-sorted lists.
    let i = 0;
    let j = 0;
    while (out.length < max && (i < fromMain.length || j < fromPending.length)) {
      const takeMain = j >= fromPending.length || (i < fromMain.length && this.#beforePending(fromMain[i], fromPending[j]));
      out.push((takeMain ? fromMain[i++] : fromPending[j++]).account);
    }
    return out;
  }

  // The folded key of an entry: its own, or its part of the haystack once it is in the main part.
  #keyOf(e) {
    return e.inMain ? this.#haystack.slice(this.#starts[e.pos], this.#starts[e.pos + 1] - 1) : e.key;
  }

  // Whether main entry `m` sorts before pending entry `p` (by folded name, then id).
  #beforePending(m, p) {
    return bySortKey({ sortKey: this.#keyOf(m).split('\n', 1)[0], id: m.id }, p) <= 0;
  }

  // Up to `need` usable matching entries of the main part, in name order.
  #scanMain(terms, need, usable, matches) {
    const main = this.#main;
    const found = [];
    if (terms.length === 0) {
      for (let i = 0; i < main.length && found.length < need; i++) if (usable(main[i])) found.push(main[i]);
      return found;
    }
    // Scan for the rarest term, then check the others on each candidate. Rarity is estimated by how far into the
    // haystack a term's 16th occurrence lies (a few indexOf calls per term).
    const hay = this.#haystack;
    let scan = terms[0];
    if (terms.length > 1) {
      let best = -1;
      for (const t of terms) {
        let at = -1;
        let n = 0;
        for (; n < 16; n++) {
          const next = hay.indexOf(t, at + 1);
          if (next < 0) break;
          at = next;
        }
        const reach = n < 16 ? Infinity : at; // fewer than 16 occurrences in all: as rare as it gets
        if (reach > best || (reach === best && t.length > scan.length)) {
          best = reach;
          scan = t;
        }
      }
    }
    const starts = this.#starts;
    let lo = 0;
    let pos = 0;
    while (found.length < need && lo < main.length) {
      const hit = hay.indexOf(scan, pos);
      if (hit < 0) break;
      let hi = main.length - 1; // the entry holding `hit`: the last i in [lo, hi] with starts[i] <= hit
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= hit) lo = mid;
        else hi = mid - 1;
      }
      const entry = main[lo];
      if (usable(entry) && (terms.length === 1 || matches(entry))) found.push(entry);
      lo += 1;
      pos = starts[lo];
    }
    return found;
  }
}
