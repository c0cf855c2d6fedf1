// The CRM org and the Zoho user a new token belongs to, stored with it: Zoho CRM tokens are bound to one org (the
// consent page asks), and the popups of every profile list who is signed in where. Both are only shown, so a read
// that fails costs nothing but the name.

import { apiDomainProblem, resolveEndpoints } from '../lib/datacenters.js';
import { userForHost } from '../lib/signed-in-users.js';
import { SignInError } from './signin-error.js';

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

/**
 * The identity of a new token for token.store, once its api_domain is checked: every later call follows it, and one
 * its data centre (`dc` when the token names none) does not name would send the token to another server.
 * @throws {SignInError} wrong_api_domain
 */
export async function checkedIdentity(token, { settings, dc, held, readOrg, readUser }) {
  const problem = token.api_domain ? apiDomainProblem(token.location ?? dc, token.api_domain, settings) : null;
  if (problem) throw new SignInError('wrong_api_domain', problem);
  return tokenIdentity(token, resolveEndpoints(settings, token).api, held, { readOrg, readUser });
}
