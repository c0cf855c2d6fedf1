// Search at Zoho while the first sync of a module is still running (issue 15, item 3): the local index only knows
// the pages loaded so far, so a query also goes to `GET /{module}/search?word=…` and both lists are merged, the
// local results first, without duplicates. Pure module: builds the request and merges; the caller makes the call.
import { foldText } from './account-index.js';

/** Zoho's search needs a word of at least 2 characters. */
export const MIN_WORD = 2;

const termsOf = (query) => foldText(query).split(/\s+/).filter((t) => t !== '');

/**
 * The Zoho search request for a query, or null when there is none to make: users (no search API here), a query
 * with no term of {@link MIN_WORD} characters. The word is the query's longest term as typed (Zoho folds case
 * itself); the other terms are checked on the answer by {@link mergeRemote}.
 * @param {{type: string, module?: string, fields?: readonly string[]}} source the account source
 * @param {string} query
 * @param {{perPage?: number}} [o]
 * @returns {{path: string, query: Record<string, string|number>} | null}
 */
export function remoteSearchRequest(source, query, { perPage = 50 } = {}) {
  if (source?.type !== 'module' || typeof source.module !== 'string' || source.module === '') return null;
  const words = String(query ?? '').trim().split(/\s+/).filter((w) => w.length >= MIN_WORD);
  if (words.length === 0) return null;
  const word = words.reduce((a, b) => (b.length >= a.length ? b : a)); // ties: the later (typed last, narrower)
  const q = { word, per_page: perPage, page: 1 };
  if (Array.isArray(source.fields) && source.fields.length) q.fields = source.fields.join(',');
  return { path: `${encodeURIComponent(source.module)}/search`, query: q };
}

/**
 * Local results followed by the remote accounts that match every term of the query (as the local search does:
 * folded, in the name or the detail) and are not already listed, up to `limit`.
 * @param {Array<{id: string}>} local what the local index answered (already in its order)
 * @param {Array<{id: string, name: string, detail?: string}>} remote normalized accounts from Zoho's answer
 * @param {string} query
 * @param {{limit?: number}} [o]
 * @returns {Array<{id: string}>}
 */
export function mergeRemote(local, remote, query, { limit = 50 } = {}) {
  const terms = termsOf(query);
  const out = local.slice(0, limit);
  const seen = new Set(out.map((a) => a.id));
  for (const a of remote ?? []) {
    if (out.length >= limit) break;
    if (!a || seen.has(a.id)) continue;
    const key = `${foldText(a.name)}\n${foldText(a.detail ?? '')}`;
    if (!terms.every((t) => key.includes(t))) continue;
    seen.add(a.id);
    out.push(Object.freeze({ ...a }));
  }
  return out;
}
