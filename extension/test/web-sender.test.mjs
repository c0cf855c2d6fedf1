// One rule decides who a web-app message comes from, for the content-script bridge and externally_connectable.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webSenderOrigin } from '../lib/web-sender.js';

const APP = 'https://app.example.com';
const top = (over = {}) => ({ origin: APP, url: `${APP}/crm`, frameId: 0, tab: { id: 7, url: `${APP}/crm` }, ...over });

test('the top frame of a tab showing its own origin is that origin', () => {
  assert.deepEqual(webSenderOrigin(top()), { ok: true, origin: APP, why: null });
});

test('a sandboxed iframe (opaque origin "null") is nobody, even on an allowed URL', () => {
  const r = webSenderOrigin(top({ origin: 'null', frameId: 3 }));
  assert.equal(r.ok, false);
});

test('a top-level page served with CSP: sandbox (origin "null") is nobody; its URL is no fallback', () => {
  const r = webSenderOrigin(top({ origin: 'null' }));
  assert.equal(r.ok, false);
  assert.match(r.why, /opaque/);
});

test('a sender without an origin is nobody (the URL is never used instead)', () => {
  const { origin, ...noOrigin } = top();
  assert.equal(webSenderOrigin(noOrigin).ok, false);
});

test('a child frame of an allowed page is nobody', () => {
  assert.match(webSenderOrigin(top({ frameId: 5 })).why, /top frame/);
});

test('the allowed page framed by a page of another origin is nobody', () => {
  const framed = top({ frameId: 2, tab: { id: 7, url: 'https://evil.example.net/' } });
  assert.equal(webSenderOrigin(framed).ok, false);
});

test('a document whose URL is of another origin than the tab shows is nobody', () => {
  assert.match(webSenderOrigin(top({ tab: { id: 7, url: 'https://evil.example.net/' } })).why, /tab shows/);
  assert.match(webSenderOrigin(top({ url: 'https://evil.example.net/x' })).why, /document URL/);
});

test('a message not from a tab (another extension, a worker) is nobody', () => {
  const { tab, ...noTab } = top();
  assert.equal(webSenderOrigin(noTab).ok, false);
  assert.equal(webSenderOrigin(null).ok, false);
});

test('origins are returned exactly as the browser gave them, so look-alikes, other ports and http stay distinct', () => {
  const at = (origin) => webSenderOrigin(top({ origin, url: `${origin}/`, tab: { id: 1, url: `${origin}/` } })).origin;
  assert.equal(at('https://app.example.com.evil.net'), 'https://app.example.com.evil.net');
  assert.equal(at('https://app.example.com:8443'), 'https://app.example.com:8443');
  assert.equal(at('http://app.example.com'), null, 'plain http is only a web origin on loopback');
  assert.equal(at('http://localhost:3000'), 'http://localhost:3000');
});
