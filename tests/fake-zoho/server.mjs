// Fake Zoho Accounts (implicit OAuth) + Zoho CRM REST API for end-to-end tests. Node 20, no dependencies.
//
//   import { startFakeZoho } from './tests/fake-zoho/server.mjs';
//   const fake = await startFakeZoho({ clients: [{ clientId: '1000.TEST', redirectUris: ['https://x.chromiumapp.org/cb'] }],
//     users: 5, records: { Accounts: 3000 } });
//   fake.url, fake.state, fake.dc.us.url, fake.dc.us.state, fake.users, fake.orgs, fake.signOut(),
//   fake.setNextAuthError('access_denied'), fake.expireAllTokens(), fake.rejectAllTokens(on), fake.blockedUntil(clientId), fake.close()
//   CRM API under load (concurrency.mjs): fake.crmConcurrency (get/set), fake.crmLatencyMs (get/set), fake.inFlight,
//   fake.maxInFlight, fake.maxInFlightByOrg, fake.resetMaxInFlight(), fake.holdCrm() -> release(), fake.apiLog,
//   fake.clearApiLog()
//
// Options (defaults): host '127.0.0.1', port 0 (of the default DC; the others take free ports),
// dataCenters [location], location 'us' (the default DC: fake.url, and where people live unless their spec says),
// clients [] (registered in every DC: the client ID is shared across DCs, zoho.md "Corrections"),
// users 5 or [{dc, orgs, status, confirm, admin}] and orgs [{type, name, records}] (world.mjs), records {},
// tokenTtlS 3600, limits {auth:{max:10,windowS:600}, refresh:{max:20,windowS:1200}, token:{max:10,windowS:600}},
// block {seconds:600, extendOnRetry:true} (throttle.mjs), autoApprove false,
// crmConcurrency 20 (calls of one org in flight at once before 429; Zoho's Enterprise edition; null = no cap),
// crmLatencyMs 0 (each admitted CRM API call is held this long before its answer),
// now () => Date.now() (clock in ms; tests inject one to move time, see testkit.manualClock).
// Every data centre is its own loopback origin; fake.dc[name] = {url, location, state}; fake.state sums them all.
//
// CLI: node tests/fake-zoho/server.mjs [--host H] [--port N] [--location us] [--data-centers us,eu,...]
//      [--client-id ID] [--redirect-uri URI ...] [--users N] [--records N (Accounts)] [--token-ttl S] [--auto-approve]
//      [--crm-concurrency N] [--crm-latency MS]
// prints one line {"url":"http://127.0.0.1:PORT","dcs":{"us":"http://…"}} and serves until SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import { makeWorld } from './world.mjs';
import { MODULES, moduleName } from './data.mjs';
import { makeThrottle } from './throttle.mjs';
import { startDataCenter, newCounters } from './dc.mjs';
import { makeConcurrency, DEFAULT_CONCURRENCY } from './concurrency.mjs';

/** Data-centre codes Zoho documents (zoho.md "Client-based flow": DCs; "Corrections": ae). */
export const DC_CODES = Object.freeze(['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'uk', 'cn', 'ae']);

function pickDataCenters(dataCenters, location) {
  const list = [...new Set(dataCenters ?? [location ?? 'us'])];
  if (!list.length) throw new Error('fake-zoho: dataCenters must not be empty');
  for (const d of list) if (!DC_CODES.includes(d)) throw new Error(`fake-zoho: unknown data centre ${d}`);
  const dflt = location ?? (list.includes('us') ? 'us' : list[0]);
  if (!list.includes(dflt)) throw new Error(`fake-zoho: location ${dflt} is not one of dataCenters`);
  return { list, dflt };
}

export async function startFakeZoho(options = {}) {
  const {
    host = '127.0.0.1', port = 0, location, dataCenters, clients = [], users = 5, orgs, records = {},
    tokenTtlS = 3600, limits = {}, block = {}, autoApprove = false, now = () => Date.now(),
    crmConcurrency = DEFAULT_CONCURRENCY, crmLatencyMs = 0,
  } = options;
  const { list, dflt } = pickDataCenters(dataCenters, location);
  const world = makeWorld({ users, orgs, records, dataCenters: list, defaultDc: dflt });

  const state = { ...newCounters(), signedIn: false };
  const ctx = {
    state, world, now, tokenTtlS, autoApprove: !!autoApprove, dcs: {},
    sessions: new Map(), // id -> { id, email, grants: Map<clientId, {scopes, session, orgId}> }
    pending: { authError: null },
    clients: new Map(clients.map((c) => [c.clientId, { clientId: c.clientId, redirectUris: [...(c.redirectUris || [])] }])),
    throttle: makeThrottle({ limits, block, now, state }),
    concurrency: makeConcurrency({ concurrency: crmConcurrency, latencyMs: crmLatencyMs }),
  };
  const conc = ctx.concurrency;
  const started = [];
  try {
    for (const name of [dflt, ...list.filter((d) => d !== dflt)]) {
      const dc = await startDataCenter(ctx, { name, host, port: name === dflt ? port : 0 });
      started.push(dc);
      ctx.dcs[name] = dc;
    }
  } catch (e) {
    await Promise.all(started.map((d) => d.close()));
    throw e;
  }

  let closed = null;
  const recordStore = (k) => {
    if (!world.orgs[k]) throw new Error(`fake-zoho: no org ${k}`);
    return world.orgs[k].store;
  };
  return {
    url: ctx.dcs[dflt].url,
    location: dflt,
    state,
    dc: Object.fromEntries(list.map((d) => [d, { url: ctx.dcs[d].url, location: d, state: ctx.dcs[d].state }])),
    users: world.publicUsers(),
    orgs: world.publicOrgs(),
    signOut() {
      ctx.sessions.clear();
      state.signedIn = false;
    },
    setNextAuthError(error) {
      ctx.pending.authError = error == null ? null : String(error);
    },
    expireAllTokens: () => Object.values(ctx.dcs).forEach((d) => d.tokens.expireAll()),
    /** While on, the API refuses every token, also freshly issued ones (as when Zoho revokes them as they come). */
    rejectAllTokens: (on) => Object.values(ctx.dcs).forEach((d) => d.tokens.rejectAll(on)),
    /** When the throttle's block of clientId ends (ms since the epoch, on the fake's clock), or null. */
    blockedUntil: (clientId) => ctx.throttle.blockedUntil(clientId),
    /** Calls of one org in flight at once before the API answers 429 (null: no cap). */
    get crmConcurrency() { return conc.cap; },
    set crmConcurrency(v) { conc.cap = v; },
    /** How long each admitted CRM API call is held (in flight) before its answer, in ms. */
    get crmLatencyMs() { return conc.latencyMs; },
    set crmLatencyMs(v) { conc.latencyMs = v; },
    /** CRM API calls in flight now (all orgs). */
    get inFlight() { return conc.inFlight(); },
    /** The most calls of one org that were in flight at once since the start or resetMaxInFlight(). */
    get maxInFlight() { return conc.maxInFlight(); },
    get maxInFlightByOrg() { return conc.maxInFlightByOrg(); },
    resetMaxInFlight: () => conc.resetMaxInFlight(),
    /** Holds every admitted CRM API call (in flight) until the returned function is called. */
    holdCrm: () => conc.hold(),
    /**
     * Every /crm/ request received, oldest first (a copy): {seq, dc, method, path, query, search, authorization
     * (whether an Authorization header was sent; never its value), origin, orgId, status (null while in flight)}.
     */
    get apiLog() { return conc.log(); },
    clearApiLog: () => conc.clearLog(),
    /**
     * CRM API calls per endpoint from the log (preflights left out): {"GET /crm/v8/Accounts": n, …}; `since` a log
     * seq to count only later calls. Ids in paths are kept, so /Accounts/deleted is its own endpoint.
     */
    callsByEndpoint(since = 0) {
      const out = {};
      for (const e of conc.log()) {
        if (e.method === 'OPTIONS' || e.seq <= since) continue;
        const key = `${e.method} ${e.path}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    },
    /**
     * Test hooks on an org's records (org: index, default 0), stamped with the fake's clock: updateRecord sets fields
     * and a new Modified_Time; renameRecord sets the module's name field (Account_Name, Deal_Name, Full_Name, …);
     * deleteRecord removes it from every read and lists it at /{module}/deleted (type recycle | permanent).
     * Each returns false when the org's module has no such live record.
     */
    updateRecord: (module, id, fields, { org = 0 } = {}) => recordStore(org).update(moduleName(module), id, fields,
      now()),
    renameRecord: (module, id, name, { org = 0 } = {}) => recordStore(org).update(moduleName(module), id,
      { [MODULES[moduleName(module)].searchFields[0]]: name }, now()),
    deleteRecord: (module, id, { org = 0, type = 'recycle' } = {}) => recordStore(org).remove(moduleName(module), id,
      now(), { type }),
    close() {
      closed ??= Promise.all(started.map((d) => d.close())).then(() => undefined);
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
      case '--data-centers': out.dataCenters = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--client-id': opts.clientId = value(); break;
      case '--redirect-uri': opts.redirectUris.push(value()); break;
      case '--users': out.users = int(value()); break;
      case '--records': out.records = { Accounts: int(value()) }; break;
      case '--token-ttl': out.tokenTtlS = int(value()); break;
      case '--auto-approve': out.autoApprove = true; break;
      case '--crm-concurrency': out.crmConcurrency = int(value()); break;
      case '--crm-latency': out.crmLatencyMs = int(value()); break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (out.dataCenters && !out.dataCenters.includes(out.location)) out.location = out.dataCenters[0];
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
  const dcs = Object.fromEntries(Object.entries(fake.dc).map(([k, v]) => [k, v.url]));
  process.stdout.write(`${JSON.stringify({ url: fake.url, dcs })}\n`);
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
