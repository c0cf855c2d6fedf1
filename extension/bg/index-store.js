// Where the encrypted account-index caches live: the extension's IndexedDB, holding only the sealed records of
// lib/index-cache.js (ciphertext, IV, version), and the opener that asks the host for an index's key
// (protocol `index.key`), which is kept in memory only.

import { cacheIdOf, openIndexCache } from '../lib/index-cache.js';

const DB_NAME = 'zcrm-index-cache';
const STORE = 'records';

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(idb) {
  const r = idb.open(DB_NAME, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

/** The cache's key-value store over IndexedDB: get, putMany and deleteMany (one transaction each), keys(prefix). */
export function idbStore(idb = globalThis.indexedDB) {
  let db = null;
  const tx = async (mode) => {
    db ??= openDb(idb);
    return (await db).transaction(STORE, mode);
  };
  const done = (t) => new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
  return {
    get: async (k) => request((await tx('readonly')).objectStore(STORE).get(k)),
    async putMany(pairs) {
      const t = await tx('readwrite');
      for (const [k, v] of pairs) t.objectStore(STORE).put(v, k);
      return done(t);
    },
    async deleteMany(keys) {
      const t = await tx('readwrite');
      for (const k of keys) t.objectStore(STORE).delete(k);
      return done(t);
    },
    keys: async (prefix) => request((await tx('readonly')).objectStore(STORE)
      .getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))),
  };
}

/**
 * The AccountsService's `openCache`: the cache of one index key, under the key the host derives for it.
 * @param {{request: Function}} host the HostClient
 */
export function cacheOpener(host, { store = idbStore(), webCrypto = globalThis.crypto } = {}) {
  return async (indexKey) => {
    const id = await cacheIdOf(webCrypto.subtle, indexKey);
    const answer = await host.request('index.key', { index: id });
    const keyBytes = Uint8Array.from(atob(answer.key), (c) => c.charCodeAt(0));
    if (keyBytes.length !== 32) throw new Error('index.key answered a key of the wrong size');
    return openIndexCache({ store, subtle: webCrypto.subtle, keyBytes, id,
      randomBytes: (n) => webCrypto.getRandomValues(new Uint8Array(n)) });
  };
}
