// Data centres in Firefox ESR (issue 12, "Firefox for the data-centre journey"): the counterpart of
// chromium-datacentres. Each data centre is its own origin in the fake; an eu user signs in through the us accounts
// server (identity.launchWebAuthFlow, redirect under extensions.allizom.org) and is followed to eu for the user
// lookup, the records, the refresh and the revoke, with the token filed under eu in the host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { buildPackages } from '../../extension/tools/package.mjs';

const scope = (dc) => ({ client_id: h.CLIENT_ID, dc });
const hostAnswer = async (stateDir, type, dc) =>
  (await h.askHost(stateDir, [{ id: 1, type, ...scope(dc) }], { firefox: true }))[0];

async function pageAt(browser, prefix) {
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(prefix)) return page;
  }
  return null;
}

describe('Firefox: a user of another data centre is followed there', () => {
  let fake, stateDir, home, packages, ff, popup, eu;
  // What the background knows, for failure messages: a timeout alone says nothing about why.
  const background = () => f.inBackground(popup ?? ff.extPage, (z) => JSON.stringify(z.session.state)).catch(String);
  const counters = (dc) => {
    const { issued, revoked, ...rest } = fake.dc[dc].state;
    return JSON.stringify({ ...rest, issued: issued.length, revoked: revoked.length });
  };
  const explain = (e) => background().then((state) => {
    throw new Error(`${e.message}; background state: ${state}; fake us ${counters('us')}; eu ${counters('eu')}`);
  });

  before(async () => {
    fake = await h.startZoho({ dataCenters: ['us', 'eu'], users: [{}, { dc: 'eu' }] }, [f.FIREFOX_REDIRECT]);
    eu = fake.users.find((u) => u.dc === 'eu');
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    packages = await h.tempDir('packages');
    // The package a person would install, not the source folder.
    const built = await buildPackages(packages, { forTests: true });
    ff = await f.launchFirefox({ home, stateDir, extensionDir: built.firefox.dir });
    const dcOverrides = Object.fromEntries(['us', 'eu'].map((dc) => [dc, { accounts: fake.dc[dc].url, api: fake.dc[dc].url }]));
    const saved = await f.inBackground(ff.extPage, async (z, { clientId, dcOverrides }) => {
      const r = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
        accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
        baseUrlOverride: { accounts: '', api: '' }, dcOverrides, webApps: [], redirectCaptures: [] });
      // Applied now, not only when the storage change event arrives: the next step signs in at once.
      if (r.ok) await z.session.configure(r.settings);
      return r;
    }, { clientId: h.CLIENT_ID, dcOverrides });
    assert.equal(saved.ok, true, JSON.stringify(saved.errors));
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    await h.cleanup(stateDir, home, packages);
  });

  it('the eu user signs in starting at the us accounts server; the host files the token under eu', async () => {
    // Not awaited: the sign-in resolves only once the person has answered Zoho's page.
    await f.inBackground(ff.extPage, (z) => {
      z.session.signIn();
      return true;
    });
    const auth = await h.waitFor(() => pageAt(ff.browser, `${fake.dc.us.url}/oauth/v2/auth`),
      'the Zoho sign-in window at the us accounts server', 30000).catch(explain);
    assert.equal(fake.dc.eu.state.authCalls, 0, 'the sign-in started at eu, not at us');
    await auth.evaluate((email) => {
      document.getElementById('email').value = email;
    }, eu.email);
    await auth.click('#accept');
    const token = await h.waitFor(async () => {
      const t = await hostAnswer(stateDir, 'token.get', 'eu');
      return t.ok && t;
    }, 'the eu token in the host', 15000).catch(explain);
    assert.equal(token.api_domain, fake.dc.eu.url);
    assert.equal(token.access_token, fake.dc.eu.state.issued.at(-1).token, 'not the token eu minted');
    assert.equal(fake.dc.us.state.issued.length, 0, 'us minted a token for an eu user');
    const us = await hostAnswer(stateDir, 'token.status', 'us');
    assert.equal(us.present, false, 'a token was filed under us as well');
    const dc = await h.waitFor(() => f.inBackground(ff.extPage, (z) => z.session.state.phase.name === 'signed_in'
      && z.session.state.dc), 'the background to be signed in');
    assert.equal(dc, 'eu');
  });

  it('the user lookup and the records go to eu', async () => {
    await ff.extPage.evaluate(() => {
      location.href = browser.runtime.getURL('popup/popup.html');
    });
    popup = await h.waitFor(() => pageAt(ff.browser, `moz-extension://${f.FIREFOX_UUID}/popup/`), 'the popup');
    await popup.waitForFunction((email) => document.getElementById('user').textContent.includes(email),
      { timeout: 20000 }, eu.email).catch(explain);
    await popup.waitForFunction(() => /3,000 accounts/.test(document.getElementById('accounts-status').textContent),
      { timeout: 20000 }).catch(explain);
    assert.ok(fake.dc.eu.state.apiCalls >= 2, `the user lookup and the records went elsewhere than eu: ${fake.dc.eu.state.apiCalls}`);
    assert.equal(fake.dc.us.state.apiCalls, 0, 'a CRM call went to the us API');
  });

  it('a refresh goes to the eu accounts server', async () => {
    const before = await hostAnswer(stateDir, 'token.get', 'eu');
    const refreshed = await f.inBackground(popup, (z) => z.session.refresh());
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
    assert.equal(fake.dc.eu.state.refreshCalls, 1, 'the refresh did not go to the eu accounts server');
    assert.equal(fake.dc.us.state.refreshCalls, 0);
    const after = await hostAnswer(stateDir, 'token.get', 'eu');
    assert.equal(after.ok, true, JSON.stringify(after));
    assert.notEqual(after.access_token, before.access_token, 'the host still holds the token from before the refresh');
    assert.equal(after.access_token, fake.dc.eu.state.issued.at(-1).token);
    assert.equal(fake.dc.us.state.apiCalls, 0, 'a CRM call went to the us API');
  });

  it('signing out revokes at eu and the host forgets the eu token', async () => {
    await popup.click('#signout');
    await h.waitFor(() => fake.dc.eu.state.revokes >= 1, 'the revoke at eu').catch(explain);
    assert.equal(fake.dc.us.state.revokes, 0, 'the revoke went to the us accounts server');
    await h.waitFor(async () => (await hostAnswer(stateDir, 'token.status', 'eu')).present === false,
      'the host to forget the eu token').catch(explain);
    await popup.waitForSelector('#signin:not([hidden])', { timeout: 10000 });
    const notice = await popup.$eval('#notice', (e) => e.textContent);
    assert.doesNotMatch(notice, /could not confirm/);
    assert.equal(fake.dc.us.state.apiCalls, 0, 'a CRM call went to the us API');
  });
});
