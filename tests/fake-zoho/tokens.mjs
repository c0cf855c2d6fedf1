// Access-token store of ONE data centre. Tokens look like Zoho's: "1000." followed by 64 hex digits.
// Each DC has its own store, so a token minted in one DC is unknown at every other DC: its API answers
// INVALID_TOKEN and its accounts server refuses to revoke it (zoho.md: "Wrong DC → INVALID_TOKEN";
// "Revoke at the accounts server of the token's DC").
// A token is bound to the person (zuid) and to the CRM org chosen on the consent page (help.zoho.com
// "Org-specific OAuth2.0 Tokens in Zoho CRM", via zoho.md "Corrections").
import { randomBytes } from 'node:crypto';

/**
 * @param {{dc: string, state: object, dcState: object, ttlS: number, now: () => number}} opts
 *   state is the fake's overall state, dcState this DC's; issued/revoked tokens are listed in both.
 */
export function makeTokenStore({ dc, state, dcState, ttlS, now }) {
  const tokens = new Map(); // token -> record
  let rejecting = false; // a test control: every token, also those issued later, is refused as if revoked

  return {
    /** Mints a token and records it in state.issued and dcState.issued. */
    issue({ clientId, scopes, scope, email, zuid, orgId, grantedForSession, via }) {
      const token = `1000.${randomBytes(32).toString('hex')}`;
      const issuedAt = now();
      const rec = { token, dc, clientId, scopes: [...scopes], scope, email, zuid, orgId,
        grantedForSession: !!grantedForSession, via, issuedAt, expiresAt: issuedAt + ttlS * 1000, revoked: false };
      tokens.set(token, rec);
      const entry = { token, dc, clientId, scope, email, orgId, via, grantedForSession: rec.grantedForSession,
        issuedAt: new Date(issuedAt).toISOString(), expiresAt: new Date(rec.expiresAt).toISOString() };
      state.issued.push(entry);
      dcState.issued.push(entry);
      return rec;
    },

    /** The live record for token, or {reason} when missing, revoked or expired. */
    check(token) {
      const rec = token ? tokens.get(token) : undefined;
      if (!rec) return { reason: 'unknown' };
      if (rec.revoked || rejecting) return { reason: 'revoked' };
      if (now() >= rec.expiresAt) return { reason: 'expired' };
      return { rec };
    },

    /** Returns false for a token this DC never issued. Revoking twice is fine. */
    revoke(token) {
      const rec = token ? tokens.get(token) : undefined;
      if (!rec) return false;
      if (!rec.revoked) {
        rec.revoked = true;
        state.revoked.push(token);
        dcState.revoked.push(token);
      }
      return true;
    },

    /** While on, every token of this DC (issued before or after) is refused as a revoked one. */
    rejectAll(on) {
      rejecting = Boolean(on);
    },

    expireAll() {
      const t = now();
      for (const rec of tokens.values()) rec.expiresAt = Math.min(rec.expiresAt, t);
    },
  };
}
