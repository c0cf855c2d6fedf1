// The CRM org and the Zoho user a new token belongs to, stored with it: Zoho CRM tokens are bound to one org (the
// consent page asks), and the popups of every profile list who is signed in where. Both are only shown, so a read
// that fails costs nothing but the name.

import { userForHost } from '../lib/signed-in-users.js';

/**
 * Resolves {org?, user?} for token.store. A refresh keeps what its token had (`held`: the token the host holds);
 * a sign-in may be to another org or by another person, so both are read (two CRM calls at once).
 * @param {{readOrg: Function, readUser: Function}} readers each (token, api) => value or null
 */
export async function tokenIdentity(token, api, held, { readOrg, readUser }) {
  const [org, user] = await Promise.all([
    held?.org ?? readOrg(token, api).catch(() => null),
    held?.user ?? readUser(token, api).then(userForHost, () => null),
  ]);
  return { ...(org ? { org } : {}), ...(user ? { user } : {}) };
}
