// Native-messaging frames as the browsers write and read them, for the tests that talk to zcrm-bridge.exe.
import assert from 'node:assert/strict';

/** A native-messaging frame: the body's length as a little-endian u32 (x86's native order), then the body. */
export function frame(message) {
  const body = Buffer.from(JSON.stringify(message));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
}

/** Every frame in bytes, parsed; fails on a cut frame. */
export function unframe(bytes) {
  const out = [];
  for (let at = 0; at < bytes.length;) {
    assert.ok(at + 4 <= bytes.length, 'a cut frame header');
    const length = bytes.readUInt32LE(at);
    assert.ok(at + 4 + length <= bytes.length, 'a cut frame body');
    out.push(JSON.parse(bytes.subarray(at + 4, at + 4 + length).toString('utf8')));
    at += 4 + length;
  }
  return out;
}
