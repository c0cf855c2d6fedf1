// Types of zcrm-bridge-client: the calls a web page makes to the zcrm-bridge extension (docs/WEB-APPS.md).
// The same declarations describe the ES module (`import { connect } from 'zcrm-bridge-client'`), the CommonJS
// module, and the global `ZcrmBridge` that zcrm-bridge-client.js defines in a page loading it with <script>.

export as namespace ZcrmBridge;

/** Codes the extension (or, for NOT_INSTALLED, this client) gives a web page: extension/lib/web-errors.js. */
export type WebErrorCode =
  | 'NOT_INSTALLED'
  | 'FORBIDDEN'
  | 'UNKNOWN_TYPE'
  | 'BAD_REQUEST'
  | 'SIGN_IN_NEEDED'
  | 'ZOHO_BUSY'
  | 'NETWORK'
  | 'ERROR'
  | 'SIGN_IN_CANCELLED'
  | 'SIGN_IN_DECLINED'
  | 'SIGN_IN_FAILED'
  | 'ACTIVE_USER_ELSEWHERE';

/** Codes of the zcrm-bridge host (docs/PROTOCOL.md) that reach a page where a host answer is the reason. */
export type HostErrorCode =
  | 'BAD_FRAME'
  | 'FRAME_TOO_LARGE'
  | 'INVALID_JSON'
  | 'BAD_REQUEST'
  | 'UNKNOWN_TYPE'
  | 'FORBIDDEN'
  | 'NO_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'RATE_LIMITED'
  | 'VAULT_CORRUPT'
  | 'KEY_MISMATCH'
  | 'KEY_UNSAFE'
  | 'STATE_UNAVAILABLE'
  | 'LOCK_TIMEOUT'
  | 'CONFIG_INVALID'
  | 'RESPONSE_TOO_LARGE'
  | 'INTERNAL'
  | 'KEYRING_UNAVAILABLE'
  | 'ZOHO_BLOCKED';

/** Codes meaning the extension could not use its host (not installed or stopped, too slow, another version). */
export type HostUnavailableCode = 'HOST_UNAVAILABLE' | 'HOST_TIMEOUT' | 'HOST_VERSION_MISMATCH';

/** Every code a {@link BridgeError} can carry. */
export type ErrorCode = WebErrorCode | HostErrorCode | HostUnavailableCode;

/** Codes whose error says when to try again ({@link BridgeError.retryAfterMs}). */
export type RetryErrorCode = 'ZOHO_BUSY' | 'ZOHO_BLOCKED' | 'RATE_LIMITED';

/** Every refusal and failure: `code` says why; `retryAfterMs` says when to try again, where the code has it. */
export declare class BridgeError extends Error {
  constructor(code: ErrorCode, message?: string, retryAfterMs?: number);
  name: 'BridgeError';
  readonly code: ErrorCode;
  /** Milliseconds to wait before trying again: ZOHO_BUSY always; ZOHO_BLOCKED and RATE_LIMITED on signIn. */
  readonly retryAfterMs?: number;
}

export interface ConnectOptions {
  /**
   * The extension's ID in Chromium-family browsers (the published extension's is in
   * README.md). With it, a page whose origin the extension lists in `externally_connectable` messages the
   * extension directly; without it, or where that is not possible (Firefox), the content-script relay is used.
   */
  extensionId?: string;
  /**
   * Relay only: how long to wait for the extension's answer before NOT_INSTALLED. Default 20000. signIn and
   * crm.request use it to make sure the extension answers at all, then wait for their own answer as long as it
   * takes.
   */
  timeoutMs?: number;
}

/** The CRM account the person chose to work as: a CRM user, or a record such as an Account. */
export interface Account {
  id: string;
  name: string;
  kind: 'user' | 'record';
  /** The module of a record (`Accounts`, …); absent for a user. */
  module?: string;
}

/** The token, for sites at the `token` level only. */
export interface Token {
  access_token: string;
  /** The Zoho API server of the token's data centre, e.g. `https://www.zohoapis.com`. */
  api_domain: string;
  /** When the token expires, in milliseconds since 1970 (as `Date.now()`). */
  expires_at: number;
}

export type CrmMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Zoho CRM API versions (`/crm/v{n}/`). */
export type CrmVersion = '2' | '2.1' | '2.2' | '3' | '4' | '5' | '6' | '7' | '8';

/**
 * A Zoho CRM API path such as `/crm/v8/Accounts` or `/crm/v8/Accounts/{id}?fields=Account_Name`: never a full
 * address (the extension calls only the API server of the person's sign-in), never a path outside `/crm/`.
 */
export type CrmPath = `/crm/v${CrmVersion}/${string}`;

/** Query parameters, merged with the path's own query (these win). `undefined` values are left out. */
export type CrmParams = { [name: string]: string | number | boolean | undefined };

/** Request headers a page may set: only conditional reads. The extension adds the sign-in itself. */
export interface CrmRequestHeaders {
  /** e.g. `2026-11-28T10:00:00+00:00`: Zoho answers 304 with no body when nothing changed since. */
  'If-Modified-Since'?: string;
}

export interface CrmRequestOptions {
  params?: CrmParams;
  /** A JSON object or array (POST, PUT, PATCH): Zoho's `{data: [...]}` for records, `{select_query}` for COQL. */
  body?: object;
  headers?: CrmRequestHeaders;
}

/** The headers of Zoho's answer a page sees, lower case; nothing else of Zoho's answer (no cookies). */
export interface CrmResponseHeaders {
  'content-type'?: string;
  etag?: string;
  'last-modified'?: string;
  'retry-after'?: string;
  'x-ratelimit-limit'?: string;
  'x-ratelimit-remaining'?: string;
  'x-ratelimit-reset'?: string;
  'x-ratelimit-day-limit'?: string;
  'x-ratelimit-day-remaining'?: string;
  'x-api-credits-remaining'?: string;
  [name: string]: string | undefined;
}

/**
 * Zoho's answer, like fetch: Zoho's own errors (400 INVALID_DATA, 404, …) arrive here with their status and body;
 * only a failure of the extension or a refusal rejects. `body` is the parsed JSON; null for 204 and 304 (a text
 * answer, such as a proxy's HTML error page, arrives as a string).
 */
export interface CrmResponse<T = unknown> {
  status: number;
  headers: CrmResponseHeaders;
  body: T | null;
}

/** Zoho's body for a list of records (GET /crm/v8/Accounts, COQL). */
export interface CrmListBody<R = Record<string, unknown>> {
  data: R[];
  info?: {
    per_page?: number;
    count?: number;
    page?: number;
    more_records?: boolean;
    next_page_token?: string | null;
    previous_page_token?: string | null;
    [key: string]: unknown;
  };
}

/** Zoho's body for an error answer (status 400, 404, …). */
export interface CrmErrorBody {
  code: string;
  message: string;
  status?: string;
  details?: Record<string, unknown>;
}

export interface Crm {
  /**
   * Asks the extension to make one Zoho CRM API call with the person's sign-in. Allowed for sites at the `crm`
   * level (their modules and methods) and the `token` level; refused with FORBIDDEN otherwise. Rejects with
   * BAD_REQUEST for a path outside `/crm/v{n}/`, SIGN_IN_NEEDED when Zoho wants a new sign-in, ZOHO_BUSY (with
   * retryAfterMs) when this org has too many calls under way, NETWORK when Zoho cannot be reached.
   */
  request<T = unknown>(method: CrmMethod, path: CrmPath, options?: CrmRequestOptions): Promise<CrmResponse<T>>;
}

export interface Bridge {
  /** `direct` (externally_connectable, Chromium family) or `window` (the content script's relay). */
  readonly transport: 'direct' | 'window';
  /** The chosen account, or null when none is chosen. Every allowed site. */
  getAccount(): Promise<Account | null>;
  /**
   * The current account at once, then on every change, until the returned function is called. `onError` hears a
   * refusal (FORBIDDEN). Every allowed site.
   */
  onAccountChange(callback: (account: Account | null) => void, onError?: (error: BridgeError) => void): () => void;
  /** Opens Zoho's sign-in and resolves when it is done. Sites at the `crm` or `token` level. */
  signIn(): Promise<void>;
  /** The token itself. Sites at the `token` level only (least safe): prefer {@link Bridge.crm}. */
  getToken(): Promise<Token>;
  /** Zoho CRM calls made by the extension: the page never holds the token. */
  readonly crm: Crm;
}

/** Connects to the zcrm-bridge extension; nothing is sent until the first call. */
export declare function connect(options?: ConnectOptions): Bridge;
