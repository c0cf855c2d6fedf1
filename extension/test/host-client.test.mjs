// HostClient driven through a fake browser runtime: each connectNative gives a fake port whose messages the test
// reads and answers, as the host would. Timers are node's mock timers, so a 15 s timeout takes no time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HostClient, HostError } from '../bg/host-client.js';
import { HOST_NAME } from '../../manifests/identity.mjs';

const UPDATE_2 = 'Update zcrm-bridge: the host speaks protocol 2 (version 0.9.0), this extension speaks protocol 1 '
  + '(extension version 0.1.0).';

/** A port as the browser gives it: messages are copied, and disconnect() fires nothing on this side. */
function fakePort(name) {
  const onMessage = [];
  const onDisconnect = [];
  return {
    name,
    sent: [],
    disconnected: false,
    onMessage: { addListener: (f) => onMessage.push(f) },
    onDisconnect: { addListener: (f) => onDisconnect.push(f) },
    postMessage(message) {
      if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
      this.sent.push(structuredClone(message));
    },
    disconnect() {
      this.disconnected = true;
    },
    // The host's side.
    answer(message) {
      for (const f of onMessage) f(structuredClone(message));
    },
    stop(runtime, lastError = 'Native host has exited.') {
      this.disconnected = true;
      runtime.lastError = { message: lastError };
      for (const f of onDisconnect) f(this);
      runtime.lastError = undefined;
    },
  };
}

function setUp(t, options = {}) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const ports = [];
  const runtime = {
    lastError: undefined,
    connectNative(name) {
      const port = fakePort(name);
      ports.push(port);
      return port;
    },
  };
  const client = new HostClient({ runtime, extensionVersion: '0.1.0', ...options });
  return { client, runtime, ports };
}

// Lets answers and the client's promise chains run (setImmediate is not mocked).
const settle = () => new Promise((resolve) => setImmediate(resolve));

// Collects a request's outcome without an unhandled rejection while the test goes on.
function outcome(promise) {
  const o = { settled: false };
  promise.then((value) => Object.assign(o, { settled: true, value }), (error) => Object.assign(o, { settled: true, error }));
  return o;
}

const hello = (port, fields = { protocol: 1, host_version: '0.1.0', caller: 'chromium:test' }) =>
  port.answer({ id: port.sent[0].id, ok: true, ...fields });

test('hello is the first message on a new port, and other requests wait for its answer', async (t) => {
  const { client, ports } = setUp(t);
  const status = outcome(client.request('token.status', { client_id: '1000.ABC', dc: 'us' }));
  const budget = outcome(client.request('budget.get', { client_id: '1000.ABC' }));
  await settle();
  assert.equal(ports.length, 1);
  assert.equal(ports[0].name, HOST_NAME);
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello'], 'nothing but hello before the host answered it');

  hello(ports[0]);
  await settle();
  const [, sentStatus, sentBudget] = ports[0].sent;
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello', 'token.status', 'budget.get'], 'then the rest, in order');
  assert.deepEqual(sentStatus, { id: sentStatus.id, type: 'token.status', client_id: '1000.ABC', dc: 'us' });

  ports[0].answer({ id: sentBudget.id, ok: true, login: {}, refresh: {} });
  ports[0].answer({ id: sentStatus.id, ok: true, present: false });
  await settle();
  assert.deepEqual(status.value, { id: sentStatus.id, ok: true, present: false });
  assert.deepEqual(budget.value, { id: sentBudget.id, ok: true, login: {}, refresh: {} });
});

test('once hello is answered, requests go out at once on the same port', async (t) => {
  const { client, ports } = setUp(t);
  const first = outcome(client.request('account.get', { client_id: 'A', dc: 'us' }));
  await settle();
  hello(ports[0]);
  await settle();
  ports[0].answer({ id: ports[0].sent[1].id, ok: true, account: null });
  await settle();
  assert.deepEqual(first.value.account, null);

  const second = outcome(client.request('account.get', { client_id: 'A', dc: 'us' }));
  assert.equal(ports[0].sent.length, 3, 'sent without waiting');
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello', 'account.get', 'account.get']);
  ports[0].answer({ id: ports[0].sent[2].id, ok: true, account: null });
  await settle();
  assert.equal(second.value.ok, true);
  assert.equal(ports.length, 1, 'one port, one hello');
});

test('a host speaking another protocol fails every request with HOST_VERSION_MISMATCH and the update message', async (t) => {
  const { client, ports } = setUp(t);
  const waiting = [outcome(client.request('token.status', {})), outcome(client.request('budget.get', {}))];
  await settle();
  hello(ports[0], { protocol: 2, host_version: '0.9.0', caller: 'chromium:test' });
  await settle();
  for (const o of waiting) {
    assert.ok(o.error instanceof HostError);
    assert.equal(o.error.code, 'HOST_VERSION_MISMATCH');
    assert.equal(o.error.message, UPDATE_2);
  }
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello'], 'no request reached a host of another protocol');
  assert.equal(ports[0].disconnected, true);

  // Every later request asks a fresh host again, and fails the same while the host is not updated.
  const later = outcome(client.request('account.get', {}));
  await settle();
  assert.equal(ports.length, 2);
  assert.deepEqual(ports[1].sent.map((m) => m.type), ['hello']);
  hello(ports[1], { protocol: 2, host_version: '0.9.0' });
  await settle();
  assert.equal(later.error.code, 'HOST_VERSION_MISMATCH');
  assert.equal(later.error.message, UPDATE_2);
});

test('the update message names the extension version it was given', async (t) => {
  const { client, ports } = setUp(t, { extensionVersion: '3.4.5' });
  const o = outcome(client.request('token.status', {}));
  await settle();
  hello(ports[0], { protocol: 7, host_version: '7.0.0' });
  await settle();
  assert.equal(o.error.message, 'Update zcrm-bridge: the host speaks protocol 7 (version 7.0.0), this extension speaks '
    + 'protocol 1 (extension version 3.4.5).');
});

test('after a version mismatch, a host updated meanwhile is used by the next request', async (t) => {
  const { client, ports } = setUp(t);
  const before = outcome(client.request('token.status', {}));
  await settle();
  hello(ports[0], { protocol: 2, host_version: '0.9.0' });
  await settle();
  assert.equal(before.error.code, 'HOST_VERSION_MISMATCH');

  const after = outcome(client.request('token.status', {}));
  await settle();
  hello(ports[1]);
  await settle();
  ports[1].answer({ id: ports[1].sent[1].id, ok: true, present: false });
  await settle();
  assert.equal(after.value.present, false);
});

test('a request the host does not answer within 15 s fails with HOST_TIMEOUT; the port stays open', async (t) => {
  const { client, ports } = setUp(t);
  const slow = outcome(client.request('token.get', {}));
  await settle();
  hello(ports[0]);
  await settle();
  t.mock.timers.tick(14999);
  await settle();
  assert.equal(slow.settled, false);
  t.mock.timers.tick(1);
  await settle();
  assert.ok(slow.error instanceof HostError);
  assert.equal(slow.error.code, 'HOST_TIMEOUT');
  assert.equal(slow.error.message, 'The zcrm-bridge host did not answer in time.');

  ports[0].answer({ id: ports[0].sent[1].id, ok: true, access_token: 'late' }); // ignored
  const next = outcome(client.request('token.status', {}));
  assert.equal(ports.length, 1);
  ports[0].answer({ id: ports[0].sent[2].id, ok: true, present: true });
  await settle();
  assert.equal(next.value.present, true);
  assert.equal(slow.error.code, 'HOST_TIMEOUT', 'the late answer changed nothing');
});

test('a hello the host does not answer in time fails the waiting requests with HOST_TIMEOUT, unsent', async (t) => {
  const { client, ports } = setUp(t, { timeoutMs: 100 });
  const waiting = outcome(client.request('token.status', {}));
  await settle();
  t.mock.timers.tick(100);
  await settle();
  assert.equal(waiting.error.code, 'HOST_TIMEOUT');
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello']);
  assert.equal(ports[0].disconnected, true, 'a host that does not answer hello is let go');

  client.request('token.status', {}).catch(() => {});
  assert.equal(ports.length, 2, 'the next request starts a new host');
  assert.deepEqual(ports[1].sent.map((m) => m.type), ['hello']);
  t.mock.timers.tick(100);
  await settle();
});

test('a disconnect fails pending requests with HOST_UNAVAILABLE, and the next request reconnects with hello', async (t) => {
  const { client, runtime, ports } = setUp(t);
  const a = outcome(client.request('token.get', {}));
  const b = outcome(client.request('account.get', {}));
  await settle();
  hello(ports[0]);
  await settle();
  ports[0].stop(runtime, 'Native host has exited.');
  await settle();
  for (const o of [a, b]) {
    assert.ok(o.error instanceof HostError);
    assert.equal(o.error.code, 'HOST_UNAVAILABLE');
    assert.equal(o.error.message, 'The zcrm-bridge host stopped: Native host has exited. Run `zcrm-bridge doctor` to find out why.');
  }

  const next = outcome(client.request('token.status', {}));
  await settle();
  assert.equal(ports.length, 2);
  assert.deepEqual(ports[1].sent.map((m) => m.type), ['hello']);
  hello(ports[1]);
  await settle();
  ports[1].answer({ id: ports[1].sent[1].id, ok: true, present: false });
  await settle();
  assert.equal(next.value.present, false);
});

test('a host that is not installed fails the requests waiting for hello with HOST_UNAVAILABLE saying so', async (t) => {
  const { client, runtime, ports } = setUp(t);
  const o = outcome(client.request('token.status', {}));
  await settle();
  ports[0].stop(runtime, 'Specified native messaging host not found.');
  await settle();
  assert.equal(o.error.code, 'HOST_UNAVAILABLE');
  assert.equal(o.error.message, 'The zcrm-bridge host is not installed for this browser. Run the installer, then `zcrm-bridge doctor`.');
});

test('a connectNative that throws rejects the request with HOST_UNAVAILABLE instead of throwing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const runtime = { connectNative: () => { throw new Error('Access to the native messaging host is forbidden.'); } };
  const client = new HostClient({ runtime, extensionVersion: '0.1.0' });
  await assert.rejects(client.request('token.status', {}), { name: 'Error', code: 'HOST_UNAVAILABLE',
    message: 'This browser profile may not start the zcrm-bridge host: reinstall it.' });
});

test('host error answers become a HostError with the code, message and retryAfterMs the host sent', async (t) => {
  const { client, ports } = setUp(t);
  const limited = outcome(client.request('budget.reserve', { client_id: 'A', kind: 'refresh' }));
  const none = outcome(client.request('token.get', { client_id: 'A', dc: 'us' }));
  const bare = outcome(client.request('token.get', { client_id: 'A', dc: 'us' }));
  const odd = outcome(client.request('token.get', { client_id: 'A', dc: 'us' }));
  await settle();
  hello(ports[0]);
  await settle();
  const [, r, n, b, o] = ports[0].sent;
  ports[0].answer({ id: r.id, ok: false, error: { code: 'RATE_LIMITED', message: 'Refresh budget spent.', retry_after_ms: 41000 } });
  ports[0].answer({ id: n.id, ok: false, error: { code: 'NO_TOKEN', message: 'Sign in first.' } });
  ports[0].answer({ id: b.id, ok: false, error: { code: 'VAULT_CORRUPT' } });
  ports[0].answer({ id: o.id, ok: false });
  await settle();

  assert.ok(limited.error instanceof HostError);
  assert.deepEqual([limited.error.code, limited.error.message, limited.error.retryAfterMs],
    ['RATE_LIMITED', 'Refresh budget spent.', 41000]);
  assert.deepEqual([none.error.code, none.error.message], ['NO_TOKEN', 'Sign in first.']);
  assert.equal('retryAfterMs' in none.error, false, 'retryAfterMs only where waiting helps');
  assert.deepEqual([bare.error.code, bare.error.message], ['VAULT_CORRUPT', 'A stored record is damaged: run `zcrm-bridge reset`.']);
  assert.deepEqual([odd.error.code, odd.error.message], ['INTERNAL', 'The zcrm-bridge host failed: please report it.']);
});

test('a hello the host refuses fails the waiting requests with the host error it answered', async (t) => {
  const { client, ports } = setUp(t);
  const o = outcome(client.request('token.status', {}));
  await settle();
  ports[0].answer({ id: ports[0].sent[0].id, ok: false, error: { code: 'FORBIDDEN', message: 'This extension may not use the host.' } });
  await settle();
  assert.ok(o.error instanceof HostError);
  assert.deepEqual([o.error.code, o.error.message], ['FORBIDDEN', 'This extension may not use the host.']);
  assert.deepEqual(ports[0].sent.map((m) => m.type), ['hello']);
});
