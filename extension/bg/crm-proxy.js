// Zoho CRM calls made by the extension for web apps, so that a page does its CRM work without ever holding the
// token: the request is checked (lib/crm-request.js) against the origin's policy (lib/web-app-policy.js), queued
// so the org's concurrency limit holds, made with the token the host keeps, and answered without the token.
// Every call, allowed or refused, goes to the host's request log (path template only: no IDs, bodies or tokens).

import { checkCrmRequest, safeResponseHeaders } from '../lib/crm-request.js';
import { allowsCrmCall } from '../lib/web-app-policy.js';
import { WebError, webError } from '../lib/web-errors.js';
import { isHostUnavailable } from '../lib/host-errors.js';

// Zoho CRM's answers to a token it no longer accepts (zoho.md "CRM API": 401 INVALID_TOKEN, AUTHENTICATION_FAILURE).
const REJECTED = new Set(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']);
// Limits with their reasons. Waiting calls beyond 100 mean a page is flooding: answer at once rather than queue
// for minutes. A CRM call normally takes well under a second; 30 s is Zoho not answering.
const MAX_WAITING = 100;
const BUSY_RETRY_MS = 1000;
// A call that waited this long for a free slot is answered ZOHO_BUSY instead of waiting on: the page should not
// hang behind a queue that is not moving.
const MAX_QUEUE_WAIT_MS = 30_000;
const ZOHO_429_RETRY_MS = 5000;
const CALL_TIMEOUT_MS = 30_000;
// The token is kept in the worker's memory between calls for at most a minute (the host stays the only store),
// so a burst of calls does not ask the host for it each time.
const TOKEN_REUSE_MS = 60_000;
// Log entries go to the host in batches: one host write per burst, not per call.
const LOG_BATCH = 50;
const LOG_DELAY_MS = 300;

const VALIDATION_BASE = 'https://api.zoho.invalid';

export class CrmProxy {
  #session;
  #fetch;
  #running = 0;
  #waiting = [];
  #token = null;
  #log = [];
  #logTimer = null;

  /** @param {object} session the background Session @param {{fetch?: typeof fetch}} [browser] a test's own fetch */
  constructor(session, { fetch } = {}) {
    this.#session = session;
    this.#fetch = fetch ?? ((...a) => globalThis.fetch(...a));
  }

  /** Answers one `crm.request` of a web page at `origin` with its policy; never throws, never returns the token. */
  async request(origin, policy, request) {
    const checked = checkCrmRequest(request, VALIDATION_BASE);
    const method = checked.method ?? (typeof request?.method === 'string' ? request.method.toUpperCase() : 'GET');
    const note = (status, code) => this.#note({ origin, method, path: checked.template, status, code });
    if (!checked.ok) {
      note(400, 'BAD_REQUEST');
      return webError('BAD_REQUEST', checked.message);
    }
    const allowed = allowsCrmCall(policy, checked.method, checked.module);
    if (!allowed.ok) {
      note(403, 'FORBIDDEN');
      return webError('FORBIDDEN', allowed.message);
    }
    if (this.#waiting.length >= MAX_WAITING) {
      note(429, 'ZOHO_BUSY');
      return webError('ZOHO_BUSY', 'Too many Zoho CRM calls are waiting; try again in a moment.', BUSY_RETRY_MS);
    }
    let answer;
    try {
      answer = await this.#queued(() => this.#call(request));
    } catch (e) {
      // The queue did not move in time, or the host could not hand out the token (its code where it says the host
      // is unavailable, else ERROR).
      answer = e instanceof QueueTimeout ? { ...webError('ZOHO_BUSY', e.message, BUSY_RETRY_MS), status: 429 }
        : webError(e?.code && (isHostUnavailable(e.code) || e.code === WebError.ACTIVE_USER_ELSEWHERE) ? e.code : 'ERROR',
          e?.message);
    }
    const status = answer.status ?? 0;
    if (!answer.ok) delete answer.status; // kept for the log only
    note(status, answer.ok ? undefined : answer.error.code);
    return answer;
  }

  /**
   * The browser's fetch through the same queue, for the extension's own CRM calls (the account list): Zoho's
   * concurrency limit is per org, so they count with the web apps' calls.
   * @type {typeof fetch}
   */
  queuedFetch = (url, init) => this.#queued(() => this.#fetch(url, init));

  /** Forgets the token kept between calls (sign-out, another sign-in, new settings). */
  reset() {
    this.#token = null;
  }

  async #queued(job) {
    const limit = this.#session.settings?.crmConcurrency ?? 5;
    if (this.#running >= limit) {
      const admitted = await new Promise((resolve) => {
        const turn = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(turn), 1);
          resolve(false);
        }, MAX_QUEUE_WAIT_MS);
        this.#waiting.push(turn);
      });
      if (!admitted) throw new QueueTimeout();
    }
    this.#running += 1;
    try {
      return await job();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }

  async #credentials() {
    const held = this.#session.state.token;
    const t = this.#token;
    // Another profile's token (the active user's) is read each time: the host says whether it is still fresh.
    const own = !this.#session.state.activeUser;
    if (own && t && held?.stored_at === t.storedAt && Date.now() - t.at < TOKEN_REUSE_MS && Date.now() < t.expiresAt) return t;
    try {
      const token = await this.#session.token();
      const kept = { value: token.access_token, api: token.endpoints.api, storedAt: token.stored_at,
        expiresAt: token.expires_at, at: Date.now() };
      this.#token = own ? kept : null;
      return kept;
    } catch (e) {
      if (e?.code === 'NO_TOKEN' || e?.code === 'TOKEN_EXPIRED') return null;
      throw e;
    }
  }

  async #call(request, renewed = false) {
    const token = await this.#credentials();
    if (!token) {
      return { ...webError('SIGN_IN_NEEDED', 'Nobody is signed in to Zoho in zcrm-bridge, or the sign-in has expired: sign in again.'), status: 0 };
    }
    const call = checkCrmRequest(request, token.api);
    let res;
    try {
      res = await this.#fetch(call.url, {
        method: call.method, body: call.body, cache: 'no-store', credentials: 'omit', redirect: 'error',
        headers: { ...call.headers, Authorization: `Zoho-oauthtoken ${token.value}` },
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      const late = e?.name === 'TimeoutError';
      return { ...webError('NETWORK', late ? `Zoho CRM did not answer within ${CALL_TIMEOUT_MS / 1000} s.` : 'Zoho CRM could not be reached.'), status: 0 };
    }
    const body = await readBody(res);
    if (res.status === 401 && REJECTED.has(body?.code)) {
      this.#token = null;
      if (!renewed && (await this.#session.apiRejected(token.storedAt).catch(() => false))) return this.#call(request, true);
      return { ...webError('SIGN_IN_NEEDED', 'Zoho no longer accepts the sign-in and it could not be renewed now: sign in again.'), status: 401 };
    }
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      return { ...webError('ZOHO_BUSY', 'Zoho CRM is busy with this org’s requests; try again in a moment.',
        Number.isFinite(after) && after > 0 ? after * 1000 : ZOHO_429_RETRY_MS), status: 429 };
    }
    return scrubbed({ ok: true, status: res.status, headers: safeResponseHeaders(res.headers), body }, token.value);
  }

  #note(entry) {
    const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== null));
    this.#log.push(clean);
    if (this.#log.length >= LOG_BATCH) this.#flush();
    else this.#logTimer ??= setTimeout(() => this.#flush(), LOG_DELAY_MS);
  }

  #flush() {
    clearTimeout(this.#logTimer);
    this.#logTimer = null;
    const entries = this.#log.splice(0, LOG_BATCH);
    if (entries.length) this.#session.recordRequests(entries).catch(() => {}); // the log is an audit aid, never a reason to fail a call
    if (this.#log.length) this.#logTimer = setTimeout(() => this.#flush(), 0);
  }
}

class QueueTimeout extends Error {
  constructor() {
    super(`Zoho CRM calls have not moved for ${MAX_QUEUE_WAIT_MS / 1000} s; try again in a moment.`);
  }
}

async function readBody(res) {
  if (res.status === 204 || res.status === 304) return null;
  const text = await res.text().catch(() => '');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    // The proxy carries JSON; Zoho's text answers (an HTML error page) come back as text, anything else as null.
    return /^text\//.test(res.headers.get('content-type') ?? '') ? text.slice(0, 64 * 1024) : null;
  }
}

// No answer may carry the token, even if a server echoed it: replaced wherever it appears.
function scrubbed(answer, token) {
  const text = JSON.stringify(answer);
  return text.includes(token) ? JSON.parse(text.split(token).join('[token removed]')) : answer;
}
