// What web sites did with the person's sign-in, for the popup: token hand-outs and CRM calls made for them,
// grouped by site, the most recently active first. Pure module: no browser globals.

/**
 * @param {Array<{origin: string, at: number}>} handouts newest first (host `token.handouts`)
 * @param {Array<{origin: string, method: string, path?: string, status: number, code?: string, at: number}>} requests
 *   newest first (host `request.log`)
 * @param {number} [callsShown] calls listed per site
 * @returns {Array<{origin: string, lastAt: number, tokenReadAt: number|null, callCount: number, refused: number,
 *   calls: Array<{method: string, path: string, outcome: string, at: number}>}>}
 */
export function siteActivity(handouts = [], requests = [], callsShown = 3) {
  const sites = new Map();
  const site = (origin) => {
    if (!sites.has(origin)) sites.set(origin, { origin, lastAt: 0, tokenReadAt: null, callCount: 0, refused: 0, calls: [] });
    return sites.get(origin);
  };
  for (const h of handouts) {
    const s = site(h.origin);
    s.tokenReadAt = Math.max(s.tokenReadAt ?? 0, h.at);
    s.lastAt = Math.max(s.lastAt, h.at);
  }
  for (const r of requests) {
    const s = site(r.origin);
    s.callCount += 1;
    if (r.code) s.refused += 1;
    s.lastAt = Math.max(s.lastAt, r.at);
    if (s.calls.length < callsShown) {
      s.calls.push({ method: r.method, path: r.path ?? '(not a CRM path)', outcome: r.code ?? String(r.status), at: r.at });
    }
  }
  return [...sites.values()].sort((a, b) => b.lastAt - a.lastAt);
}
