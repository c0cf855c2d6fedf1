// CRM accounts the person can work as: normalizing Zoho users and records, paging through Zoho's lists, and a
// searchable in-memory index. Pure module: no browser globals.

/** Most accounts an {@link AccountIndex} holds by default. */
export const MAX_ACCOUNTS = 100000;
/** Zoho serves page-numbered results only up to this many records; beyond it a `page_token` is required. */
export const PAGE_RECORD_LIMIT = 2000;

const MAX_ID = 64; // native protocol: account id 1–64 characters
const MAX_NAME = 256; // native protocol: account name 1–256 characters
const MAX_DETAIL = 512;

const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function idOf(v) {
  const id = typeof v === 'string' ? v.trim() : Number.isSafeInteger(v) && v >= 0 ? String(v) : '';
  return id.length >= 1 && id.length <= MAX_ID ? id : null;
}

/**
 * Text for a Zoho field value: strings trimmed; numbers and booleans as text; lookups and owners
 * (`{name, id}`) by their `name`; lists (multi-select, multi-lookup) joined with `, `; anything else empty.
 * @param {unknown} v
 * @returns {string}
 */
export function fieldText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(fieldText).filter((x) => x !== '').join(', ');
  if (typeof v === 'object') return fieldText(v.name ?? v.display_value ?? v.full_name ?? v.email ?? '');
  return '';
}

/**
 * A Zoho CRM user (from `GET /users`) as an account: `name` is `full_name`, else first and last name, else
 * `email`, else the id; `detail` is the e-mail address. Returns null when the user has no usable id.
 * @param {{id?: string, full_name?: string, first_name?: string, last_name?: string, email?: string}} u
 * @returns {{id: string, name: string, kind: 'user', detail: string} | null}
 */
export function normalizeUser(u) {
  if (!u || typeof u !== 'object') return null;
  const id = idOf(u.id);
  if (!id) return null;
  const email = fieldText(u.email);
  const parts = [fieldText(u.first_name), fieldText(u.last_name)].filter((x) => x !== '').join(' ');
  const name = fieldText(u.full_name) || parts || email || id;
  return { id, name: clip(name, MAX_NAME), kind: 'user', detail: clip(email, MAX_DETAIL) };
}

/**
 * A CRM record (from `GET /{module}`) as an account: `name` from `nameField` (the module and id when empty);
 * `detail` is the other non-empty `fields` joined with ` · `. Returns null when the record has no usable id.
 * @param {Record<string, unknown>} r
 * @param {{module: string, nameField: string, fields?: readonly string[]}} source
 * @returns {{id: string, name: string, kind: 'record', module: string, detail: string} | null}
 */
export function normalizeRecord(r, { module, nameField, fields = [] }) {
  if (!r || typeof r !== 'object') return null;
  const id = idOf(r.id);
  if (!id) return null;
  const name = fieldText(r[nameField]) || `${module} ${id}`;
  const detail = fields
    .filter((f) => f !== nameField && f !== 'id')
    .map((f) => fieldText(r[f]))
    .filter((x) => x !== '')
    .join(' · ');
  return { id, name: clip(name, MAX_NAME), kind: 'record', module, detail: clip(detail, MAX_DETAIL) };
}

/**
 * What to ask Zoho for next, given the `info` of the page just read.
 * - no more records → `null`;
 * - `info.next_page_token` present → `{page_token}`;
 * - otherwise `{page: currentPage + 1}`, unless that page would reach past the first 2000 records
 *   (`page * per_page > 2000`, `per_page` defaulting to 200), which Zoho does not serve without a token → `null`.
 * @param {{more_records?: boolean, next_page_token?: string|null, per_page?: number, page?: number}|null} info
 * @param {number} [currentPage] defaults to `info.page`, else 1
 * @returns {null | {page: number} | {page_token: string}}
 */
export function nextPage(info, currentPage) {
  if (!info || typeof info !== 'object' || info.more_records !== true) return null;
  if (typeof info.next_page_token === 'string' && info.next_page_token !== '') return { page_token: info.next_page_token };
  const current = Number.isInteger(currentPage) && currentPage >= 1 ? currentPage
    : Number.isInteger(info.page) && info.page >= 1 ? info.page : 1;
  const perPage = Number.isInteger(info.per_page) && info.per_page > 0 ? info.per_page : 200;
  const page = current + 1;
  return page * perPage <= PAGE_RECORD_LIMIT ? { page } : null;
}

const SPECIAL = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ſ: 's' };
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Fold text for matching: lower case, compatibility-decomposed, accents removed, ß/æ/œ/ø/ł/đ/ð/þ/ı spelled out
 * in ASCII (`Ærø Straße` → `aero strasse`), control characters turned into spaces.
 * @param {unknown} s
 * @returns {string}
 */
export function foldText(s) {
  const str = String(s ?? '');
  if (PRINTABLE_ASCII.test(str)) return str.toLowerCase(); // the common case, and 10× faster
  return str
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıſ]/g, (c) => SPECIAL[c])
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const bySortKey = (a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * In-memory index of accounts (from {@link normalizeUser} / {@link normalizeRecord}) for the account picker.
 *
 * Accounts are keyed by `id` (adding one again replaces it). `add` computes the folded search keys;
 * {@link AccountIndex#prepare} (or the first search after a change) sorts by name and joins all keys, in that
 * order, into one string with offsets, so a search is a few `indexOf` scans over contiguous memory that stop as
 * soon as `limit` results are found.
 */
export class AccountIndex {
  #capacity;
  #byId = new Map();
  #sorted = [];
  #haystack = '';
  #starts = new Int32Array(1);
  #dirty = false;
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
      const account = Object.freeze({ ...a });
      const sortKey = foldText(a.name);
      const key = `${sortKey}\n${foldText(a.detail ?? '')}`;
      const existing = this.#byId.get(a.id);
      if (existing) {
        Object.assign(existing, { account, key, sortKey });
      } else {
        if (this.#byId.size >= this.#capacity) {
          this.#truncated = true;
          continue;
        }
        const entry = { id: a.id, account, key, sortKey };
        this.#byId.set(a.id, entry);
        this.#sorted.push(entry);
      }
      this.#dirty = true;
      n++;
    }
    return n;
  }

  /** The account with this id, or null. @param {string} id */
  get(id) {
    return this.#byId.get(String(id))?.account ?? null;
  }

  /** Remove every account. */
  clear() {
    this.#byId.clear();
    this.#sorted = [];
    this.#haystack = '';
    this.#starts = new Int32Array(1);
    this.#dirty = false;
    this.#truncated = false;
  }

  /**
   * Sort by name and join the keys now; otherwise the first search after a change does it (tens of milliseconds
   * for 50 000 accounts), so call this once loading is done. Entry i's key starts at `#starts[i]`; keys are
   * separated by NUL, which folded keys and query terms never contain, so a match never spans two accounts.
   */
  prepare() {
    if (!this.#dirty) return;
    const sorted = this.#sorted.sort(bySortKey);
    const starts = new Int32Array(sorted.length + 1);
    let at = 0;
    for (let i = 0; i < sorted.length; i++) {
      starts[i] = at;
      at += sorted[i].key.length + 1;
    }
    starts[sorted.length] = at;
    this.#haystack = sorted.map((e) => e.key).join('\u0000');
    this.#starts = starts;
    this.#dirty = false;
  }

  /**
   * Accounts matching `query`: every white-space-separated term of the query must occur (case- and
   * accent-insensitively) in the name or the detail; an empty query matches all. Matching recent accounts come
   * first, in `recentIds` order, then the rest by name.
   * @param {string} query
   * @param {{recentIds?: Iterable<string|{id: string}>, limit?: number}} [options] `limit` defaults to 50
   * @returns {Array<Readonly<{id: string, name: string}>>}
   */
  search(query, { recentIds = [], limit = 50 } = {}) {
    const max = Number.isInteger(limit) && limit >= 0 ? limit : 50;
    const terms = foldText(query).split(/\s+/).filter((t) => t !== '');
    const matches = (key) => {
      for (let i = 0; i < terms.length; i++) if (!key.includes(terms[i])) return false;
      return true;
    };
    this.prepare();
    const out = [];
    const taken = new Set();
    for (const r of recentIds ?? []) {
      if (out.length >= max) return out;
      const entry = this.#byId.get(typeof r === 'object' && r !== null ? String(r.id) : String(r));
      if (entry && !taken.has(entry) && matches(entry.key)) {
        taken.add(entry);
        out.push(entry.account);
      }
    }
    const sorted = this.#sorted;
    if (terms.length === 0) {
      for (let i = 0; i < sorted.length && out.length < max; i++) if (!taken.has(sorted[i])) out.push(sorted[i].account);
      return out;
    }
    // Scan for the longest term (usually the rarest), then check the others on each candidate.
    const scan = terms.reduce((a, b) => (b.length > a.length ? b : a));
    const hay = this.#haystack;
    const starts = this.#starts;
    let lo = 0;
    let pos = 0;
    while (out.length < max && lo < sorted.length) {
      const hit = hay.indexOf(scan, pos);
      if (hit < 0) break;
      let hi = sorted.length - 1; // the entry holding `hit`: last i in [lo, hi] with starts[i] <= hit
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= hit) lo = mid;
        else hi = mid - 1;
      }
      const entry = sorted[lo];
      if (!taken.has(entry) && (terms.length === 1 || matches(entry.key))) out.push(entry.account);
      lo += 1;
      pos = starts[lo];
    }
    return out;
  }
}
