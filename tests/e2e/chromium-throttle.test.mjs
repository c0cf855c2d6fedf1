// Zoho's throttle (issue 12): after its limit Zoho answers access_denied "You have made too many requests…" and
// blocks token creation for the client. The extension must read that as a block, not as "you declined", tell the
// host (which refuses every later reservation), and send Zoho nothing more until the block ends.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const blockNotice = (what) => new RegExp(`Zoho is blocking new ${what} for this client until \\d\\d?:\\d\\d( [AP]M)?; nothing will be tried before then`);
// What reaches Zoho's accounts server: sign-ins, refreshes and token requests (CRM API calls with a valid token are
// not what Zoho's token block stops).
const oauthRequests = (fake) => fake.state.authCalls + fake.state.refreshCalls + fake.state.tokenCalls;
const budget = async (stateDir) => (await h.askHost(stateDir, [{ id: 1, type: 'budget.get', client_id: h.CLIENT_ID }]))[0];

describe('Chromium: Zoho throttles sign-ins and refreshes', () => {
  let fake, stateDir, profile, browser;

  before(async () => {
    // Zoho's limits, made small so that the fake reaches them before the host's own budgets do.
    fake = await h.startZoho({ limits: { auth: { max: 1, windowS: 600 }, refresh: { max: 1, windowS: 1200 } } });
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake);
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    await h.cleanup(stateDir, profile);
  });

  it('a throttled refresh shows Zoho\'s block, and no refresh reaches Zoho inside it', async () => {
    const popup = await h.openPopup(browser.context);
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.click('#accept');
    await h.waitFor(async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.status', client_id: h.CLIENT_ID, dc: 'us' }]))[0].present,
      'the token');
    const refresh = () => browser.worker.evaluate(() => globalThis.zcrm.session.refresh());
    assert.equal((await refresh()).ok, true, 'the first refresh is within Zoho\'s limit');
    const throttled = await refresh();
    assert.equal(throttled.ok, false);
    await popup.waitForFunction((source) => new RegExp(source).test(document.getElementById('notice').textContent),
      blockNotice('refreshes').source);
    assert.doesNotMatch(await popup.textContent('#notice'), /declined/);
    assert.ok((await budget(stateDir)).refresh.blocked_until > Date.now(), 'the host did not record Zoho\'s block');

    const seen = oauthRequests(fake);
    const again = await refresh();
    assert.equal(again.error.code, 'ZOHO_BLOCKED');
    assert.equal(oauthRequests(fake), seen, 'a refresh reached Zoho inside its block');
    await popup.close();
  });

  it('a throttled sign-in is a block, not "you declined", and no sign-in reaches Zoho inside it', async () => {
    const popup = await h.openPopup(browser.context);
    await browser.worker.evaluate(() => globalThis.zcrm.session.signOut());
    const answer = await browser.worker.evaluate(() => globalThis.zcrm.session.signIn());
    assert.equal(answer.ok, false);
    await popup.waitForFunction((source) => new RegExp(source).test(document.getElementById('notice').textContent),
      blockNotice('sign-ins').source);
    assert.doesNotMatch(await popup.textContent('#notice'), /declined/);
    assert.equal(await popup.isVisible('#signin'), false, 'a sign-in is offered inside the block');
    assert.ok((await budget(stateDir)).login.blocked_until > Date.now());

    const seen = oauthRequests(fake);
    const again = await browser.worker.evaluate(() => globalThis.zcrm.session.signIn());
    assert.equal(again.error.code, 'ZOHO_BLOCKED');
    assert.equal(oauthRequests(fake), seen, 'a sign-in reached Zoho inside its block');
    await popup.close();
  });
});
