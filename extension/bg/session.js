// The background's model of the sign-in: what the host holds, the budgets, the chosen account, and the
// actions that change them. Every change is pushed to listeners (extension pages, web apps).

import { resolveEndpoints } from '../lib/datacenters.js';
import { nextState } from '../lib/signin-states.js';
import { HostError } from './host-client.js';
import { readHostStatus, requestLog } from './host-status.js';
import { readBorrowedToken } from './active-user.js';
import { canUse, choiceOf, goneMessage, ownCaller } from '../lib/active-user.js';
import { signedInUsers } from '../lib/signed-in-users.js';
import { failureAnswer, failureEvent, failurePatch, ZOHO_BLOCK_MS } from './failure-events.js';
import { checkedIdentity } from './token-identity.js';
import { SignInError } from './zoho-auth.js';

export const REFRESH_ALARM = 'zcrm-refresh';
// A 401 within this time of a refresh that a 401 caused is not met with another refresh: Zoho rejecting fresh
// tokens is not something a refresh cures (and each would spend a slot of the refresh budget).
const REJECT_RENEW_MS = 10 * 60 * 1000;
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
  // `phase` is the sign-in's one state (lib/signin-states.js); signinNeeded and refreshBlocked are read from it.
  state = { configured: false, host: { ok: true }, token: null, budget: null, account: null, recent: [], handouts: [], requests: [], user: null,
    // Every Zoho user signed in on this machine (the host's token.list) and this profile's installation ID.
    machineTokens: [], installation: null,
    // The active user when it is another profile's (lib/active-user.js), and why this profile went back to its own.
    activeUser: null, activeUserNote: null,
    phase: { name: 'not_configured' }, signinNeeded: null, refreshBlocked: null, busy: null, lastError: null, dc: null,
    ignoredCapture: null };
  // When a 401 last led to a refresh: a token Zoho rejects again soon after is not renewed again, so a Zoho that
  // keeps rejecting fresh tokens costs one refresh, not the whole budget.
  #renewedAfterRejectAt = 0;
  // The sign-in running now, which a second request joins instead of opening another Zoho window.
  #signingIn = null;
  // The refresh running now, which a 401 or a second request joins instead of asking Zoho again.
  #refreshing = null;
  #markConfigured;
  /** Settles once the first settings are applied: an event that woke the worker waits for it before judging. */
  configured = new Promise((resolve) => {
    this.#markConfigured = resolve;
  });

  #alarms;
  #installation = null;
  #active = null; // the chosen profile's token (lib/active-user.js choiceOf), or null for this profile's own
  #readOrg;
  #readUser;
  #store;
  #zoho;
  /** This profile's Firefox containers' tokens (bg/containers.js), set by the background; null where none. */
  containers = null;

  /**
   * @param {{request: Function}} host the host client
   * @param {{alarms: object, store: object, zoho: object, readOrg?: Function}} browser what the session needs of the
   *   browser, passed in so node's test runner can drive it: `alarms` (get/create/clear), `store` (loadActiveDc,
   *   saveActiveDc, loadTokenVia, saveTokenVia, loadInstallationId), `zoho` (authorize, authorizeInTab, revoke) and `readOrg(token, api)`
   *   (the CRM org a new token is bound to, or null), `readUser(token, api)` (its Zoho user {name, email}, or null)
   */
  constructor(host, { alarms, store, zoho, readOrg = async () => null, readUser = async () => null }) {
    this.#host = host;
    this.#readOrg = readOrg;
    this.#readUser = readUser;
    this.#alarms = alarms;
    this.#store = store;
    this.#zoho = zoho;
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
    const p = this.state.phase;
    this.state.signinNeeded = p.name === 'signin_needed' ? { reason: p.why } : null;
    this.state.refreshBlocked = p.name === 'budget_spent' || p.name === 'zoho_blocked'
      ? { kind: p.kind === 'refresh' ? 'refresh' : 'signin', until: p.until, zoho: p.name === 'zoho_blocked' } : null;
    for (const l of this.#listeners) l(this.state);
  }

  /** Moves the sign-in to the state `event` leads to (lib/signin-states.js), with other changes in `patch`. */
  #on(event, patch = {}) {
    this.#emit({ ...patch, phase: nextState(this.state.phase, event) });
  }

  /** Scope of host requests: the client and the data centre Zoho last reported. */
  scope() {
    const scope = { client_id: this.#settings.clientId, dc: this.state.dc ?? this.#settings.dc };
    return this.#installation ? { ...scope, installation: this.#installation } : scope;
  }

  /**
   * Scope of the chosen account and recent list: also the CRM org of the active user's token, where Zoho said it.
   * Null while another profile's user whose org is not known is active: the account kept without an org may be
   * this profile's user's, of another org, and is not handed to web pages under the other user's token.
   */
  accountScope(token = this.state.token) {
    if (this.#active) return this.#active.org ? { ...this.scope(), dc: this.#active.dc, org: this.#active.org } : null;
    const org = token?.present !== false && token?.org?.id;
    return org ? { ...this.scope(), org } : this.scope();
  }

  endpoints(token = null) {
    return resolveEndpoints(this.#settings, token ?? { location: this.scope().dc });
  }

  async configure(settings) {
    this.#settings = settings;
    this.#markConfigured();
    const dc = (await this.#store.loadActiveDc()) ?? settings.dc;
    // Tokens are kept per browser profile; without an ID (storage failing) the host keeps the browser's one.
    this.#installation = await this.#store.loadInstallationId?.().catch(() => null) ?? null;
    this.#active = this.#installation ? await this.#store.loadActiveUser?.().catch(() => null) ?? null : null;
    this.#on({ type: 'configured', clientId: settings.clientId }, { configured: Boolean(settings.clientId), dc, user: null,
      installation: this.#installation, activeUser: this.#active });
    if (settings.clientId) await this.refreshStatus();
  }

  /**
   * Reads token status, budgets and the chosen account from the host; with `listTokens` also every profile's token
   * (token.list decrypts them all: asked when a page shows the list or tokens changed, not on every status read).
   */
  async refreshStatus({ listTokens = false } = {}) {
    if (!this.state.configured) return;
    try {
      const { token, patch } = await readHostStatus(this.#host, this.scope(),
        { accountScope: (t) => this.accountScope(t), listTokens });
      this.#accountReadAt = Date.now();
      this.#on({ type: 'time_passed', now: Date.now() });
      this.#on({ type: 'status', present: token.present, expired: token.expired }, patch);
      const blocked = this.state.refreshBlocked && this.state.refreshBlocked.until > Date.now();
      // Without session access Zoho refuses every silent refresh: asking would only spend a budget slot.
      const renewable = token.granted_for_session === true;
      if (token.present && !renewable) await this.#alarms.clear(REFRESH_ALARM);
      if (token.present && renewable && token.stored_at !== this.#gaveUpOn && !blocked) await this.#schedule(token.refresh_at);
      const active = this.#active;
      if (listTokens && active && !patch.machineTokens.some((t) => t.installation === active.installation)) {
        await this.#setActive(null, goneMessage(active));
      }
    } catch (e) {
      this.#hostFailure(e);
    }
  }

  /** The chosen account, re-read through the open port when the cached answer is older than ACCOUNT_FRESH_MS. */
  async chosenAccount() {
    const scope = this.accountScope();
    if (!scope) return null;
    if (this.state.configured && Date.now() - this.#accountReadAt > ACCOUNT_FRESH_MS) {
      const answer = await this.#host.request('account.get', scope);
      this.#accountReadAt = Date.now();
      if (JSON.stringify(answer.account) !== JSON.stringify(this.state.account)) this.#emit({ account: answer.account });
    }
    return this.state.account;
  }

  /** One interactive sign-in at a time: a call while one runs gets that one's answer and spends no budget. */
  signIn() {
    this.#signingIn ??= this.#run('signin', async () => {
      this.#on({ type: 'signin_started' });
      await this.#host.request('budget.reserve', { client_id: this.scope().client_id, kind: 'login' });
      const token = await this.#zoho.authorize({ accounts: this.endpoints().accounts, clientId: this.#settings.clientId,
        scopes: this.#settings.scopes, refresh: false });
      await this.storeToken(token, 'login');
    }).finally(() => {
      this.#signingIn = null;
    });
    return this.#signingIn;
  }

  /** A silent refresh, only when the host grants one from the refresh budget; one at a time. */
  refresh() {
    this.#refreshing ??= this.#run('refresh', async () => {
      this.#on({ type: 'refresh_started' });
      await this.#host.request('budget.reserve', { client_id: this.scope().client_id, kind: 'refresh' });
      // Ask for what was granted: a token captured from a web app may carry fewer scopes than the settings, and
      // Zoho answers prompt_required to a refresh asking for more.
      const granted = this.state.token?.scope?.split(/[ ,]+/).filter(Boolean);
      const ask = { accounts: this.endpoints().accounts, clientId: this.#settings.clientId,
        scopes: granted?.length ? granted : this.#settings.scopes };
      const via = await this.#store.loadTokenVia();
      const token = via.kind === 'capture'
        ? await this.#zoho.authorizeInTab({ ...ask, redirectUri: via.redirectUri })
        : await this.#zoho.authorize({ ...ask, refresh: true });
      await this.storeToken(token, 'refresh', via);
    }).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async storeToken(token, source, via = { kind: 'extension' }) {
    const held = source === 'refresh' && this.state.token?.present ? this.state.token : null;
    const identity = await checkedIdentity(token, { settings: this.#settings, dc: this.scope().dc, held,
      readOrg: this.#readOrg, readUser: this.#readUser });
    await this.#store.saveTokenVia(via);
    const stored = await this.#host.request('token.store', { ...this.scope(), source, token,
      refresh_margin_s: this.#settings.refreshEarlyMinutes * 60, ...identity });
    if (stored.dc !== this.state.dc) await this.#store.saveActiveDc(stored.dc);
    if (source === 'login') this.#renewedAfterRejectAt = 0; // a person signed in anew: a later 401 may renew once
    this.#on({ type: source === 'refresh' ? 'refresh_ok' : 'signin_ok' }, { dc: stored.dc, user: null, ignoredCapture: null });
    await this.refreshStatus({ listTokens: true });
  }

  async signOut() {
    return this.#run('signout', async () => {
      let revoked = false;
      try {
        const token = await this.#host.request('token.get', this.scope());
        revoked = await this.#zoho.revoke(this.endpoints(token).accounts, token.access_token);
      } catch (e) {
        if (!(e instanceof HostError) || !['NO_TOKEN', 'TOKEN_EXPIRED'].includes(e.code)) throw e;
      }
      await this.#host.request('token.forget', this.scope());
      await this.#alarms.clear(REFRESH_ALARM);
      this.#on({ type: 'signed_out' }, { user: null, lastError: revoked ? null :
        { message: 'Signed out here; Zoho could not confirm the token was revoked (it expires within the hour).' } });
      await this.refreshStatus({ listTokens: true });
    });
  }

  async choose(account) {
    const scope = this.accountScope();
    if (!scope) throw new Error(`${this.#active.who}'s CRM org is not known here: choose the account in ${this.#active.where}.`);
    const answer = await this.#host.request('account.choose', { ...scope, account });
    this.#accountReadAt = Date.now();
    this.#emit({ account: answer.account });
    await this.refreshStatus();
    return answer.account;
  }

  /**
   * The active user's token for CRM calls, or for a web app allowed to read it (the host records each hand-out to
   * a site). Another profile's token that is gone falls back to this profile's own, saying so.
   */
  async token(forOrigin) {
    const active = this.#active;
    const read = active?.container && this.containers ? this.containers.read(active, forOrigin)
      : active ? readBorrowedToken(this.#host, this.scope(), active, forOrigin) : null;
    let token = active ? await read.catch((e) => {
      // The popup says it too: another profile's token due for renewal, or a container's that could not be renewed.
      if (e.code === 'ACTIVE_USER_ELSEWHERE' || active.container) this.#emit({ activeUserNote: e.message });
      throw e;
    }) : null;
    if (active && !token) await this.#setActive(null, goneMessage(active));
    token ??= await this.#host.request('token.get', forOrigin ? { ...this.scope(), for_origin: forOrigin } : this.scope());
    if (forOrigin) this.refreshStatus();
    return { ...token, endpoints: this.endpoints(token) };
  }

  /**
   * Makes the signed-in user of another profile of this browser (its installation, from token.list) the active
   * user, or this profile's own again (null). Answers {ok} or {ok: false, error}, as the popup's commands do.
   */
  async useUser(installation) {
    if (!installation) {
      await this.#setActive(null);
      return { ok: true };
    }
    const tokens = this.state.machineTokens;
    const entry = tokens.find((t) => t.installation === installation);
    if (!canUse(entry, { installation: this.#installation, caller: ownCaller(tokens, this.#installation) })) {
      return { ok: false, error: { code: 'ERROR', message: 'Only the sign-in of another profile of this browser can be used here, while this profile is signed in too.' } };
    }
    const containers = await this.containers?.names() ?? {};
    const row = signedInUsers([entry], { installation: this.#installation, containers })[0];
    await this.#setActive(choiceOf(entry, row, this.#installation));
    return { ok: true };
  }

  async #setActive(choice, note = null) {
    await this.#store.saveActiveUser?.(choice);
    this.#active = choice;
    this.#accountReadAt = 0; // the chosen account is the new user's org's
    this.#emit({ activeUser: choice, activeUserNote: note, user: null });
    await this.refreshStatus({ listTokens: true });
  }

  /** Adds CRM calls made for web apps to the host's request log, then shows the log's newest entries. */
  async recordRequests(entries) {
    await this.#host.request('request.record', { ...this.scope(), entries });
    this.#emit({ requests: await requestLog(this.#host, this.scope()) });
  }

  /** Why the active user's token cannot be used now (a container's renewal that failed, bg/containers.js). */
  noteActiveUser(message) {
    this.#emit({ activeUserNote: message });
  }

  setUser(user) {
    this.#emit({ user });
  }

  /** Zoho throttled a web app's own sign-in: the host keeps the block, the popup says until when. */
  async noteZohoThrottle() {
    this.#on(await this.#zohoBlock('login'));
  }

  async #zohoBlock(kind) {
    const block = await this.#host.request('budget.block', { client_id: this.scope().client_id, kind }).catch(() => null);
    return { type: 'throttled', kind, until: block?.until ?? Date.now() + ZOHO_BLOCK_MS };
  }

  /** Zoho refused a web app's own sign-in, or it could not be kept. */
  markSigninNeeded(reason) {
    this.#on({ type: 'capture_failed', message: reason });
  }

  /**
   * The CRM API answered 401 to a token the host still holds: one refresh within budget where Zoho can renew it
   * (session access granted), else, or when that refresh fails, a sign-in is needed. Resolves true when a
   * renewed token is ready for another try. `usedStoredAt` is the stored_at of the token the refused call carried:
   * calls that were out together with one token cost one refresh (a refresh running is joined, and a call that
   * carried a token older than the one held now just tries again).
   */
  async apiRejected(usedStoredAt = this.state.token?.stored_at) {
    // A 401 that arrives while or after signing out (the token was just revoked) must not sign anyone back in.
    if (this.state.busy === 'signout' || this.#signingIn) return false;
    // Another profile's token is renewed only in that profile: no refresh (nor sign-in) for it from here. A Firefox
    // container's is renewed in that container (bg/containers.js).
    if (this.#active) return Boolean(this.#active.container && (await this.containers?.renewRejected(this.#active)));
    if (this.#refreshing) return (await this.#refreshing).ok;
    const held = await this.#host.request('token.status', this.scope()).catch(() => null);
    if (this.#refreshing) return (await this.#refreshing).ok; // began while the host answered
    if (!held?.present) return false;
    if (held.stored_at !== usedStoredAt || held.stored_at !== this.state.token?.stored_at) return true;
    const renewable = held.granted_for_session === true && Date.now() - this.#renewedAfterRejectAt > REJECT_RENEW_MS;
    if (renewable) this.#renewedAfterRejectAt = Date.now();
    this.#on({ type: 'api_rejected', renewable }, { user: null });
    if (this.state.phase.name !== 'refreshing') return false;
    return (await this.refresh()).ok;
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
      const kind = busy === 'refresh' ? 'refresh' : 'login';
      const event = e instanceof SignInError && e.code === 'zoho_throttled' ? await this.#zohoBlock(kind)
        : failureEvent(e, busy, kind);
      this.#on(event, failurePatch(e, event, busy));
      // Whatever failed, a sign-in or refresh in progress is over.
      if (this.state.phase.name === 'signing_in') this.#on({ type: 'signin_failed', message: e.message });
      if (this.state.phase.name === 'refreshing') this.#on({ type: 'refresh_refused', message: e.message });
      const blockedUntil = this.state.refreshBlocked?.until;
      if (busy === 'refresh' && blockedUntil) await this.#alarms.create(REFRESH_ALARM, { when: blockedUntil });
      await this.refreshStatus();
      // Every failure answers with a code and a message, also those the popup shows elsewhere than lastError.
      return failureAnswer(e, e.code === 'zoho_throttled' ? this.state.phase.until : null);
    }
  }

  async #schedule(refreshAt) {
    const existing = await this.#alarms.get(REFRESH_ALARM);
    if (!existing || Math.abs(existing.scheduledTime - refreshAt) > 1000) {
      await this.#alarms.create(REFRESH_ALARM, { when: Math.max(refreshAt, Date.now() + 1000) });
    }
  }

  #hostFailure(e) {
    const message = e?.message ?? String(e);
    const code = e instanceof HostError ? e.code : 'HOST_UNAVAILABLE';
    if (!code.startsWith('HOST_')) this.#on({ type: 'host_error', code, message }, { lastError: { code, message } });
    else this.#on({ type: 'host_error', code, message }, { host: { ok: false, error: message } });
  }
}
