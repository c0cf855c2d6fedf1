// Zoho CRM REST calls made by the background with a token fetched from the host for each batch.

export class CrmError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/**
 * @param {() => Promise<{accessToken: string, api: string}>} credentials fresh for each call
 * @param {string} version CRM API version (settings.crmVersion)
 * @param {typeof fetch} [fetchImpl] the browser's fetch; a test passes its own
 */
export function createCrm(credentials, version, fetchImpl = globalThis.fetch) {
  // headers: extra request headers (If-Modified-Since). 204 (nothing) and 304 (nothing changed since) are null.
  async function get(path, params = {}, headers = {}) {
    const { accessToken, api } = await credentials();
    const url = new URL(`${api}/crm/v${version}/${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(k, v);
    let res;
    try {
      res = await fetchImpl(url, { headers: { ...headers, Authorization: `Zoho-oauthtoken ${accessToken}` } });
    } catch (e) {
      throw new CrmError('NETWORK', `Zoho CRM could not be reached (${e?.message ?? e}).`, 0);
    }
    if (res.status === 204 || res.status === 304) return null;
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const code = body.code ?? `HTTP_${res.status}`;
      throw new CrmError(code, crmMessage(code, body.message), res.status);
    }
    return body;
  }
  return { get };
}

function crmMessage(code, message) {
  if (code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE') {
    return 'Zoho no longer accepts the stored sign-in: sign in again.';
  }
  if (code === 'OAUTH_SCOPE_MISMATCH') return 'The sign-in lacks a scope this needs: add it in Options and sign in again.';
  if (code === 'TOO_MANY_REQUESTS') return 'Zoho CRM is busy with too many requests; try again in a minute.';
  return `Zoho CRM refused: ${message ?? code}.`;
}

const ORG_TYPES = new Set(['production', 'sandbox', 'developer']);

/**
 * The CRM org a token is bound to (Zoho CRM tokens are org-specific: the consent page asks for Production, Sandbox
 * or Developer), or null when Zoho does not say.
 */
export async function currentOrg(crm) {
  const o = (await crm.get('org'))?.org?.[0];
  if (!o || !/^\d{1,32}$/.test(String(o.id ?? ''))) return null;
  const org = { id: String(o.id), name: String(o.company_name ?? '').slice(0, 200) };
  if (ORG_TYPES.has(o.type)) org.type = o.type;
  return org;
}

export async function currentUser(crm) {
  const body = await crm.get('users', { type: 'CurrentUser' });
  const u = body?.users?.[0];
  return u ? { name: u.full_name ?? u.email, email: u.email ?? '' } : null;
}
