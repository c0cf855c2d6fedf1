// What the host holds for this sign-in, read in one go: the token (without the secret), budgets, chosen account and
// recent list, the sites that used the sign-in, the CRM calls made for web apps, and every Zoho user signed in on
// this computer. Session.refreshStatus turns it into state; the reads are here so the session stays about decisions.

// The popup lists this many of the newest CRM calls web apps made through the extension.
const REQUEST_LOG_SHOWN = 20;

/** The newest CRM calls made for web apps; a host without the log (older) shows none rather than failing. */
export function requestLog(host, scope) {
  return host.request('request.log', { ...scope, limit: REQUEST_LOG_SHOWN }).then((a) => a.entries, () => []);
}

/**
 * Reads everything the popup shows from the host. `scope` is the session's ({client_id, dc, installation?});
 * `accountScope(token)` the scope of the chosen account and recent list for this profile's token.status answer
 * (null: none to read); `listTokens` also reads every profile's token (token.list), else machineTokens is left out.
 * Resolves {token, patch}: token.status's answer, and the state fields it leads to. Rejects as host.request does.
 */
export async function readHostStatus(host, scope, { accountScope = () => scope, listTokens = true } = {}) {
  // The token first: its org decides which chosen account and recent list are read.
  const token = await host.request('token.status', scope);
  const accounts = accountScope(token);
  const [budget, account, recent, handouts, requests, machine] = await Promise.all([
    host.request('budget.get', { client_id: scope.client_id }),
    accounts ? host.request('account.get', accounts) : { account: null },
    accounts ? host.request('account.recent', accounts) : { accounts: [] },
    host.request('token.handouts', { ...scope, limit: 5 }),
    requestLog(host, scope),
    // A host older than token.list answers UNKNOWN_TYPE: the list is only a view, so it stays empty.
    listTokens ? host.request('token.list', { client_id: scope.client_id }).catch(() => ({ tokens: [] })) : null,
  ]);
  const patch = { host: { ok: true }, token: strip(token), budget: strip(budget), account: account.account,
    recent: recent.accounts, handouts: handouts.handouts, requests };
  if (machine) patch.machineTokens = machine.tokens ?? [];
  return { token, patch };
}

// Answers carry id/ok; the model keeps only the fields.
function strip({ id, ok, ...rest }) {
  return rest;
}
