// OAuth scope helpers. Scopes travel comma-separated (Zoho also tolerates spaces).
// Matching is case-insensitive. A granted scope ending in ".ALL" covers every scope below
// its prefix: ZohoCRM.modules.ALL covers ZohoCRM.modules.accounts.READ,
// ZohoCRM.modules.accounts.ALL covers ZohoCRM.modules.accounts.READ, ZohoCRM.users.ALL covers ZohoCRM.users.READ.

export function parseScopes(str) {
  return String(str ?? '').split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

export function scopeCovers(granted, needed) {
  const g = granted.toLowerCase();
  const n = needed.toLowerCase();
  if (g === n) return true;
  return g.endsWith('.all') && n.startsWith(g.slice(0, -3));
}

/** True when some scope in grantedList covers needed. */
export function hasScope(grantedList, needed) {
  return grantedList.some((g) => scopeCovers(g, needed));
}

/** True when every scope in wanted is covered by grantedList. */
export function allCovered(grantedList, wanted) {
  return wanted.every((w) => hasScope(grantedList, w));
}

/** Union preserving first-seen order, case-insensitive. */
export function unionScopes(a, b) {
  const seen = new Set();
  const out = [];
  for (const s of [...a, ...b]) {
    if (!seen.has(s.toLowerCase())) {
      seen.add(s.toLowerCase());
      out.push(s);
    }
  }
  return out;
}
