// Data centres as Zoho runs them (issue 12): each its own origin in the fake, and a user who lives in eu or ae is
// followed there for every call after signing in through us.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('Chromium: a user of another data centre is followed there', () => {
  let fake, stateDir, profile, browser;
  const scope = (dc) => ({ client_id: h.CLIENT_ID, dc });

  before(async () => {
    fake = await h.startZoho({ dataCenters: ['us', 'eu', 'ae'], users: [{}, { dc: 'eu' }, { dc: 'ae' }] });
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    const dcOverrides = Object.fromEntries(['us', 'eu', 'ae'].map((dc) => [dc, { accounts: fake.dc[dc].url, api: fake.dc[dc].url }]));
    await h.configure(browser.worker, fake, { baseUrlOverride: { accounts: '', api: '' }, dcOverrides });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    await h.cleanup(stateDir, profile);
  });

  // A fresh Zoho browser session each time, so Zoho shows its sign-in page instead of answering at once.
  async function signInAs(email, { sessionGrant = true } = {}) {
    fake.signOut();
    const popup = await h.openPopup(browser.context);
    await popup.waitForSelector('#signin:not([hidden])');
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.fill('#email', email);
    if (!sessionGrant) await auth.uncheck('#session-grant');
    await auth.click('#accept');
    return { popup, startedAt: new URL(auth.url()).origin };
  }

  it('an eu user signs in through us; lookup, records, refresh and revoke all go to eu', async () => {
    const eu = fake.users.find((u) => u.dc === 'eu');
    const { popup, startedAt } = await signInAs(eu.email);
    assert.equal(startedAt, fake.dc.us.url, 'sign-in starts at the us accounts server');
    const token = await h.waitFor(async () => {
      const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope('eu') }]);
      return t.ok && t;
    }, 'the eu token in the host');
    assert.equal(token.api_domain, fake.dc.eu.url);
    await popup.waitForFunction((email) => document.getElementById('user').textContent.includes(email), eu.email);
    await popup.waitForFunction(() => /accounts/.test(document.getElementById('accounts-status').textContent));
    assert.ok(fake.dc.eu.state.apiCalls >= 2, 'the user lookup and the records went elsewhere than eu');
    assert.equal(fake.dc.us.state.apiCalls, 0, 'a CRM call went to the us API');

    const refreshed = await browser.worker.evaluate(() => globalThis.zcrm.session.refresh());
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
    assert.equal(fake.dc.eu.state.refreshCalls, 1, 'the refresh did not go to the eu accounts server');
    assert.equal(fake.dc.us.state.refreshCalls, 0);

    await popup.click('#signout');
    await h.waitFor(() => fake.dc.eu.state.revokes >= 1, 'the revoke at eu');
    assert.equal(fake.dc.us.state.revokes, 0, 'the revoke went to the us accounts server');
    await popup.waitForSelector('#signin:not([hidden])');
    assert.doesNotMatch(await popup.textContent('#notice'), /could not confirm/);
    await popup.close();
  });

  it('an ae (UAE) user works end to end', async () => {
    const ae = fake.users.find((u) => u.dc === 'ae');
    const { popup } = await signInAs(ae.email);
    await popup.waitForFunction((email) => document.getElementById('user').textContent.includes(email), ae.email);
    const [t] = await h.askHost(stateDir, [{ id: 1, type: 'token.status', ...scope('ae') }]);
    assert.equal(t.present, true);
    assert.ok(fake.dc.ae.state.apiCalls >= 1);
    await popup.click('#signout');
    await h.waitFor(() => fake.dc.ae.state.revokes >= 1, 'the revoke at ae');
    await popup.waitForSelector('#signin:not([hidden])');
    const [after] = await h.askHost(stateDir, [{ id: 1, type: 'token.status', ...scope('ae') }]);
    assert.equal(after.present, false, 'a CRM call answered 401 after the sign-out signed the person back in');
    await popup.close();
  });

  it('a token without session access is never refreshed silently, and the popup says when to sign in again', async () => {
    const { popup } = await signInAs(fake.users[0].email, { sessionGrant: false });
    await popup.waitForFunction(() => /session access was not granted/.test(document.getElementById('notice').textContent));
    const alarm = await browser.worker.evaluate(() => chrome.alarms.get('zcrm-refresh'));
    assert.equal(alarm ?? null, null, 'a silent refresh is scheduled for a token Zoho will not renew');
    await popup.close();
  });
});
