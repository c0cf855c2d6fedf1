// The background's model of the sign-in: what the host holds, the budgets, the chosen account, and the
// actions that change them. Every change is pushed to listeners (extension pages, web apps).

import { apiDomainProblem, resolveEndpoints } from '../lib/datacenters.js';
import { api, setBadge } from '../platform/browser.js';
import { HostError } from './host-client.js';
import { authorize, authorizeInTab, revoke, SignInError } from './zoho-auth.js';
import { loadActiveDc, loadTokenVia, saveActiveDc, saveTokenVia } from './settings-store.js';

export const REFRESH_ALARM = 'zcrm-refresh';
// A chosen account read from the host is reused this long, so web apps asking on every page load cost no host work;
// another browser's change is seen within this delay.
const ACCOUNT_FRESH_MS = 2000;

export class Session {
  #host;
  #settings;
  #listeners = new Set();
  #accountReadAt = 0;
  // stored_at of the token whose automatic refresh failed: never retried blindly (Zoho locks out clients that
  // hammer /auth/refresh); a new token or a manual refresh starts again.
  #gaveUpOn = null;
  state = { configured: false, host: { ok: true }, token: null, budget: null, account: null, recent: [], handouts: [], user: null,
    signinNeeded: null, refreshBlocked: null, busy: null, lastError: null, dc: null, ignoredCapture: null };
  // The sign-in running now, which a second request joins instead of opening another Zoho window.
  #signingIn = null;
  #markConfigured;
  /** Settles once the first settings are applied: an event that woke the worker waits for it before judging. */
  configured = new Promise((resolve) => {
    this.#markConfigured = resolve;
  });

  constructor(host) {
    this.#host = host;
  }

  get settings() {
    return this.#settings;
  }

  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(patch) {
    Object.assign(this.state, patch);
    for (const l of this.#listeners) l(this.state);
    setBadge(this.state.signinNeeded ? '!' : '').catch(() => {});
  }

  /** Scope of host requests: the client and the data centre Zoho last reported. */
  scope() {
    return { client_id: this.#settings.clientId, dc: this.state.dc ?? this.#settings.dc };
  }

  endpoints(token = null) {
    return resolveEndpoints(this.#settings, token ?? { location: this.scope().dc });
  }

  async configure(settings) {
    this.#settings = settings;
    this.#markConfigured();
    const dc = (await loadActiveDc()) ?? settings.dc;
    this.#emit({ configured: Boolean(settings.clientId), dc, user: null });
    if (settings.clientId) await this.refreshStatus();
  }

  /** Reads token status, budgets and the chosen account from the host. */
  async refreshStatus() {
    if (!this.state.configured) return;
    try {
      const [token, budget, account, recent, handouts] = await Promise.all([
        this.#host.request('token.status', this.scope()),
        this.#host.request('budget.get', { client_id: this.scope().client_id }),
        this.#host.request('account.get', this.scope()),
        this.#host.request('account.recent', this.scope()),
        this.#host.request('token.handouts', { ...this.scope(), limit: 5 }),
      ]);
      this.#accountReadAt = Date.now();
      const signinNeeded = !token.present ? { reason: 'You are not signed in to Zoho.' } : this.state.signinNeeded;
      this.#emit({ host: { ok: true }, token: strip(token), budget: strip(budget), account: account.account,
        recent: recent.accounts, handouts: handouts.handouts, signinNeeded });
      const blocked = this.state.refreshBlocked && this.state.refreshBlocked.until > Date.now();
      // Without session access Zoho refuses every silent refresh: asking would only spend a budget slot.
      const renewable = token.granted_for_session === true;
      if (token.present && !renewable) await api.alarms.clear(REFRESH_ALARM);
      if (token.present && renewable && token.stored_at !== this.#gaveUpOn && !blocked) await this.#schedule(token.refresh_at);
    } catch (e) {
      this.#hostFailure(e);
    }
  }

  /** The chosen account, re-read through the open port when the cached answer is older than ACCOUNT_FRESH_MS. */
  async chosenAccount() {
    if (this.state.configured && Date.now() - this.#accountReadAt > ACCOUNT_FRESH_MS) {
      const answer = await this.#host.request('account.get', this.scope());
      this.#accountReadAt = Date.now();
      if (JSON.stringify(answer.account) !== JSON.stringify(this.state.account)) this.#emit({ account: answer.account });
    }
    return this.state.account;
  }

  /** One interactive sign-in at a time: a call while one runs gets that one's answer and spends no budget. */
  signIn() {
    this.#signingIn ??= this.#run('signin', async () => {
      await this.#host.request('budget.reserve', { client_id: this.scope().client_id, kind: 'login' });
      const token = await authorize({ accounts: this.endpoints().accounts, clientId: this.#settings.clientId,
        scopes: this.#settings.scopes, refresh: false });
      await this.storeToken(token, 'login');
    }).finally(() => {
      this.#signingIn = null;
    });
    return this.#signingIn;
  }

  /** A silent refresh, only when the host grants one from the refresh budget. */
  async refresh() {
    return this.#run('refresh', async () => {
      await this.#host.request('budget.reserve', { client_id: this.scope().client_id, kind: 'refresh' });
      // Ask for what was granted: a token captured from a web app may carry fewer scopes than the settings, and
      // Zoho answers prompt_required to a refresh asking for more.
      const granted = this.state.token?.scope?.split(/[ ,]+/).filter(Boolean);
      const ask = { accounts: this.endpoints().accounts, clientId: this.#settings.clientId,
        scopes: granted?.length ? granted : this.#settings.scopes };
      const via = await loadTokenVia();
      const token = via.kind === 'capture'
        ? await authorizeInTab({ ...ask, redirectUri: via.redirectUri })
        : await authorize({ ...ask, refresh: true });
      await this.storeToken(token, 'refresh', via);
    });
  }

  async storeToken(token, source, via = { kind: 'extension' }) {
    // Every later call follows the token's api_domain: one its data centre does not name would send the token
    // to another server.
    const problem = token.api_domain ? apiDomainProblem(token.location ?? this.scope().dc, token.api_domain, this.#settings) : null;
    if (problem) throw new SignInError('wrong_api_domain', problem);
    await saveTokenVia(via);
    const stored = await this.#host.request('token.store', { ...this.scope(), source, token,
      refresh_margin_s: this.#settings.refreshEarlyMinutes * 60 });
    if (stored.dc !== this.state.dc) await saveActiveDc(stored.dc);
    this.#emit({ dc: stored.dc, signinNeeded: null, refreshBlocked: null, user: null, ignoredCapture: null });
    await this.refreshStatus();
  }

  async signOut() {
    return this.#run('signout', async () => {
      let revoked = false;
      try {
        const token = await this.#host.request('token.get', this.scope());
        revoked = await revoke(this.endpoints(token).accounts, token.access_token);
      } catch (e) {
        if (!(e instanceof HostError) || !['NO_TOKEN', 'TOKEN_EXPIRED'].includes(e.code)) throw e;
      }
      await this.#host.request('token.forget', this.scope());
      await api.alarms.clear(REFRESH_ALARM);
      this.#emit({ user: null, signinNeeded: { reason: 'You signed out.' }, lastError: revoked ? null :
        { message: 'Signed out here; Zoho could not confirm the token was revoked (it expires within the hour).' } });
      await this.refreshStatus();
    });
  }

  async choose(account) {
    const answer = await this.#host.request('account.choose', { ...this.scope(), account });
    this.#accountReadAt = Date.now();
    this.#emit({ account: answer.account });
    await this.refreshStatus();
    return answer.account;
  }

  /** A token for CRM calls, or for a web app allowed to read it (the host records each hand-out to a site). */
  async token(forOrigin) {
    const token = await this.#host.request('token.get', forOrigin ? { ...this.scope(), for_origin: forOrigin } : this.scope());
    if (forOrigin) this.refreshStatus();
    return { ...token, endpoints: this.endpoints(token) };
  }

  setUser(user) {
    this.#emit({ user });
  }

  markSigninNeeded(reason) {
    this.#emit({ signinNeeded: { reason } });
  }

  /** A token on a capture URL that was not kept (forged, replayed, from another client): shown, never stored. */
  noteIgnoredCapture(message) {
    this.#emit({ ignoredCapture: { message, at: Date.now() } });
  }

  async #run(busy, action) {
    this.#emit({ busy, lastError: null });
    try {
      await action();
      this.#emit({ busy: null });
      return { ok: true };
    } catch (e) {
      if (busy === 'refresh') this.#gaveUpOn = this.state.token?.stored_at ?? null;
      const patch = { busy: null, lastError: { code: e.code ?? 'ERROR', message: e.message } };
      if (e instanceof HostError && e.code === 'RATE_LIMITED') {
        const until = Date.now() + (e.retryAfterMs ?? 60000);
        patch.refreshBlocked = { kind: busy, until, message: e.message };
        patch.lastError = null; // refreshBlocked says it, with the time
        if (busy === 'refresh') await api.alarms.create(REFRESH_ALARM, { when: until });
      } else if (e instanceof SignInError && busy === 'refresh') {
        patch.signinNeeded = { reason: e.message };
      } else if (e instanceof HostError && e.code.startsWith('HOST_')) {
        patch.host = { ok: false, error: e.message };
      }
      this.#emit(patch);
      await this.refreshStatus();
      // Every failure answers with a code and a message, also those the popup shows elsewhere than lastError.
      return { ok: false, error: { code: e.code ?? 'ERROR', message: e.message } };
    }
  }

  async #schedule(refreshAt) {
    const existing = await api.alarms.get(REFRESH_ALARM);
    if (!existing || Math.abs(existing.scheduledTime - refreshAt) > 1000) {
      await api.alarms.create(REFRESH_ALARM, { when: Math.max(refreshAt, Date.now() + 1000) });
    }
  }

  #hostFailure(e) {
    const message = e?.message ?? String(e);
    if (e instanceof HostError && !e.code.startsWith('HOST_')) this.#emit({ lastError: { code: e.code, message } });
    else this.#emit({ host: { ok: false, error: message } });
  }
}

// Answers carry id/ok; the model keeps only the fields.
function strip({ id, ok, ...rest }) {
  return rest;
}
