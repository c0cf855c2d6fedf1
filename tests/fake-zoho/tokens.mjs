// Access-token store. Tokens look like Zoho's: "1000." followed by 64 hex digits.
import { randomBytes } from 'node:crypto';

export function makeTokenStore({ state, ttlS, now }) {
  const tokens = new Map(); // token -> record

  return {
    /** Mints a token and records it in state.issued. */
    issue({ clientId, scopes, scope, email, grantedForSession, via }) {
      const token = `1000.${randomBytes(32).toString('hex')}`;
      const issuedAt = now();
      const rec = { token, clientId, scopes: [...scopes], scope, email, grantedForSession: !!grantedForSession, via,
        issuedAt, expiresAt: issuedAt + ttlS * 1000, revoked: false };
      tokens.set(token, rec);
      state.issued.push({ token, clientId, scope, email, via, grantedForSession: rec.grantedForSession,
        issuedAt: new Date(issuedAt).toISOString(), expiresAt: new Date(rec.expiresAt).toISOString() });
      return rec;
    },

    /** The live record for token, or {reason} when missing, revoked or expired. */
    check(token) {
      const rec = token ? tokens.get(token) : undefined;
      if (!rec) return { reason: 'unknown' };
      if (rec.revoked) return { reason: 'revoked' };
      if (now() >= rec.expiresAt) return { reason: 'expired' };
      return { rec };
    },

    /** Returns false for a token this server never issued. Revoking twice is fine. */
    revoke(token) {
      const rec = token ? tokens.get(token) : undefined;
      if (!rec) return false;
      if (!rec.revoked) {
        rec.revoked = true;
        state.revoked.push(token);
      }
      return true;
    },

    expireAll() {
      const t = now();
      for (const rec of tokens.values()) rec.expiresAt = Math.min(rec.expiresAt, t);
    },
  };
}
