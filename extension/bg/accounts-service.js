// The accounts a person can choose from: loaded page by page from Zoho CRM into an in-memory index that the
// popup searches on every keystroke, and the signed-in user's name.

import { AccountIndex } from '../lib/accounts.js';
import { createCrm, currentUser, loadAccounts } from './crm.js';

// Zoho CRM's answers to a token it no longer accepts.
const REJECTED = new Set(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']);

export class AccountsService {
  #session;
  #index = new AccountIndex();
  #loadedFor = '';
  #loading = null;
  // `generation` changes whenever the list is emptied (sign-in, source, data centre), so a page showing it knows to
  // ask again; `loaded` says the list is complete (an empty module is loaded and empty).
  #generation = 0;
  progress = { loading: false, loaded: false, count: 0, error: null, generation: 0 };

  #fetch;

  /** @param {object} session the background Session @param {{fetch?: typeof fetch}} [browser] a test's own fetch */
  constructor(session, { fetch } = {}) {
    this.#session = session;
    this.#fetch = fetch;
  }

  #crm() {
    const s = this.#session.settings;
    return createCrm(async () => {
      const t = await this.#session.token();
      return { accessToken: t.access_token, api: t.endpoints.api };
    }, s.crmVersion, this.#fetch);
  }

  // A CRM call with one renewal: Zoho's 401 to a token the host still holds leads to one refresh within budget
  // (Session.apiRejected), then one more try; a second 401, or no renewal, leaves the session asking for a sign-in.
  async #withRenewal(call) {
    try {
      return await call();
    } catch (e) {
      if (!REJECTED.has(e.code) || !(await this.#session.apiRejected())) throw e;
      return call();
    }
  }

  async loadUser() {
    try {
      this.#session.setUser(await this.#withRenewal(() => currentUser(this.#crm())));
    } catch {
      // The session's state says what is wrong; the user's name is only a nicety.
    }
  }

  /** Starts loading (once per client and source) and resolves when done; progress goes to onProgress. */
  load(onProgress) {
    const s = this.#session.settings;
    // A new sign-in (stored_at) loads again: a failure is never remembered across sign-ins.
    const key = JSON.stringify([s.clientId, this.#session.scope().dc, s.accountSource, this.#session.state.token?.stored_at]);
    if (this.#loadedFor === key && (this.#loading || !this.progress.error)) return this.#loading ?? Promise.resolve();
    if (this.#loadedFor !== key) this.#generation++;
    this.#loadedFor = key;
    this.#index.clear();
    const generation = this.#generation;
    const at = (patch) => (this.progress = { loading: false, loaded: false, count: 0, error: null, generation, ...patch });
    onProgress(at({ loading: true }));
    this.#loading = this.#withRenewal(() => {
      this.#index.clear();
      return loadAccounts(this.#crm(), s.accountSource, this.#index, {
        onProgress: (count) => onProgress(at({ loading: true, count })),
      });
    })
      .then((count) => {
        this.#index.prepare(); // the first search after loading is then as fast as the rest
        at({ loaded: true, count });
      })
      .catch((e) => at({ count: this.#index.size, error: e.message }))
      .finally(() => {
        this.#loading = null;
        onProgress(this.progress);
      });
    return this.#loading;
  }

  /** Empties the list (sign-out, settings change): pages showing it see a new generation and ask again. */
  reset() {
    this.#loadedFor = '';
    this.#index.clear();
    this.progress = { loading: false, loaded: false, count: 0, error: null, generation: ++this.#generation };
  }

  search(query, recent) {
    const recentIds = (recent ?? []).map((a) => a.id);
    return this.#index.search(query ?? '', { recentIds, limit: 50 });
  }
}
