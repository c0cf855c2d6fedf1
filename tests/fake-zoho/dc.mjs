// One data centre of the fake: its own loopback HTTP server (its own origin) serving both Zoho Accounts and the
// CRM API, as accounts.zoho.<tld> and www.zohoapis.<tld> are one pair per DC (zoho.md "Client-based flow": DCs).
// Its counters (state) let tests assert where a request went:
//   requests   every request that reached this DC (any path or method, counted before anything else)
//   authCalls, refreshCalls, revokes, tokenCalls   accounts endpoints (see accounts.mjs)
//   apiCalls   every non-preflight /crm/ request
//   tooManyRequests   /crm/ requests refused with 429 because their org had `cap` calls in flight (concurrency.mjs)
//   throttled  {auth, refresh, token} requests refused by the throttle or its block
//   issued, revoked   tokens this DC minted / revoked
//   refreshedAs   for each /auth/refresh, the e-mail of the Zoho session its cookie carried (null: none), so a test
//                 can tell in which browser session (profile, container) a refresh ran
import http from 'node:http';
import { makeTokenStore } from './tokens.mjs';
import { makeAccounts } from './accounts.mjs';
import { makeCrm } from './crm.mjs';
import { sendJson, sendEmpty } from './http.mjs';

const REVOKE_PATHS = ['/oauth/v2/token/revoke', '/oauth/v2/revoke/token'];
export const COUNTERS = Object.freeze(['requests', 'authCalls', 'refreshCalls', 'revokes', 'tokenCalls', 'apiCalls',
  'tooManyRequests']);

export const newCounters = () => ({ ...Object.fromEntries(COUNTERS.map((k) => [k, 0])),
  throttled: { auth: 0, refresh: 0, token: 0 }, issued: [], revoked: [], refreshedAs: [] });

/**
 * Starts the server of DC `name`; ctx is shared by every DC (ctx.dcs gets this DC once it listens).
 * @returns {Promise<{name: string, url: string, state: object, tokens: object, close: () => Promise<void>}>}
 */
export async function startDataCenter(ctx, { name, host, port }) {
  const dc = { name, url: null, state: newCounters(), tokens: null };
  dc.tokens = makeTokenStore({ dc: name, state: ctx.state, dcState: dc.state, ttlS: ctx.tokenTtlS, now: ctx.now });
  const accounts = makeAccounts(ctx, dc);
  const crm = makeCrm(ctx, dc);

  const server = http.createServer(async (req, res) => {
    ctx.state.requests++;
    dc.state.requests++;
    try {
      const url = new URL(req.url.startsWith('/') ? dc.url + req.url : req.url, dc.url);
      if (crm.handle(req, res, url)) return;
      if (REVOKE_PATHS.includes(url.pathname.replace(/\/+$/, ''))) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        if (req.method === 'OPTIONS') {
          return sendEmpty(res, 204, { 'Access-Control-Allow-Methods': 'POST, OPTIONS',
            'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Content-Type' });
        }
      }
      if (await accounts.handle(req, res, url)) return;
      if (url.pathname === '/' && req.method === 'GET') {
        return sendJson(res, 200, { fake: 'zoho', location: name, accounts: dc.url, api_domain: dc.url });
      }
      sendJson(res, 404, { error: 'not_found', status: 'failure' });
    } catch (err) {
      if (!res.headersSent) sendJson(res, err.status || 500, { error: String(err.message || err), status: 'failure' });
      else res.destroy(err);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const hostPart = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
  dc.url = `http://${hostPart}:${addr.port}`;
  let closed = null;
  dc.close = () => {
    closed ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return dc;
}
