import test from 'node:test';
import assert from 'node:assert/strict';
import { siteActivity } from '../lib/site-activity.js';

test('token reads and CRM calls are grouped per site, the most recently active site first', () => {
  const sites = siteActivity(
    [{ origin: 'https://a.example', at: 50 }],
    [{ origin: 'https://b.example', method: 'GET', path: '/crm/v8/Accounts/{id}', status: 200, at: 90 },
      { origin: 'https://b.example', method: 'DELETE', path: '/crm/v8/Accounts/{id}', status: 403, code: 'FORBIDDEN', at: 80 },
      { origin: 'https://a.example', method: 'GET', status: 400, code: 'BAD_REQUEST', at: 40 }]);
  assert.deepEqual(sites.map((s) => [s.origin, s.lastAt, s.tokenReadAt, s.callCount, s.refused]),
    [['https://b.example', 90, null, 2, 1], ['https://a.example', 50, 50, 1, 1]]);
  assert.deepEqual(sites[0].calls.map((c) => `${c.method} ${c.path} ${c.outcome}`),
    ['GET /crm/v8/Accounts/{id} 200', 'DELETE /crm/v8/Accounts/{id} FORBIDDEN']);
  assert.equal(sites[1].calls[0].path, '(not a CRM path)');
});

test('only the newest calls of a site are listed, all are counted', () => {
  const requests = Array.from({ length: 5 }, (_, i) => ({ origin: 'https://a.example', method: 'GET', path: '/crm/v8/users', status: 200, at: 100 - i }));
  const [s] = siteActivity([], requests, 2);
  assert.deepEqual([s.callCount, s.calls.map((c) => c.at)], [5, [100, 99]]);
});

test('no activity is an empty list', () => {
  assert.deepEqual(siteActivity(), []);
});
