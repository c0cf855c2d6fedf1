import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PROTOCOL_VERSION, helloProblem } from '../lib/protocol.js';

const read = (rel) => readFileSync(new URL(rel, import.meta.url), 'utf8');

test('the extension speaks the protocol version of docs/PROTOCOL.md and of the host', () => {
  assert.equal(Number(/^# .*protocol, version (\d+)$/m.exec(read('../../docs/PROTOCOL.md'))?.[1]), PROTOCOL_VERSION);
  assert.equal(Number(/kProtocolVersion = (\d+);/.exec(read('../../host/protocol/messages.hpp'))?.[1]), PROTOCOL_VERSION);
});

test('a host speaking the same protocol passes, whatever its program version', () => {
  assert.equal(helloProblem({ protocol: 1, host_version: '0.1.0', caller: 'chromium:x' }, '0.1.0'), null);
  assert.equal(helloProblem({ protocol: 1, host_version: '9.9.9' }, '0.1.0'), null);
});

test('a host speaking another protocol is told to update, naming both protocols and versions', () => {
  assert.equal(helloProblem({ protocol: 2, host_version: '0.9.0', caller: 'chromium:x' }, '0.1.0'),
    'Update zcrm-bridge: the host speaks protocol 2 (version 0.9.0), this extension speaks protocol 1 (extension version 0.1.0).');
  assert.equal(helloProblem({ protocol: 0, host_version: '0.0.1' }, '1.2.3'),
    'Update zcrm-bridge: the host speaks protocol 0 (version 0.0.1), this extension speaks protocol 1 (extension version 1.2.3).');
});

test('a hello answer without a usable protocol number is another protocol too', () => {
  const unknown = 'Update zcrm-bridge: the host speaks protocol unknown (version unknown), this extension speaks protocol 1 (extension version 0.1.0).';
  for (const hello of [{}, null, 'hello', { protocol: '1' }, { protocol: 1.5 }, { protocol: 1n }]) {
    assert.equal(helloProblem(hello, '0.1.0'), unknown, String(hello?.protocol ?? hello));
  }
});
