// The persisted account index of one index key, encrypted at rest (AES-256-GCM, WebCrypto) under a key the
// native host derives from its vault key (protocol `index.key`), so browser storage only ever holds ciphertext.
// Pure module: the key-value store, WebCrypto's `subtle` and the random source are passed in (IndexedDB and the
// browser's crypto in the extension, a Map and node's webcrypto in tests).
//
// Layout, all under the cache id (SHA-256 hex of the index key): `<id>:meta` = {v, gen, entries, state} and
// `<id>:<gen>:<n>` for n < entries = one log entry {upsert: accounts[], remove: ids[]}, replayed in order. A sync
// appends one entry per page together with the new meta in one write (so a sync cut off resumes from what was
// saved); `snapshot` rewrites the whole index as a new generation of chunks. `<id>:first` = {gen, entries,
// accounts}: the list's first screen as of that meta, written with it, so a popup can show it without opening the
// whole index (issue 15: first results at once after a restart). Every record is sealed with its own
// slot name as associated data, so records swapped, replayed from another generation or another index fail to
// open. Anything that fails to open, parse or match drops the whole cache: the caller then syncs again.

/** Accounts per snapshot chunk. */
export const CHUNK_ACCOUNTS = 5000;
/** Log entries past which the caller should call `snapshot` (see {@link needsCompaction}). */
export const COMPACT_AFTER = 64;
const VERSION = 1;

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * The cache id of an index key: SHA-256 hex (also the `index` of the host's `index.key`).
 * @param {SubtleCrypto} subtle @param {string} indexKey from sync-planner's indexKey
 * @returns {Promise<string>}
 */
export async function cacheIdOf(subtle, indexKey) {
  const digest = new Uint8Array(await subtle.digest('SHA-256', enc.encode(indexKey)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A key-value store in memory with the interface the cache needs (tests, and a fallback with no IndexedDB).
 * @returns {{get: Function, putMany: Function, deleteMany: Function, keys: Function, map: Map}}
 */
export function memoryStore() {
  const map = new Map();
  return {
    map,
    get: async (k) => map.get(k),
    putMany: async (pairs) => pairs.forEach(([k, v]) => map.set(k, v)),
    deleteMany: async (keys) => keys.forEach((k) => map.delete(k)),
    keys: async (prefix) => [...map.keys()].filter((k) => k.startsWith(prefix)),
  };
}

/**
 * Whether the log has grown enough that a snapshot should replace it.
 * @param {{entries: number}|null} meta what `load` or `append` returned as `meta`
 */
export function needsCompaction(meta) {
  return !!meta && meta.entries > COMPACT_AFTER;
}

/**
 * The cache of one index.
 * @param {{store: object, subtle: SubtleCrypto, randomBytes: (n: number) => Uint8Array, keyBytes: Uint8Array,
 *   id: string}} o keyBytes: 32 bytes from the host; id: from {@link cacheIdOf}
 */
export function openIndexCache({ store, subtle, randomBytes, keyBytes, id }) {
  let keyPromise = null;
  const key = () => (keyPromise ??= subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']));
  const metaName = `${id}:meta`;
  const slot = (gen, n) => `${id}:${gen}:${n}`;
  let meta = null; // {gen, entries}

  async function seal(name, value) {
    const iv = randomBytes(12);
    const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(name) }, await key(),
      enc.encode(JSON.stringify(value)));
    return { v: VERSION, iv, data: new Uint8Array(data) };
  }

  async function unseal(name, record) {
    if (!record || record.v !== VERSION) throw new Error('unknown record');
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: enc.encode(name) },
      await key(), record.data);
    return JSON.parse(dec.decode(plain));
  }

  const metaRecord = (m, state) => seal(metaName, { v: VERSION, gen: m.gen, entries: m.entries, state });
  const firstName = `${id}:first`;
  // The first screen belongs to one meta (gen and entries): written with it, it is stale after any other write.
  const firstRecord = async (m, accounts) => [firstName, await seal(firstName, { gen: m.gen, entries: m.entries, accounts })];

  async function drop() {
    meta = null;
    await store.deleteMany(await store.keys(`${id}:`));
  }

  return {
    /**
     * The saved state and accounts, or null when there is none or it cannot be used (then it is dropped).
     * With `onEntry`, each log entry is handed over as soon as it is opened, in order (`onEntry({upsert, remove},
     * state)`, awaited), so a caller can show the first chunk while the rest is decrypted; `accounts` is then not
     * gathered (null). A null result after some entries were handed over means: forget them.
     * @param {{onEntry?: (entry: {upsert: object[], remove: string[]}, state: object) => unknown}} [o]
     * @returns {Promise<{state: object, accounts: object[]|null, meta: {gen: number, entries: number}}|null>}
     */
    async load({ onEntry } = {}) {
      try {
        const raw = await store.get(metaName);
        if (!raw) return null;
        const m = await unseal(metaName, raw);
        if (!Number.isInteger(m.gen) || !Number.isInteger(m.entries) || m.entries < 0) throw new Error('bad meta');
        const byId = onEntry ? null : new Map();
        for (let n = 0; n < m.entries; n++) {
          const e = await unseal(slot(m.gen, n), await store.get(slot(m.gen, n)));
          const entry = { upsert: e.upsert ?? [], remove: e.remove ?? [] };
          if (onEntry) {
            await onEntry(entry, m.state);
            continue;
          }
          for (const rid of entry.remove) byId.delete(rid);
          for (const a of entry.upsert) byId.set(a.id, a);
        }
        meta = { gen: m.gen, entries: m.entries };
        return { state: m.state, accounts: byId ? [...byId.values()] : null, meta: { ...meta } };
      } catch {
        await drop().catch(() => {});
        return null;
      }
    },

    /**
     * The first screen saved with the current meta and that meta's state, without opening any chunk; null when
     * there is none, it belongs to another write, or it cannot be opened (nothing is dropped: `load` judges that).
     * @returns {Promise<{state: object, accounts: object[]}|null>}
     */
    async loadFirstScreen() {
      try {
        const [rawMeta, rawFirst] = await Promise.all([store.get(metaName), store.get(firstName)]);
        if (!rawMeta || !rawFirst) return null;
        const [m, f] = await Promise.all([unseal(metaName, rawMeta), unseal(firstName, rawFirst)]);
        if (f.gen !== m.gen || f.entries !== m.entries || !Array.isArray(f.accounts)) return null;
        return { state: m.state, accounts: f.accounts };
      } catch {
        return null;
      }
    },

    /**
     * Appends one page's changes and the state after it, in one write, with the list's first screen after it where
     * given. @returns {Promise<object>} the meta
     */
    async append({ state, upsert = [], remove = [], firstScreen }) {
      const m = meta ?? { gen: 1, entries: 0 };
      const name = slot(m.gen, m.entries);
      const next = { gen: m.gen, entries: m.entries + 1 };
      await store.putMany([[name, await seal(name, { upsert, remove })], [metaName, await metaRecord(next, state)],
        ...(firstScreen ? [await firstRecord(next, firstScreen)] : [])]);
      meta = next;
      return { ...meta };
    },

    /**
     * Replaces the log with the whole index as a new generation; old records are deleted afterwards. Chunks keep
     * the order of `accounts`: given by name (AccountIndex.accounts), the first chunk is the list's first screen.
     * `firstScreen`, where given, is saved with it (see loadFirstScreen).
     */
    async snapshot({ state, accounts, firstScreen }) {
      const old = meta;
      const m = { gen: (old?.gen ?? 0) + 1, entries: Math.ceil(accounts.length / CHUNK_ACCOUNTS) };
      const pairs = [];
      for (let n = 0; n < m.entries; n++) {
        const upsert = accounts.slice(n * CHUNK_ACCOUNTS, (n + 1) * CHUNK_ACCOUNTS);
        pairs.push([slot(m.gen, n), await seal(slot(m.gen, n), { upsert, remove: [] })]);
      }
      pairs.push([metaName, await metaRecord(m, state)]);
      if (firstScreen) pairs.push(await firstRecord(m, firstScreen));
      await store.putMany(pairs);
      meta = m;
      const stale = (await store.keys(`${id}:`))
        .filter((k) => k !== metaName && k !== firstName && !k.startsWith(`${id}:${m.gen}:`));
      await store.deleteMany(stale);
      return { ...meta };
    },

    /** Only the state changes (a sync found nothing new): rewrites the meta. */
    async saveState(state) {
      const m = meta ?? { gen: 1, entries: 0 };
      await store.putMany([[metaName, await metaRecord(m, state)]]);
      meta = m;
    },

    drop,
  };
}
