// Type-checked by extension/test/client-package.test.mjs (tsc --noEmit --strict): every declaration of
// index.d.ts in use as an app would use it. Lines marked @ts-expect-error must stay errors.
import { BridgeError, connect } from '../index.js';
import type {
  Account, Bridge, ConnectOptions, Crm, CrmErrorBody, CrmListBody, CrmMethod, CrmParams, CrmPath, CrmRequestHeaders,
  CrmRequestOptions, CrmResponse, CrmResponseHeaders, CrmVersion, ErrorCode, HostErrorCode, HostUnavailableCode,
  RetryErrorCode, Token, WebErrorCode,
} from '../index.js';

interface AccountRecord {
  id: string;
  Account_Name: string;
}

const options: ConnectOptions = { extensionId: 'abcdefghijklmnopabcdefghijklmnop', timeoutMs: 5000 };
const bridge: Bridge = connect(options);
const bare: Bridge = connect();
const how: 'direct' | 'window' = bridge.transport;

async function everyCall(): Promise<void> {
  const account: Account | null = await bridge.getAccount();
  if (account) {
    const kind: 'user' | 'record' = account.kind;
    const module: string | undefined = account.module;
    console.log(account.id, account.name, kind, module);
  }
  const stop: () => void = bridge.onAccountChange((a: Account | null) => console.log(a?.name),
    (e: BridgeError) => console.log(e.code));
  stop();
  bare.onAccountChange(() => {});
  await bridge.signIn();
  const token: Token = await bridge.getToken();
  const expires: number = token.expires_at;
  console.log(token.access_token, token.api_domain, expires, how);

  const crm: Crm = bridge.crm;
  const params: CrmParams = { fields: 'Account_Name', per_page: 20, approved: true, page: undefined };
  const list: CrmResponse<CrmListBody<AccountRecord>> =
    await crm.request<CrmListBody<AccountRecord>>('GET', '/crm/v8/Accounts', { params });
  const names: string[] = list.body?.data.map((r) => r.Account_Name) ?? [];
  const more: boolean | undefined = list.body?.info?.more_records;
  const type: string | undefined = list.headers['content-type'];
  const remaining: string | undefined = list.headers['x-ratelimit-remaining'];
  console.log(list.status, names, more, type, remaining);

  const id = '4150868000000224005';
  const headers: CrmRequestHeaders = { 'If-Modified-Since': '2026-11-28T10:00:00+00:00' };
  const one = await bridge.crm.request('GET', `/crm/v8/Accounts/${id}`, { headers });
  const unknownBody: unknown = one.body;
  const created: CrmRequestOptions = { body: { data: [{ Account_Name: 'Zylker' }] } };
  const post = await bridge.crm.request<CrmErrorBody>('POST', '/crm/v2.1/Accounts?trigger=workflow', created);
  if (post.status >= 400 && post.body) console.log(post.body.code, post.body.message, post.body.details);
  await bridge.crm.request('POST', '/crm/v8/coql', { body: { select_query: 'select Account_Name from Accounts limit 5' } });
  await bridge.crm.request('PUT', '/crm/v8/Accounts', { body: [{ id, Account_Name: 'Zylker Inc' }] });
  await bridge.crm.request('DELETE', `/crm/v8/Accounts/${id}`);
  const method: CrmMethod = 'PATCH';
  const version: CrmVersion = '2.2';
  const path: CrmPath = `/crm/v${version}/settings/modules`;
  await bridge.crm.request(method, path);
  const answerHeaders: CrmResponseHeaders = { etag: 'x', 'x-api-credits-remaining': '9' };
  console.log(unknownBody, answerHeaders);

  // @ts-expect-error: only Zoho CRM paths
  await bridge.crm.request('GET', '/oauth/v2/token');
  // @ts-expect-error: never a full address
  await bridge.crm.request('GET', 'https://www.zohoapis.com/crm/v8/Accounts');
  // @ts-expect-error: no such API version
  await bridge.crm.request('GET', '/crm/v9/Accounts');
  // @ts-expect-error: no such method
  await bridge.crm.request('HEAD', '/crm/v8/Accounts');
  // @ts-expect-error: params are strings, numbers or booleans
  await bridge.crm.request('GET', '/crm/v8/Accounts', { params: { ids: ['1', '2'] } });
  // @ts-expect-error: the body is JSON, an object or an array
  await bridge.crm.request('POST', '/crm/v8/Accounts', { body: 'Account_Name=Zylker' });
  // @ts-expect-error: the page cannot set Authorization
  await bridge.crm.request('GET', '/crm/v8/Accounts', { headers: { Authorization: 'Zoho-oauthtoken 1000.x' } });
  // @ts-expect-error: timeoutMs is a number
  connect({ timeoutMs: '5000' });
  // @ts-expect-error: getAccount may give null
  const sure: Account = await bridge.getAccount();
  console.log(sure);
}

function explain(e: unknown): string {
  if (!(e instanceof BridgeError)) return String(e);
  const code: ErrorCode = e.code;
  const name: 'BridgeError' = e.name;
  switch (code) {
    case 'SIGN_IN_NEEDED':
    case 'NO_TOKEN':
    case 'TOKEN_EXPIRED':
      return 'sign in';
    case 'ZOHO_BUSY':
      return `try again in ${Math.ceil((e.retryAfterMs ?? 1000) / 1000)} s`;
    case 'FORBIDDEN':
      return `not allowed: ${e.message} (${name})`;
    // @ts-expect-error: not a code
    case 'TOKEN_MISSING':
      return '';
    default:
      return code;
  }
}

const web: WebErrorCode = 'NETWORK';
const host: HostErrorCode = 'ZOHO_BLOCKED';
const unavailable: HostUnavailableCode = 'HOST_TIMEOUT';
const retry: RetryErrorCode = 'ZOHO_BUSY';
const made = new BridgeError('ZOHO_BUSY', 'Zoho CRM is busy.', 1500);
const plain = new BridgeError('ERROR');
const asError: Error = made;
// @ts-expect-error: not a code
new BridgeError('NOPE');
console.log(everyCall, explain(made), web, host, unavailable, retry, plain, asError);
