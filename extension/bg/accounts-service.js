// The accounts a person can choose from: loaded page by page from Zoho CRM into an in-memory index that the
// popup searches on every keystroke, and the signed-in user's name.

import { AccountIndex } from '../lib/accounts.js';
import { createCrm, currentUser, loadAccounts } from './crm.js';

export class AccountsService {
  #session;
  #index = new AccountIndex();
  #loadedFor = '';
  #loading = null;
  progress = { loading: false, count: 0, error: null };

  constructor(session) {
    this.#session = session;
  }

  #crm() {
    const s = this.#session.settings;
    return createCrm(async () => {
      const t = await this.#session.token();
      return { accessToken: t.access_token, api: t.endpoints.api };
    }, s.crmVersion);
  }

  #fail(e) {
    if (e.code === 'INVALID_TOKEN' || e.code === 'AUTHENTICATION_FAILURE' || e.code === 'NO_TOKEN' ||
        e.code === 'TOKEN_EXPIRED') {
      this.#session.markSigninNeeded(e.message);
    }
    return e.message;
  }

  async loadUser() {
    try {
      this.#session.setUser(await currentUser(this.#crm()));
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Starts loading (once per client and source) and resolves when done; progress goes to onProgress. */
  load(onProgress) {
    const s = this.#session.settings;
    const key = JSON.stringify([s.clientId, this.#session.scope().dc, s.accountSource]);
    if (this.#loadedFor === key && (this.#loading || !this.progress.error)) return this.#loading ?? Promise.resolve();
    this.#loadedFor = key;
    this.#index.clear();
    this.progress = { loading: true, count: 0, error: null };
    onProgress(this.progress);
    this.#loading = loadAccounts(this.#crm(), s.accountSource, this.#index, {
      onProgress: (count) => onProgress((this.progress = { loading: true, count, error: null })),
    })
      .then((count) => {
        this.#index.prepare(); // the first search after loading is then as fast as the rest
        this.progress = { loading: false, count, error: null };
      })
      .catch((e) => (this.progress = { loading: false, count: this.#index.size, error: this.#fail(e) }))
      .finally(() => {
        this.#loading = null;
        onProgress(this.progress);
      });
    return this.#loading;
  }

  reset() {
    this.#loadedFor = '';
    this.#index.clear();
    this.progress = { loading: false, count: 0, error: null };
  }

  search(query, recent) {
    const recentIds = (recent ?? []).map((a) => a.id);
    return this.#index.search(query ?? '', { recentIds, limit: 50 });
  }
}
