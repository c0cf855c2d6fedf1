// The web-app client as a package (extension/client/): its behaviour on both transports, in both builds (the ES
// module and the generated UMD file); the UMD file matching a fresh build; the package's files; its TypeScript
// declarations (every error code, and a strict type check of a usage file); docs/WEB-APPS.md naming every code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildUmd, SOURCE, OUTPUT } from '../client/build.mjs';
import { WEB_ERRORS } from '../lib/web-errors.js';
import { HOST_ERRORS, CLIENT_ERRORS } from '../lib/host-errors.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = path.join(ROOT, 'extension/client');
const read = (p) => readFileSync(path.join(ROOT, p), 'utf8');
const ALL_CODES = [...new Set([...WEB_ERRORS, ...HOST_ERRORS, ...CLIENT_ERRORS].map((e) => e.code))];
const ORIGIN = 'https://app.example.com';
const { CHROMIUM_ID: EXTENSION_ID } = await import('../../manifests/identity.mjs');
const SILENT = Symbol('no answer');
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

// A browser as the client sees it: `target` gets the globals, `self` is what the page's `globalThis` is (they
// differ inside a vm context). `extension(message)` answers a request (or SILENT); `direct` adds
// chrome.runtime (externally_connectable), else the content script's relay answers window.postMessage.
function fakeBrowser(target, self, { direct = false, relay = true, extension = () => SILENT } = {}) {
  const listeners = [];
  const fake = { sent: [], posted: [], ports: [], subscriptions: new Map(), lastErrorMessage: null };
  const deliver = (data, from = { source: self, origin: ORIGIN }) =>
    setTimeout(() => listeners.forEach((fn) => fn({ ...from, data: structuredClone(data) })), 0);
  const answerOf = async (message) => extension(structuredClone(message));
  fake.pushAccount = (id, update) => deliver({ channel: 'zcrm-bridge', direction: 'to-page', id, answer: update });
  fake.deliver = deliver;
  target.location = { origin: ORIGIN };
  target.addEventListener = (type, fn) => type === 'message' && listeners.push(fn);
  target.postMessage = (data, targetOrigin) => {
    assert.equal(targetOrigin, ORIGIN, 'the client posts to its own origin only');
    fake.posted.push(structuredClone(data));
    deliver(data); // a page hears its own posts, as in a browser
    if (!relay || data?.channel !== 'zcrm-bridge' || data.direction !== 'to-extension') return;
    const { id, message } = data;
    if (message.type === 'subscribe') fake.subscriptions.set(id, true);
    else if (message.type === 'unsubscribe') fake.subscriptions.set(id, false);
    else {
      fake.sent.push(message);
      answerOf(message).then((answer) => answer !== SILENT && fake.pushAccount(id, answer));
    }
  };
  if (direct) {
    const runtime = {
      lastError: undefined,
      sendMessage(extensionId, message, callback) {
        assert.equal(extensionId, EXTENSION_ID);
        fake.sent.push(JSON.parse(JSON.stringify(message)));
        answerOf(message).then((answer) => {
          if (fake.lastErrorMessage) runtime.lastError = { message: fake.lastErrorMessage };
          callback(answer === SILENT ? undefined : answer);
          runtime.lastError = undefined;
        });
      },
      connect(extensionId, info) {
        const port = { extensionId, info, disconnected: false, listeners: [],
          onMessage: { addListener: (fn) => port.listeners.push(fn) },
          disconnect: () => { port.disconnected = true; },
          post: (m) => port.listeners.forEach((fn) => fn(m)) };
        fake.ports.push(port);
        return port;
      },
    };
    target.chrome = { runtime };
  }
  return fake;
}

const GLOBALS = ['location', 'addEventListener', 'postMessage', 'chrome'];

// The two builds of the one source: the ES module (the browser's globals on node's globalThis while a test runs)
// and the UMD file run as a <script> in a fresh context.
const LOADERS = {
  'ES module': async (options) => {
    const { connect, BridgeError } = await import('../client/src/index.mjs');
    const fake = fakeBrowser(globalThis, globalThis, options);
    return { connect, BridgeError, RealmError: Error, fake, done: () => GLOBALS.forEach((g) => delete globalThis[g]) };
  },
  'UMD script': async (options) => {
    const sandbox = { setTimeout, clearTimeout };
    const context = vm.createContext(sandbox);
    const self = vm.runInContext('globalThis', context);
    const fake = fakeBrowser(sandbox, self, options);
    vm.runInContext(readFileSync(OUTPUT, 'utf8'), context, { filename: 'zcrm-bridge-client.js' });
    const { connect, BridgeError } = sandbox.ZcrmBridge;
    return { connect, BridgeError, RealmError: vm.runInContext('Error', context), fake, done: () => {} };
  },
};

const ACCOUNT = { id: '4150868000000224005', name: 'Acme 0042', kind: 'record', module: 'Accounts' };

for (const [build, load] of Object.entries(LOADERS)) {
  describe(`client (${build})`, () => {
    let env;
    const start = async (options) => {
      env = await load(options);
      return env;
    };
    after(() => env?.done());
    const stop = () => {
      env?.done();
      env = null;
    };

    it('relay: reads the account with one message to its own window, and hears only its own content script', async () => {
      const { connect, fake } = await start({ extension: (m) => (m.type === 'getAccount' ? { ok: true, account: ACCOUNT } : SILENT) });
      const bridge = connect({ extensionId: EXTENSION_ID });
      assert.equal(bridge.transport, 'window', 'no chrome.runtime: the relay');
      assert.deepEqual({ ...(await bridge.getAccount()) }, ACCOUNT);
      const ask = fake.posted.find((p) => p.direction === 'to-extension');
      assert.equal(ask.channel, 'zcrm-bridge');
      assert.equal(typeof ask.id, 'number');
      assert.deepEqual({ ...ask.message }, { type: 'getAccount' });
      stop();
    });

    it('relay: an answer from another window or origin is not heard; no answer is NOT_INSTALLED after timeoutMs', async () => {
      const { connect, BridgeError, fake } = await start({ relay: false });
      const bridge = connect({ timeoutMs: 60 });
      const t0 = Date.now();
      const pending = bridge.getAccount();
      await tick(5);
      const id = fake.posted[0].id;
      const answer = { channel: 'zcrm-bridge', direction: 'to-page', id, answer: { ok: true, account: ACCOUNT } };
      fake.deliver(answer, { source: {}, origin: ORIGIN });
      fake.deliver(answer, { source: undefined, origin: 'https://evil.example' });
      await assert.rejects(pending, (e) => e instanceof BridgeError && e.code === 'NOT_INSTALLED' && /installed/.test(e.message));
      assert.ok(Date.now() - t0 >= 55, 'the relay waited timeoutMs, not less');
      stop();
    });

    it('relay: a refusal rejects with its code, message and retry hint', async () => {
      const { connect, BridgeError, RealmError } = await start({ extension: () => ({ ok: false,
        error: { code: 'ZOHO_BUSY', message: 'Zoho CRM is busy.', retry_after_ms: 1200 } }) });
      const error = await connect().getAccount().catch((e) => e);
      assert.ok(error instanceof BridgeError && error instanceof RealmError);
      assert.equal(error.name, 'BridgeError');
      assert.equal(error.code, 'ZOHO_BUSY');
      assert.equal(error.message, 'Zoho CRM is busy.');
      assert.equal(error.retryAfterMs, 1200);
      stop();
    });

    it('relay: onAccountChange hears the account and each change, a refusal, and stops when asked', async () => {
      const { connect, fake } = await start();
      const heard = [];
      const errors = [];
      const unsubscribe = connect().onAccountChange((a) => heard.push(a), (e) => errors.push(e.code));
      await tick(5);
      const [id] = fake.subscriptions.keys();
      assert.equal(fake.subscriptions.get(id), true);
      fake.pushAccount(id, { ok: true, type: 'account', account: ACCOUNT });
      fake.pushAccount(id, { ok: true, type: 'account', account: null });
      fake.pushAccount(id, { ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
      await tick(5);
      assert.deepEqual(heard.map((a) => a?.id ?? null), [ACCOUNT.id, null]);
      assert.deepEqual(errors, ['FORBIDDEN']);
      unsubscribe();
      assert.equal(fake.subscriptions.get(id), false, 'unsubscribe carries the subscription id');
      fake.pushAccount(id, { ok: true, type: 'account', account: ACCOUNT });
      await tick(5);
      assert.equal(heard.length, 2);
      stop();
    });

    it('relay: two connections in one page never take each other\'s answers', async () => {
      const { connect, fake } = await start({ extension: (m) => ({ ok: true, account: { ...ACCOUNT, id: m.type } }) });
      const a = connect();
      const b = connect();
      await Promise.all([a.getAccount(), b.getAccount(), a.getAccount()]);
      const ids = fake.posted.filter((p) => p.direction === 'to-extension').map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length);
      stop();
    });

    it('crm.request sends the contract\'s message and resolves Zoho\'s answer, errors of Zoho included', async () => {
      const answers = [
        { ok: true, status: 200, headers: { 'content-type': 'application/json' }, body: { data: [{ id: '1' }] } },
        { ok: true, status: 204, headers: {}, body: null },
        { ok: true, status: 400, headers: {}, body: { code: 'INVALID_DATA', message: 'invalid data' } },
      ];
      const { connect, fake } = await start({ extension: (m) => (m.type === 'getAccount' ? { ok: true, account: null } : answers.shift()) });
      const bridge = connect();
      const list = await bridge.crm.request('get', '/crm/v8/Accounts?fields=Account_Name', { params: { per_page: 20, approved: true } });
      assert.deepEqual(JSON.parse(JSON.stringify(list)),
        { status: 200, headers: { 'content-type': 'application/json' }, body: { data: [{ id: '1' }] } });
      const empty = await bridge.crm.request('GET', '/crm/v8/Accounts');
      assert.equal(empty.status, 204);
      assert.equal(empty.body, null);
      const bad = await bridge.crm.request('POST', '/crm/v8/Accounts', { body: { data: [{ Account_Name: 'Zylker' }] },
        headers: { 'If-Modified-Since': 'x' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'INVALID_DATA');
      const crm = fake.sent.filter((m) => m.type === 'crm.request').map((m) => JSON.parse(JSON.stringify(m)));
      assert.deepEqual(crm, [
        { type: 'crm.request', method: 'GET', path: '/crm/v8/Accounts?fields=Account_Name', params: { per_page: 20, approved: true } },
        { type: 'crm.request', method: 'GET', path: '/crm/v8/Accounts' },
        { type: 'crm.request', method: 'POST', path: '/crm/v8/Accounts', body: { data: [{ Account_Name: 'Zylker' }] },
          headers: { 'If-Modified-Since': 'x' } },
      ]);
      stop();
    });

    it('relay: crm.request and signIn make sure the extension answers, then wait longer than timeoutMs', async () => {
      const slow = (answer) => tick(500).then(() => answer);
      const { connect, fake } = await start({ extension: (m) => (m.type === 'getAccount' ? { ok: true, account: null }
        : m.type === 'signIn' ? slow({ ok: true }) : slow({ ok: true, status: 200, headers: {}, body: { data: [] } })) });
      const bridge = connect({ timeoutMs: 200 });
      assert.equal((await bridge.crm.request('GET', '/crm/v8/Accounts')).status, 200);
      assert.deepEqual(fake.sent.map((m) => m.type), ['getAccount', 'crm.request'], 'one probe first');
      assert.equal(await bridge.signIn(), undefined);
      assert.deepEqual(fake.sent.map((m) => m.type), ['getAccount', 'crm.request', 'signIn'], 'no second probe');
      stop();
    });

    it('relay: the first crm.request is made even when the extension refuses the probe', async () => {
      const { connect, fake } = await start({ extension: (m) => (m.type === 'getAccount'
        ? { ok: false, error: { code: 'HOST_TIMEOUT', message: 'slow host' } } : { ok: true, status: 204, headers: {}, body: null }) });
      assert.equal((await connect().crm.request('GET', '/crm/v8/Accounts')).status, 204);
      assert.deepEqual(fake.sent.map((m) => m.type), ['getAccount', 'crm.request']);
      stop();
    });

    it('relay: crm.request without the extension is NOT_INSTALLED within timeoutMs', async () => {
      const { connect } = await start({ relay: false });
      await assert.rejects(connect({ timeoutMs: 40 }).crm.request('GET', '/crm/v8/Accounts'), { code: 'NOT_INSTALLED' });
      await assert.rejects(connect({ timeoutMs: 40 }).signIn(), { code: 'NOT_INSTALLED' });
      stop();
    });

    it('crm.request refuses a body JSON cannot carry before sending anything', async () => {
      const { connect, BridgeError, fake } = await start({ extension: () => ({ ok: true, account: null }) });
      const cyclic = {};
      cyclic.self = cyclic;
      for (const body of [{ n: 1n }, cyclic]) {
        const e = await connect().crm.request('POST', '/crm/v8/Accounts', { body }).catch((x) => x);
        assert.ok(e instanceof BridgeError);
        assert.equal(e.code, 'BAD_REQUEST');
      }
      assert.deepEqual(fake.sent, []);
      stop();
    });

    it('direct: messages the extension by ID, and the browser\'s "not there" is NOT_INSTALLED', async () => {
      const { connect, BridgeError, fake } = await start({ direct: true, extension: (m) => {
        if (m.type === 'getToken') return { ok: true, access_token: '1000.abc', api_domain: 'https://www.zohoapis.com', expires_at: 5, extra: 1 };
        if (m.type === 'crm.request') return { ok: false, error: { code: 'ZOHO_BUSY', message: 'busy', retry_after_ms: 900 } };
        if (m.type === 'signIn') return { ok: true };
        return SILENT;
      } });
      const bridge = connect({ extensionId: EXTENSION_ID, timeoutMs: 10 });
      assert.equal(bridge.transport, 'direct');
      assert.deepEqual({ ...(await bridge.getToken()) }, { access_token: '1000.abc', api_domain: 'https://www.zohoapis.com', expires_at: 5 });
      const busy = await bridge.crm.request('GET', '/crm/v8/Accounts').catch((e) => e);
      assert.ok(busy instanceof BridgeError);
      assert.deepEqual([busy.code, busy.retryAfterMs], ['ZOHO_BUSY', 900]);
      await bridge.signIn();
      assert.deepEqual(fake.sent.map((m) => m.type), ['getToken', 'crm.request', 'signIn'], 'no probe on the direct path');
      await assert.rejects(bridge.getAccount(), { code: 'NOT_INSTALLED' }); // no answer at all
      fake.lastErrorMessage = 'Could not establish connection. Receiving end does not exist.';
      await assert.rejects(bridge.getAccount(), { code: 'NOT_INSTALLED', message: fake.lastErrorMessage });
      assert.equal(fake.posted.length, 0, 'nothing went through the window');
      stop();
    });

    it('direct: onAccountChange opens a port to the extension and closes it when stopped', async () => {
      const { connect, fake } = await start({ direct: true });
      const heard = [];
      const errors = [];
      const unsubscribe = connect({ extensionId: EXTENSION_ID }).onAccountChange((a) => heard.push(a?.id), (e) => errors.push(e.code));
      const [port] = fake.ports;
      assert.equal(port.extensionId, EXTENSION_ID);
      assert.equal(port.info.name, 'account');
      port.post({ ok: true, type: 'account', account: ACCOUNT });
      port.post({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
      assert.deepEqual([heard, errors], [[ACCOUNT.id], ['FORBIDDEN']]);
      unsubscribe();
      assert.equal(port.disconnected, true);
      stop();
    });

    it('without an extensionId, chrome.runtime is not used', async () => {
      const { connect } = await start({ direct: true });
      assert.equal(connect().transport, 'window');
      stop();
    });
  });
}

describe('client package', () => {
  it('outside a browser page, every call is NOT_INSTALLED (nothing throws at connect)', async () => {
    const { connect, BridgeError } = await import('../client/src/index.mjs');
    const bridge = connect();
    const e = await bridge.getAccount().catch((x) => x);
    assert.ok(e instanceof BridgeError);
    assert.equal(e.code, 'NOT_INSTALLED');
    assert.equal(typeof bridge.onAccountChange(() => {})(), 'undefined');
  });

  it('the committed zcrm-bridge-client.js is a fresh build of src/index.mjs', () => {
    assert.equal(readFileSync(OUTPUT, 'utf8'), buildUmd(readFileSync(SOURCE, 'utf8')),
      'zcrm-bridge-client.js is stale: run `node extension/client/build.mjs`');
  });

  it('the build refuses a source it cannot wrap', () => {
    assert.throws(() => buildUmd("import x from './x.mjs';\nexport function a() {}\n"), /imports nothing/);
    assert.throws(() => buildUmd('export default function a() {}\n'), /only top-level/);
    assert.throws(() => buildUmd('const a = 1;\nexport { a };\n'), /only top-level/);
    assert.match(buildUmd('export function a() {}\nexport class B {}\n'), /return Object\.freeze\(\{ a: a, B: B \}\)/);
  });

  it('require() and import of the package give the same API, with no dependencies', async () => {
    const pkg = JSON.parse(read('extension/client/package.json'));
    const manifest = JSON.parse(read('extension/manifest.json'));
    assert.equal(pkg.name, 'zcrm-bridge-client');
    assert.equal(pkg.version, manifest.version, 'the client is versioned with the extension');
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
    assert.ok(pkg.license);
    const entry = pkg.exports['.'];
    assert.equal(entry.types, './index.d.ts');
    assert.equal(entry.require, './zcrm-bridge-client.js');
    assert.equal(entry.default, './zcrm-bridge-client.js');
    const required = createRequire(path.join(CLIENT, 'package.json'))('zcrm-bridge-client'); // the package by name
    const imported = await import(path.join(CLIENT, entry.import));
    assert.deepEqual(Object.keys(required).sort(), ['BridgeError', 'connect']);
    assert.deepEqual(Object.keys(imported).sort(), ['BridgeError', 'connect']);
    assert.equal(new required.BridgeError('ZOHO_BUSY', 'busy', 10).retryAfterMs, 10);
  });

  it('npm pack lists exactly the package\'s files', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: CLIENT });
    const [packed] = JSON.parse(stdout);
    assert.equal(packed.name, 'zcrm-bridge-client');
    assert.deepEqual(packed.files.map((f) => f.path).sort(),
      ['README.md', 'index.d.ts', 'package.json', 'src/index.mjs', 'zcrm-bridge-client.js']);
  });

  it('index.d.ts names every error code of the extension and the host', () => {
    const dts = read('extension/client/index.d.ts');
    const missing = ALL_CODES.filter((code) => !dts.includes(`'${code}'`));
    assert.deepEqual(missing, [], 'add these codes to ErrorCode in extension/client/index.d.ts');
  });

  it('docs/WEB-APPS.md explains every error code', () => {
    const doc = read('docs/WEB-APPS.md');
    const missing = ALL_CODES.filter((code) => !new RegExp(`\`${code}\``).test(doc));
    assert.deepEqual(missing, [], 'add these codes to docs/WEB-APPS.md');
  });

  describe('TypeScript declarations', () => {
    let dir;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'zcrm-client-types-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    // ErrorCode is exactly the tables' codes: an object with one key per code must match Record<ErrorCode, true>
    // (a code missing from the type is an excess key, a code the tables lack is a missing key).
    const exhaustive = () => `const everyCode: Record<ZcrmBridge.ErrorCode, true> = {\n${
      ALL_CODES.map((c) => `  ${c}: true,`).join('\n')}\n};\nconsole.log(everyCode);\n`;

    const tsc = (files) => run(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--pretty', 'false',
      '--target', 'es2022', '--module', 'nodenext', '--moduleDetection', 'auto', '--lib', 'es2022,dom', ...files],
    { cwd: ROOT }).then(() => ({ ok: true, out: '' }), (e) => ({ ok: false, out: `${e.stdout}${e.stderr}` }));

    const files = (...extra) => [path.join(CLIENT, 'index.d.ts'), path.join(CLIENT, 'test/usage.ts'),
      path.join(CLIENT, 'test/usage-global.ts'), ...extra];

    it('a usage of every declaration passes tsc --strict, and ErrorCode is exactly the tables\' codes', async () => {
      const codes = path.join(dir, 'codes.ts');
      writeFileSync(codes, exhaustive());
      const result = await tsc(files(codes));
      assert.ok(result.ok, result.out);
    });

    it('a wrong usage fails the check', async () => {
      const wrong = path.join(dir, 'wrong.ts');
      writeFileSync(wrong, "ZcrmBridge.connect().crm.request('GET', '/oauth/v2/token');\n");
      const result = await tsc(files(wrong));
      assert.equal(result.ok, false);
      assert.match(result.out, /wrong\.ts\(1,/);
    });
  });
});
