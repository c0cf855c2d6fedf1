// Fake Zoho Accounts (implicit OAuth) + Zoho CRM REST API for end-to-end tests. Node 20, no dependencies.
//
//   import { startFakeZoho } from './tests/fake-zoho/server.mjs';
//   const fake = await startFakeZoho({ clients: [{ clientId: '1000.TEST', redirectUris: ['https://x.chromiumapp.org/cb'] }],
//     users: 5, records: { Accounts: 3000 } });
//   fake.url, fake.state, fake.signOut(), fake.setNextAuthError('access_denied'), fake.expireAllTokens(), fake.close()
//
// Options (defaults): host '127.0.0.1', port 0, location 'us', clients [], users 5, records {}, tokenTtlS 3600,
// limits {auth:{max:10,windowS:600}, refresh:{max:20,windowS:1200}}, autoApprove false,
// now () => Date.now() (clock in ms; tests may inject one to move time).
// One instance plays one data centre; start several for multi-DC tests.
//
// CLI: node tests/fake-zoho/server.mjs [--host H] [--port N] [--location us] [--client-id ID] [--redirect-uri URI ...]
//      [--users N] [--records N (Accounts)] [--token-ttl S] [--auto-approve]
// prints one line {"url":"http://127.0.0.1:PORT"} and serves until SIGTERM/SIGINT.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { makeLimiters } from './limits.mjs';
import { makeUsers, makeOrg, makeRecordStore } from './data.mjs';
import { makeTokenStore } from './tokens.mjs';
import { makeAccounts } from './accounts.mjs';
import { makeCrm } from './crm.mjs';
import { sendJson, sendEmpty } from './http.mjs';

const REVOKE_PATHS = ['/oauth/v2/token/revoke', '/oauth/v2/revoke/token'];

export async function startFakeZoho(options = {}) {
  const {
    host = '127.0.0.1', port = 0, location = 'us', clients = [], users: userCount = 5, records = {},
    tokenTtlS = 3600, limits = {}, autoApprove = false, now = () => Date.now(),
  } = options;
  if (!Number.isInteger(userCount) || userCount < 1) throw new Error('fake-zoho: users must be an integer >= 1');

  const state = { issued: [], revoked: [], throttled: { auth: 0, refresh: 0 }, authCalls: 0, refreshCalls: 0,
    signedIn: false };
  const users = makeUsers(userCount);
  const ctx = {
    state, location, tokenTtlS, autoApprove: !!autoApprove, now, users, url: null,
    org: makeOrg(users),
    store: makeRecordStore(records, users),
    clients: new Map(clients.map((c) => [c.clientId, { clientId: c.clientId, redirectUris: [...(c.redirectUris || [])] }])),
    limiters: makeLimiters(limits, now),
  };
  ctx.tokens = makeTokenStore({ state, ttlS: tokenTtlS, now });
  const accounts = makeAccounts(ctx);
  const crm = makeCrm(ctx);

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url.startsWith("/") ? ctx.url + req.url : req.url, ctx.url);
      if (crm.handle(req, res, url)) return;
      const isRevoke = REVOKE_PATHS.includes(url.pathname.replace(/\/+$/, ''));
      if (isRevoke) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        if (req.method === 'OPTIONS') {
          return sendEmpty(res, 204, { 'Access-Control-Allow-Methods': 'POST, OPTIONS',
            'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Content-Type' });
        }
      }
      if (await accounts.handle(req, res, url)) return;
      if (url.pathname === '/' && req.method === 'GET') {
        return sendJson(res, 200, { fake: 'zoho', location, accounts: ctx.url, api_domain: ctx.url });
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
  ctx.url = `http://${hostPart}:${addr.port}`;

  let closed = null;
  return {
    url: ctx.url,
    location,
    state,
    users: users.map((u) => structuredClone(u)),
    signOut: () => accounts.signOut(),
    setNextAuthError: (error) => accounts.setNextAuthError(error),
    expireAllTokens: () => ctx.tokens.expireAll(),
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Parses CLI arguments into startFakeZoho options. */
export function parseArgs(argv) {
  const opts = { clientId: '1000.TEST', redirectUris: [] };
  const out = { host: '127.0.0.1', port: 0, location: 'us', autoApprove: false, records: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`missing value for ${flag}`);
      return argv[++i];
    };
    const int = (v) => {
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case '--host': out.host = value(); break;
      case '--port': out.port = int(value()); break;
      case '--location': out.location = value(); break;
      case '--client-id': opts.clientId = value(); break;
      case '--redirect-uri': opts.redirectUris.push(value()); break;
      case '--users': out.users = int(value()); break;
      case '--records': out.records = { Accounts: int(value()) }; break;
      case '--token-ttl': out.tokenTtlS = int(value()); break;
      case '--auto-approve': out.autoApprove = true; break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  out.clients = [{ clientId: opts.clientId, redirectUris: opts.redirectUris }];
  return out;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fake-zoho: ${e.message}\n`);
    process.exit(2);
  }
  const fake = await startFakeZoho(opts);
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`fake-zoho: ${e.stack || e}\n`);
    process.exit(1);
  });
}
