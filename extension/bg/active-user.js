// Reading the active user's token when it is another profile's (lib/active-user.js). The host keeps that token
// under the other profile's installation; this profile reads it there and never refreshes or stores it: only the
// profile holding that user's Zoho session may renew it, so a token due for renewal is refused with a way on.

import { borrowProblem, elsewhereMessage } from '../lib/active-user.js';

/** The active user's token is expired or due for renewal in the profile that holds it (web code ACTIVE_USER_ELSEWHERE). */
export class ActiveUserElsewhereError extends Error {
  code = 'ACTIVE_USER_ELSEWHERE';
}

/** The host scope of a chosen profile's token: this client, the token's data centre and its installation. */
export function borrowedScope(ownScope, choice) {
  return { client_id: ownScope.client_id, dc: choice.dc, installation: choice.installation };
}

/**
 * token.get for the chosen profile's token, checked first with token.status (no secret, no hand-out written) so a
 * token that is not handed out is not recorded as read. Resolves the token, or null when it is no longer stored
 * (signed out in its profile). Throws ActiveUserElsewhereError when expired or due for renewal, else as host.request.
 */
export async function readBorrowedToken(host, ownScope, choice, forOrigin, now = Date.now()) {
  const scope = borrowedScope(ownScope, choice);
  const problem = borrowProblem(await host.request('token.status', scope), now);
  if (problem === 'gone') return null;
  if (problem) throw new ActiveUserElsewhereError(elsewhereMessage(choice, problem));
  try {
    return await host.request('token.get', forOrigin ? { ...scope, for_origin: forOrigin } : scope);
  } catch (e) {
    if (e?.code === 'NO_TOKEN') return null;
    if (e?.code === 'TOKEN_EXPIRED') throw new ActiveUserElsewhereError(elsewhereMessage(choice, 'expired'));
    throw e;
  }
}
