// Every answer leads somewhere (issue 13): the popup after Zoho or the host answers something other than the happy
// path, in a real Chromium with the real extension.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as h from './harness.mjs';

const ACCOUNTS = { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] };
const textOf = (page, id) => page.evaluate((i) => document.getElementById(i).textContent, id);
const waitText = (page, id, pattern) => page.waitForFunction(({ i, source }) =>
  new RegExp(source).test(document.getElementById(i).textContent), { i: id, source: pattern.source });

describe('Chromium: the popup follows Zoho\'s answers', () => {
  let fake, stateDir, profile, browser;

  before(async () => {
    fake = await h.startZoho({ records: { Accounts: 300, Deals: 0 } });
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { accountSource: ACCOUNTS });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    await h.cleanup(stateDir, profile);
  });

  async function signInIn(popup) {
    const session = () => browser.worker.evaluate(() => {
      const s = globalThis.zcrm.session.state;
      return { busy: s.busy, phase: s.phase.name, storedAt: s.token?.present ? s.token.stored_at : null };
    });
    const before = (await session()).storedAt;
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.click('#accept');
    // Done once the new token is kept and the sign-in has ended: the list's status alone may still be the one the
    // cache showed for the previous token, and a test going on then races the sign-in's own Zoho calls.
    await h.waitFor(async () => {
      const s = await session();
      return s.busy === null && s.phase === 'signed_in' && s.storedAt !== null && s.storedAt !== before;
    }, 'the sign-in kept and ended');
    await waitText(popup, 'accounts-status', /^300 accounts · synced at /);
  }

  it('sign out, then sign in again in the same popup, loads the accounts afresh', async () => {
    const popup = await h.openPopup(browser.context);
    await signInIn(popup);
    await popup.click('#signout');
    await popup.waitForSelector('#signin:not([hidden])');
    assert.equal(await popup.locator('#accounts li').count(), 0, 'the old list stayed after signing out');
    await signInIn(popup);
    assert.doesNotMatch(await textOf(popup, 'notice'), /no longer accepts/);
    // The status can say the list is there (from the encrypted cache) a moment before the popup has drawn it.
    await popup.waitForSelector('#accounts li button', { timeout: 10_000 })
      .catch(() => assert.fail('no accounts listed after signing in again'));
    await popup.close();
  });

  it('an empty module (Zoho answers 204) shows its empty state, not the previous source\'s accounts', async () => {
    const popup = await h.openPopup(browser.context);
    await waitText(popup, 'accounts-status', /^300 accounts · synced at /);
    await h.configure(browser.worker, fake, { accountSource: { type: 'module', module: 'Deals', nameField: 'Deal_Name',
      fields: ['Deal_Name'] } });
    await waitText(popup, 'accounts-status', /^No records in Deals yet\.$/);
    await popup.waitForFunction(() => !document.querySelector('#accounts li button'));
    await h.configure(browser.worker, fake, { accountSource: ACCOUNTS });
    await popup.close();
  });

  it('a 401 from Zoho CRM leads to one refresh, and when that fails to the sign-in state', async () => {
    const popup = await h.openPopup(browser.context);
    await waitText(popup, 'accounts-status', /^300 accounts · synced at /);
    fake.expireAllTokens(); // Zoho no longer accepts the token the host still thinks valid
    fake.signOut(); // and the Zoho session is gone, so the refresh is refused
    const refreshes = fake.state.refreshCalls;
    // Another source makes the popup ask Zoho CRM again.
    await h.configure(browser.worker, fake, { accountSource: { type: 'users' } });
    await waitText(popup, 'notice', /Sign in needed/);
    assert.equal(fake.state.refreshCalls, refreshes + 1, 'not exactly one refresh after the 401');
    assert.equal(await popup.isVisible('#signin'), true, 'the sign-in button is hidden');
    assert.equal(await textOf(popup, 'user'), 'Sign-in needed');
    await popup.close();
  });

  it('a Zoho that keeps rejecting fresh tokens costs one refresh, not the refresh budget', async () => {
    await h.configure(browser.worker, fake, { accountSource: ACCOUNTS });
    const popup = await h.openPopup(browser.context);
    await signInIn(popup);
    fake.rejectAllTokens(true);
    const refreshes = fake.state.refreshCalls;
    await h.configure(browser.worker, fake, { accountSource: { type: 'users' } });
    await waitText(popup, 'notice', /Sign in needed/);
    const budget = (await h.askHost(stateDir, [{ id: 1, type: 'budget.get', client_id: h.CLIENT_ID }]))[0];
    assert.equal(fake.state.refreshCalls, refreshes + 1, 'more than one refresh for a Zoho that rejects every token');
    assert.ok(budget.refresh.used <= 2, `the refresh budget was spent: ${budget.refresh.used} used`);
    fake.rejectAllTokens(false);
    await popup.close();
  });
});

describe('Chromium: a host of another protocol version', () => {
  let stateDir, profile, browser;

  before(async () => {
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    // A stand-in for a host from a future release: it answers hello with protocol 2 and nothing else.
    const host = path.join(stateDir, 'future-host.mjs');
    await writeFile(host, `#!${process.execPath}
let buf = Buffer.alloc(0);
process.stdin.on('data', (c) => {
  buf = Buffer.concat([buf, c]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32LE(0)) {
    const req = JSON.parse(buf.subarray(4, 4 + buf.readUInt32LE(0)));
    buf = buf.subarray(4 + buf.readUInt32LE(0));
    const ans = req.type === 'hello' ? { id: req.id, ok: true, protocol: 2, host_version: '9.0.0' }
      : { id: req.id, ok: false, error: { code: 'UNKNOWN_TYPE', message: 'protocol 2' } };
    const body = Buffer.from(JSON.stringify(ans));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.length);
    process.stdout.write(Buffer.concat([len, body]));
  }
});
`);
    await chmod(host, 0o755);
    browser = await h.launchChromium({ profile, stateDir, host });
    await h.configure(browser.worker, { url: 'http://127.0.0.1:9' });
  });

  after(async () => {
    await browser?.context.close();
    await h.cleanup(stateDir, profile);
  });

  it('the popup and web apps are told to update zcrm-bridge, naming both versions', async () => {
    const popup = await h.openPopup(browser.context);
    await waitText(popup, 'notice', /Update zcrm-bridge: the host speaks protocol 2 \(version 9\.0\.0\), this extension speaks protocol 1/);
    assert.equal(await browser.worker.evaluate(() => globalThis.zcrm.session.state.phase.name), 'host_unavailable');
    await h.screenshot(popup, 'states/host_unavailable');
    await popup.close();
  });
});
