// A walk through the sign-in states of lib/signin-states.js in a real Chromium: each state is reached the way a
// person meets it, the popup's notice and buttons are checked, and a screenshot is kept (artifacts/states/, copied
// into docs/images/states/ for extension/STATES.md).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const shoot = (page, name) => h.screenshot(page, `states/${name}`);
const noticeMatches = (page, pattern) => page.waitForFunction((source) =>
  new RegExp(source).test(document.getElementById('notice').textContent), pattern.source);
const visible = async (page) => {
  const out = [];
  for (const id of ['signin', 'refresh', 'signout']) if (await page.isVisible(`#${id}`)) out.push(id);
  return out;
};

describe('Chromium: the popup in each sign-in state', () => {
  let fake, stateDir, profile, browser, popup;
  const phase = () => browser.worker.evaluate(() => globalThis.zcrm.session.state.phase.name);

  before(async () => {
    // Zoho allows two sign-ins here, so its throttle answers the third; the host allows one refresh.
    fake = await h.startZoho({ records: { Accounts: 40 }, limits: { auth: { max: 2, windowS: 600 } } });
    stateDir = await h.hostState({ refresh: { max: 1, window_s: 1200 } });
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    popup = await h.openPopup(browser.context);
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    await h.cleanup(stateDir, profile);
  });

  it('not configured: asks for the client ID', async () => {
    await noticeMatches(popup, /Set your Zoho client ID in Options first/);
    assert.equal(await phase(), 'not_configured');
    assert.deepEqual(await visible(popup), []);
    await shoot(popup, 'not_configured');
  });

  it('signed out: offers the sign-in', async () => {
    await h.configure(browser.worker, fake);
    await popup.waitForSelector('#signin:not([hidden])');
    assert.equal(await phase(), 'signed_out');
    assert.deepEqual(await visible(popup), ['signin']);
    await shoot(popup, 'signed_out');
  });

  it('signing in: says where to finish, offers nothing else; then signed in', async () => {
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await noticeMatches(popup, /Finish signing in at Zoho/);
    assert.equal(await phase(), 'signing_in');
    await shoot(popup, 'signing_in');
    await auth.click('#accept');
    await popup.waitForFunction(() => /40 accounts/.test(document.getElementById('accounts-status').textContent));
    assert.equal(await phase(), 'signed_in');
    assert.deepEqual(await visible(popup), ['refresh', 'signout']);
    await shoot(popup, 'signed_in');
  });

  it("budget spent: the host's own count refuses, and says when the next one is possible", async () => {
    assert.equal((await browser.worker.evaluate(() => globalThis.zcrm.session.refresh())).ok, true);
    await browser.worker.evaluate(() => globalThis.zcrm.session.refresh()); // the host allows 1 per 20 minutes here
    await noticeMatches(popup, /Refresh budget spent\. Zoho allows 1 per 20 min\. Next possible at/);
    assert.equal(await phase(), 'budget_spent');
    assert.ok((await visible(popup)).includes('signin'), 'a spent refresh budget leaves sign-in possible');
    await shoot(popup, 'budget_spent');
  });

  it('sign-in needed: Zoho rejects a token it will not renew (no session access)', async () => {
    await browser.worker.evaluate(() => globalThis.zcrm.session.signOut());
    await popup.waitForSelector('#signin:not([hidden])');
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.uncheck('#session-grant');
    await auth.click('#accept');
    await popup.waitForSelector('#refresh:not([hidden])');
    fake.expireAllTokens();
    await h.configure(browser.worker, fake, { accountSource: { type: 'users' } }); // the popup asks Zoho CRM again
    await noticeMatches(popup, /Sign in needed/);
    assert.equal(await phase(), 'signin_needed');
    assert.deepEqual(await visible(popup), ['signin', 'refresh', 'signout']);
    await shoot(popup, 'signin_needed');
  });

  it('Zoho-blocked: a throttled sign-in shows the block and offers no sign-in', async () => {
    await browser.worker.evaluate(() => globalThis.zcrm.session.signOut());
    await browser.worker.evaluate(() => globalThis.zcrm.session.signIn()); // Zoho's third sign-in: throttled at once
    await noticeMatches(popup, /Zoho is blocking new sign-ins for this client until/);
    assert.equal(await phase(), 'zoho_blocked');
    assert.ok(!(await visible(popup)).includes('signin'));
    await shoot(popup, 'zoho_blocked');
  });
});
