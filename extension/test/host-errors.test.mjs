import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLIENT_ERRORS, ErrorCode, HOST_ERRORS, errorMessage, isHostUnavailable } from '../lib/host-errors.js';

const PROTOCOL_MD = new URL('../../docs/PROTOCOL.md', import.meta.url);

// Every row "| <n> | `<NAME>` |" of docs/PROTOCOL.md's error table, as the C++ side reads it
// (tests/unit/protocol_response_test.cpp, ErrorCodeNamesMatchTheProtocolTable).
function protocolTable() {
  const rows = [];
  for (const line of readFileSync(PROTOCOL_MD, 'utf8').split('\n')) {
    const m = /^\| (\d+) \| `([A-Z_]+)` \|/.exec(line);
    if (m) rows.push({ number: Number(m[1]), code: m[2], line });
  }
  return rows;
}

test("the host's error codes equal docs/PROTOCOL.md's error table, number for number", () => {
  const doc = protocolTable();
  assert.ok(doc.length > 0, 'no error table found in docs/PROTOCOL.md');
  doc.forEach((row, i) => assert.equal(row.number, i + 1, `the table is numbered in order, none skipped: ${row.line}`));
  assert.deepEqual(HOST_ERRORS.map(({ number, code }) => ({ number, code })), doc.map(({ number, code }) => ({ number, code })),
    'a code missing from extension/lib/host-errors.js or from the table');
});

test('every code has a sentence for a person', () => {
  for (const { code, message } of [...HOST_ERRORS, ...CLIENT_ERRORS]) {
    assert.match(message, /^[A-Z].*[.]$/, code);
    assert.equal(errorMessage(code), message);
  }
});

test("the extension's own codes start with HOST_ and never collide with the host's", () => {
  assert.deepEqual(CLIENT_ERRORS.map((e) => e.code), ['HOST_UNAVAILABLE', 'HOST_TIMEOUT', 'HOST_VERSION_MISMATCH']);
  for (const { code } of CLIENT_ERRORS) assert.equal(isHostUnavailable(code), true, code);
  // The background reads HOST_… as "host unavailable": the host's table must never gain such a code.
  for (const { code } of HOST_ERRORS) assert.equal(isHostUnavailable(code), false, code);
  for (const other of [undefined, null, 42, '', 'ERROR', 'INVALID_TOKEN']) assert.equal(isHostUnavailable(other), false);
});

test('ErrorCode names every code by itself and cannot be changed', () => {
  const all = [...HOST_ERRORS, ...CLIENT_ERRORS].map((e) => e.code);
  assert.deepEqual(Object.keys(ErrorCode), all);
  for (const code of all) assert.equal(ErrorCode[code], code);
  assert.equal(new Set(all).size, all.length, 'a code is listed twice');
  assert.ok(Object.isFrozen(ErrorCode) && Object.isFrozen(HOST_ERRORS) && Object.isFrozen(HOST_ERRORS[0]));
  assert.ok(Object.isFrozen(CLIENT_ERRORS) && Object.isFrozen(CLIENT_ERRORS[0]));
});

test('errorMessage falls back for a code it does not know', () => {
  assert.equal(errorMessage('SOMETHING_NEW'), 'The zcrm-bridge host refused.');
  assert.equal(errorMessage(undefined, 'Fallback.'), 'Fallback.');
  assert.equal(errorMessage('__proto__', 'Fallback.'), 'Fallback.');
});
