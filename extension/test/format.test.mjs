import test from 'node:test';
import assert from 'node:assert/strict';
import { formatAccountsStatus, formatRemaining, formatBudget, refreshDelay, utcClock, MAX_TIMER_MS } from '../lib/format.js';

const S = 1000;
const MIN = 60 * S;

test('formatRemaining shows whole minutes from 10 minutes up', () => {
  assert.equal(formatRemaining(59 * MIN), '59 min');
  assert.equal(formatRemaining(59 * MIN + 30 * S), '59 min');
  assert.equal(formatRemaining(10 * MIN), '10 min');
});

test('formatRemaining shows minutes and seconds under 10 minutes', () => {
  assert.equal(formatRemaining(4 * MIN + 10 * S), '4 min 10 s');
  assert.equal(formatRemaining(4 * MIN), '4 min');
  assert.equal(formatRemaining(9 * MIN + 59 * S), '9 min 59 s');
});

test('formatRemaining shows seconds under a minute, rounded up', () => {
  assert.equal(formatRemaining(12 * S), '12 s');
  assert.equal(formatRemaining(11 * S + 1), '12 s');
  assert.equal(formatRemaining(1), '1 s');
  assert.equal(formatRemaining(59 * S + 1), '1 min');
});

test('formatRemaining shows hours for long-lived tokens', () => {
  assert.equal(formatRemaining(60 * MIN), '1 h');
  assert.equal(formatRemaining(24 * 60 * MIN), '24 h');
  assert.equal(formatRemaining(65 * MIN), '1 h 5 min');
});

test('formatRemaining says expired at or below zero and for non-numbers', () => {
  for (const v of [0, -1, -MIN, NaN, Infinity, undefined, '5000']) assert.equal(formatRemaining(v), 'expired', String(v));
});

const clock = (t) => `clock(${t})`;

test('formatBudget shows how many of the limit are used', () => {
  assert.equal(formatBudget({ used: 3, limit: 20, next_free_at: 1000 }, 1000, clock), '3 of 20 used');
  assert.equal(formatBudget({ used: 0, limit: 10, next_free_at: 1000 }, 1000, clock), '0 of 10 used');
});

test('formatBudget shows when the next slot frees up when the budget is full', () => {
  assert.equal(formatBudget({ used: 20, limit: 20, next_free_at: 5000 }, 1000, clock), 'full — next at clock(5000)');
});

test('formatBudget says a slot is free when a full budget is out of date', () => {
  assert.equal(formatBudget({ used: 20, limit: 20, next_free_at: 500 }, 1000, clock), 'full — next free now');
  assert.equal(formatBudget({ used: 20, limit: 20 }, 1000, clock), 'full');
});

test('formatBudget formats the clock time in UTC by default', () => {
  const t = Date.UTC(2025, 10, 28, 14, 5, 30);
  assert.equal(utcClock(t), '14:05 UTC');
  assert.equal(formatBudget({ used: 10, limit: 10, next_free_at: t }, t - MIN), 'full — next at 14:05 UTC');
});

test('refreshDelay is the time until refresh_at', () => {
  assert.equal(refreshDelay(1764343300000, 1764343000000), 300000);
});

test('refreshDelay is never negative', () => {
  assert.equal(refreshDelay(1000, 2000), 0);
  assert.equal(refreshDelay(1000, 1000), 0);
  assert.equal(refreshDelay(undefined, 1000), 0);
  assert.equal(refreshDelay(NaN, 1000), 0);
});

test('refreshDelay never exceeds what a timer can wait', () => {
  assert.equal(refreshDelay(Number.MAX_SAFE_INTEGER, 0), MAX_TIMER_MS);
});

test('formatAccountsStatus: first sync so far, checking for changes, synced at, failed with the saved list', () => {
  const at = Date.UTC(2026, 0, 5, 9, 30);
  assert.equal(formatAccountsStatus({ count: 2400, loading: true, sync: { state: 'syncing', fetched: 2400, expected: null } }),
    'Syncing accounts… 2,400 so far');
  assert.equal(formatAccountsStatus({ count: 100000, loading: true, sync: { state: 'syncing', fetched: 0, expected: 100000 } }),
    '100,000 accounts · checking Zoho for changes…');
  assert.equal(formatAccountsStatus({ count: 300, loaded: true, sync: { state: 'synced', at } }), '300 accounts · synced at 09:30 UTC');
  assert.equal(formatAccountsStatus({ count: 100000, loaded: true, sync: { state: 'synced', at, truncated: true } }),
    '100,000 accounts · synced at 09:30 UTC (first 100,000)');
  assert.equal(formatAccountsStatus({ count: 1, error: 'Zoho CRM is busy.', sync: { state: 'failed' } }),
    '1 account saved · sync failed: Zoho CRM is busy.');
  assert.equal(formatAccountsStatus({ count: 0, error: 'Zoho CRM is busy.', sync: { state: 'failed' } }), 'Zoho CRM is busy.');
  assert.equal(formatAccountsStatus({ count: 0, sync: { state: 'never' } }), '');
});
