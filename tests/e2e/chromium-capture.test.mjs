// A web app's own Zoho redirect is captured, and the refresh alarm fires at the host's refresh_at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import { startWebApp } from './web-server.mjs';

const scope = { client_id: h.CLIENT_ID, dc: 'us' };

describe('Chromium capture and scheduled refresh', () => {
  let fake, web, stateDir, profile, browser, landing;

  before(async () => {
    web = await startWebApp();
    landing = `${web.allowed}/LoginRedirect`;
    // 306 s tokens with a 300 s margin: refresh_at comes 6 s after each sign-in.
    fake = await h.startZoho({ tokenTtlS: 306 }, [landing]);
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { redirectCaptures: [landing], webApps: [{ origin: web.allowed }] });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profile);
  });

  it('captures the token when a web app lands on its configured redirect URL, and the page goes on', async () => {
    const page = await browser.context.newPage();
    await h.webAppSignIn(page, fake, landing);
    assert.match(page.url(), /#&?access_token=/, 'the page itself still received its fragment');
    const [token] = await h.waitFor(async () => {
      const answers = await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]);
      return answers[0].ok && answers;
    }, 'the captured token in the host');
    assert.equal(token.access_token, fake.state.issued.at(-1).token);
    const alarm = await h.waitFor(() => browser.worker.evaluate(() => chrome.alarms.get('zcrm-refresh')), 'the alarm');
    assert.ok(Math.abs(alarm.scheduledTime - token.refresh_at) < 1500, 'the refresh is not scheduled at refresh_at');
    // The page stays open: the refresh runs in a background tab of this window, as in a person's browser.
  });

  it('does not capture a redirect URL that was not configured', async () => {
    const before = (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0].access_token;
    const page = await browser.context.newPage();
    await page.goto(`${web.allowed}/Elsewhere#access_token=1000.notcaptured&expires_in=3600`);
    // A barrier instead of a pause: the background handles navigations in order, so once it has reported this
    // later landing on the configured URL, it has also dealt with the one above.
    await page.goto(`${landing}#access_token=1000.barrier&expires_in=3600`);
    await h.waitFor(() => browser.worker.evaluate(() => /did not come from Zoho/.test(globalThis.zcrm.session.state.ignoredCapture?.message)),
      'the background to have handled both landings');
    const after = (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0].access_token;
    assert.equal(after, before);
    await page.close();
  });

  it('the alarm performs the silent refresh at refresh_at', async () => {
    const calls = fake.state.refreshCalls;
    // The capture came from the web app's own sign-in, whose Zoho session cookie the extension shares.
    await h.waitFor(async () => {
      if (process.env.ZCRM_E2E_DEBUG) console.log(fake.state.refreshCalls, JSON.stringify(await browser.worker.evaluate(async () => [globalThis.zcrm.session.state.busy, globalThis.zcrm.session.state.lastError, await chrome.alarms.getAll(), Date.now()])));
      return fake.state.refreshCalls > calls;
    }, 'the alarm to refresh', 60000);
    const refreshed = await h.waitFor(async () => {
      if (process.env.ZCRM_E2E_DEBUG) console.log(JSON.stringify(await browser.worker.evaluate(() => globalThis.zcrm.session.state)));
      const t = (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0];
      return t.ok && t.source === 'refresh' && t;
    }, 'a refreshed token');
    assert.equal(refreshed.access_token, fake.state.issued.at(-1).token);
    const budget = (await h.askHost(stateDir, [{ id: 1, type: 'budget.get', client_id: h.CLIENT_ID }]))[0];
    assert.ok(budget.refresh.used >= 1, 'the refresh was not taken from the budget');
  });
});

describe('Chromium refresh refused by Zoho', () => {
  let fake, stateDir, profile, browser;

  before(async () => {
    fake = await h.startZoho({ tokenTtlS: 303 });
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

  it('does not retry a refused automatic refresh, and asks the person to sign in', async () => {
    const popup = await h.openPopup(browser.context);
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.click('#accept');
    await h.waitFor(async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.get', ...scope }]))[0].ok, 'a token');
    fake.signOut(); // the alarm 3 s later meets an ended Zoho session
    await popup.waitForFunction(() => /Zoho needs you to sign in again/.test(document.getElementById('notice').textContent),
      null, { timeout: 15000 });
    assert.equal(fake.state.refreshCalls, 1);
    // No pause decides this: a retry needs an alarm, and after Zoho's refusal none is left (one-shot alarms are
    // gone once fired, and the refused token is never scheduled again).
    await browser.worker.evaluate(() => globalThis.zcrm.session.refreshStatus());
    assert.equal(await browser.worker.evaluate(() => chrome.alarms.get('zcrm-refresh')), undefined,
      'a refresh is still scheduled after Zoho refused');
    assert.equal(await browser.worker.evaluate(() => globalThis.zcrm.session.state.phase.name), 'signin_needed');
    assert.equal(await popup.isVisible('#signin') || await popup.isVisible('#refresh'), true);
  });
});
