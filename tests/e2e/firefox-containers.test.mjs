// Firefox containers with two users (issue 15): a Firefox container keeps cookies of its own, so a Zoho session of
// its own. WebDriver BiDi's user contexts (puppeteer's createBrowserContext) are Firefox containers. A web app's
// sign-in in each of two containers, as two Zoho users, is kept by the host under that container's installation
// (lib/containers.js), beside the default container's own sign-in and over neither; the popup lists them, and
// choosing one as the active user changes what an allowed page reads. A container user's token due for renewal is
// renewed here in a tab of that container: the fake Zoho sees that container's session cookie. A container that is
// gone is said so, with the way on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { startWebApp } from './web-server.mjs';

// The web app's own sign-in at the fake Zoho, as `email`, in `page` (whose container keeps the Zoho session).
async function webAppSignInAs(page, fake, landing, email) {
  const params = new URLSearchParams({ client_id: h.CLIENT_ID, response_type: 'token', redirect_uri: landing,
    scope: 'ZohoCRM.users.READ,ZohoCRM.modules.ALL,ZohoCRM.org.READ', state: 'web-app-state' });
  await page.goto(`${fake.url}/oauth/v2/auth?${params}`);
  await page.$eval('#email', (input, value) => {
    input.value = value;
  }, email);
  await Promise.all([page.waitForNavigation(), page.click('#accept')]);
  await page.waitForSelector('#landed');
}

// Firefox with containers on, the add-on configured to capture the web app's sign-in and let it read the token.
async function containerFirefox({ home, stateDir, fake, web, landing }) {
  const ff = await f.launchFirefox({ home, stateDir, extraPrefs: { 'privacy.userContext.enabled': true } });
  const saved = await f.inBackground(ff.extPage, async (z, { url, clientId, origin, landing }) => {
    const r = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
      accountSource: { type: 'users' }, baseUrlOverride: { accounts: url, api: url },
      webApps: [{ origin, canReadToken: true }], redirectCaptures: [landing] });
    if (r.ok) await z.session.configure(r.settings);
    return r.ok;
  }, { url: fake.url, clientId: h.CLIENT_ID, origin: web.allowed, landing });
  assert.equal(saved, true);
  const own = await ff.extPage.evaluate("browser.storage.local.get('installationId').then((o) => o.installationId)");
  assert.ok(own, 'the profile has no installation ID');
  return { ff, own };
}

const tokenIn = async (stateDir, installation) => (await h.askHost(stateDir,
  [{ id: 1, type: 'token.get', client_id: h.CLIENT_ID, dc: 'us', installation }], { firefox: true }))[0];

describe('Firefox containers with two users', () => {
  let fake, web, stateDir, home, ff, landing, own, popup;
  const signins = {}; // Zoho user's e-mail -> {installation, context}

  const list = async () => (await h.askHost(stateDir, [{ id: 1, type: 'token.list', client_id: h.CLIENT_ID }],
    { firefox: true }))[0].tokens;
  const tokenOf = (installation) => tokenIn(stateDir, installation);
  // The e-mail address of the Zoho user a token belongs to, as Zoho's users API answers it for the token.
  async function ownerOf(token) {
    const res = await fetch(`${token.api_domain}/crm/v2/users?type=CurrentUser`,
      { headers: { Authorization: `Zoho-oauthtoken ${token.access_token}` } });
    assert.equal(res.status, 200);
    return (await res.json()).users[0].email;
  }

  // A click in the popup, made in the page: the popup draws its list anew every second, so an element handle held
  // across that may point at a node already replaced.
  const click = (selector) => popup.$eval(selector, (b) => b.click());

  const webAppSignIn = (page, email) => webAppSignInAs(page, fake, landing, email);

  before(async () => {
    web = await startWebApp();
    landing = `${web.allowed}/LoginRedirect`;
    fake = await h.startZoho({ users: 3 }, [f.FIREFOX_REDIRECT, landing]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    ({ ff, own } = await containerFirefox({ home, stateDir, fake, web, landing }));
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, home);
  });

  it('a sign-in in each of two containers keeps both tokens, beside the default container\'s', async () => {
    const [mine, first, second] = fake.users.map((u) => u.email);
    // The default container: the profile's own sign-in.
    await webAppSignIn(await ff.browser.newPage(), mine);
    await h.waitFor(async () => (await tokenOf(own)).ok, 'the default container\'s token in the host');
    for (const email of [first, second]) {
      const context = await ff.browser.createBrowserContext();
      const page = await context.newPage();
      const marked = `${web.allowed}/plain?for=${encodeURIComponent(email)}`;
      await page.goto(marked);
      // The user context is a Firefox container: the extension sees its tab in a cookie store of its own.
      const store = await f.inBackground(ff.extPage, async (z, url) => (await browser.tabs.query({}))
        .filter((t) => t.url === url).map((t) => t.cookieStoreId), marked);
      assert.equal(store.length, 1, JSON.stringify(store));
      assert.match(store[0], /^firefox-container-[0-9]+$/);
      await webAppSignIn(page, email);
      const installation = `${own}-c${store[0].split('-').at(-1)}`;
      await h.waitFor(async () => (await tokenOf(installation)).ok, `${email}'s token in the host`);
      signins[email] = { installation, context, store: store[0] };
      await page.goto(`${web.allowed}/plain`); // off the landing, whose address carried the token
    }
    const tokens = await list();
    assert.equal(tokens.length, 3, JSON.stringify(tokens.map((t) => t.installation)));
    assert.deepEqual(tokens.map((t) => t.installation).sort(),
      [own, signins[first].installation, signins[second].installation].sort());
    assert.equal(await ownerOf(await tokenOf(own)), mine, 'a container\'s sign-in replaced the profile\'s own');
    assert.equal(await ownerOf(await tokenOf(signins[first].installation)), first);
    assert.equal(await ownerOf(await tokenOf(signins[second].installation)), second);
  });

  it('choosing a container\'s user in the popup changes what an allowed page reads', async () => {
    const [mine, first, second] = fake.users.map((u) => u.email);
    assert.ok(signins[first] && signins[second], 'the containers did not sign in');
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/plain`);
    await page.addScriptTag({ url: `${web.allowed}/zcrm-bridge-client.js` });
    await page.evaluate((extensionId) => {
      window.bridge = ZcrmBridge.connect({ extensionId });
    }, h.EXTENSION_ID);
    const read = () => page.evaluate(() => window.bridge.getToken()
      .then((t) => ({ ok: true, ...t }), (e) => ({ ok: false, code: e.code, message: e.message })));
    const reader = async () => {
      const t = await read();
      assert.equal(t.ok, true, JSON.stringify(t));
      return ownerOf(t);
    };
    assert.equal(await reader(), mine);

    await ff.extPage.evaluate(() => {
      location.href = browser.runtime.getURL('popup/popup.html');
    });
    popup = await h.waitFor(async () => {
      for (const p of await ff.browser.pages()) {
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`moz-extension://${f.FIREFOX_UUID}/popup/`)) return p;
      }
      return null;
    }, 'the popup');
    await popup.waitForSelector('#machine-users:not([hidden])');
    const rows = await popup.$$eval('#machine-user-list li', (lis) => lis.map((li) => li.textContent));
    assert.equal(rows.length, 3, rows.join(' | '));
    for (const email of [first, second]) {
      assert.ok(rows.some((r) => r.includes(email) && /Firefox container/.test(r)), rows.join(' | '));
    }
    for (const email of [first, second, mine]) {
      const use = email === mine ? '#use-own'
        : `#machine-user-list button.use-user[data-installation="${signins[email].installation}"]`;
      await popup.waitForSelector(use);
      await click(use);
      if (email === mine) await popup.waitForSelector('#use-own', { hidden: true });
      else await popup.waitForSelector('#machine-user-list li.active');
      await h.waitFor(async () => (await reader()) === email, `the page to read ${email}'s token`);
    }
  });

  it('a container user\'s token due for renewal is renewed in that container, with its Zoho session', async () => {
    const [mine, first] = fake.users.map((u) => u.email);
    assert.ok(popup, 'the popup did not open');
    const { installation } = signins[first];
    await click(`#machine-user-list button.use-user[data-installation="${installation}"]`);
    await popup.waitForSelector('#machine-user-list li.active');
    // Its refresh comes due: stored again, with a margin that makes refresh_at now.
    const held = await tokenOf(installation);
    const [stored] = await h.askHost(stateDir, [{ id: 1, type: 'token.store', client_id: h.CLIENT_ID, dc: 'us',
      installation, source: 'refresh', refresh_margin_s: 3600, org: held.org, user: held.user,
      token: { access_token: held.access_token, expires_in: 3600, granted_for_session: true } }], { firefox: true });
    assert.equal(stored.ok, true, JSON.stringify(stored));
    const ownBefore = (await tokenOf(own)).stored_at;
    const refreshes = fake.state.refreshedAs.length;
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/plain`);
    await page.addScriptTag({ url: `${web.allowed}/zcrm-bridge-client.js` });
    const t = await page.evaluate((extensionId) => ZcrmBridge.connect({ extensionId }).getToken()
      .then((t) => ({ ok: true, ...t }), (e) => ({ ok: false, code: e.code, message: e.message })), h.EXTENSION_ID);
    assert.equal(t.ok, true, JSON.stringify(t));
    assert.notEqual(t.access_token, held.access_token, 'the token due for renewal was handed out');
    assert.equal(await ownerOf(t), first);
    // One refresh at Zoho, carrying the container's session (not the default container's, nor none).
    assert.deepEqual(fake.state.refreshedAs.slice(refreshes), [first]);
    const renewed = await tokenOf(installation);
    assert.equal(renewed.access_token, t.access_token);
    assert.equal(renewed.source, 'refresh');
    assert.equal((await tokenOf(own)).stored_at, ownBefore, 'the profile\'s own token changed');
    assert.equal(await ownerOf(await tokenOf(own)), mine);
    // The refresh tab is closed: no tab of the container but the web app's own.
    await h.waitFor(async () => (await f.inBackground(ff.extPage, async (z, store) =>
      (await browser.tabs.query({ cookieStoreId: store })).length, signins[first].store)) === 1, 'the refresh tab to close');
  });

  it('a container that is gone is said so, with the way on, and nothing is refreshed elsewhere', async () => {
    const [, , second] = fake.users.map((u) => u.email);
    const { installation, context } = signins[second];
    await click(`#machine-user-list button.use-user[data-installation="${installation}"]`);
    await popup.waitForSelector('#machine-user-list li.active');
    const held = await tokenOf(installation);
    const [stored] = await h.askHost(stateDir, [{ id: 1, type: 'token.store', client_id: h.CLIENT_ID, dc: 'us',
      installation, source: 'refresh', refresh_margin_s: 3600, org: held.org, user: held.user,
      token: { access_token: held.access_token, expires_in: 3600, granted_for_session: true } }], { firefox: true });
    assert.equal(stored.ok, true, JSON.stringify(stored));
    await context.close(); // removes the BiDi user context: the container is gone
    const refreshes = fake.state.refreshCalls;
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/plain`);
    await page.addScriptTag({ url: `${web.allowed}/zcrm-bridge-client.js` });
    const t = await page.evaluate((extensionId) => ZcrmBridge.connect({ extensionId }).getToken()
      .then((t) => ({ ok: true, ...t }), (e) => ({ ok: false, code: e.code, message: e.message })), h.EXTENSION_ID);
    assert.equal(t.ok, false, JSON.stringify(t));
    assert.equal(t.code, 'SIGN_IN_NEEDED');
    assert.match(t.message, /no longer exists.*Use my own sign-in/);
    await popup.waitForSelector('#active-user-note:not([hidden])');
    assert.match(await popup.$eval('#active-user-note', (n) => n.textContent), /no longer exists/);
    assert.equal(fake.state.refreshCalls, refreshes, 'a refresh ran outside the container');
    assert.equal((await tokenOf(installation)).stored_at, stored.stored_at);
  });

  it('Zoho refusing a sign-in in a container says so and leaves the profile\'s own sign-in as it is', async () => {
    const context = await ff.browser.createBrowserContext();
    const page = await context.newPage();
    fake.setNextAuthError('access_denied');
    const params = new URLSearchParams({ client_id: h.CLIENT_ID, response_type: 'token', redirect_uri: landing,
      scope: 'ZohoCRM.users.READ', state: 'web-app-state' });
    await page.goto(`${fake.url}/oauth/v2/auth?${params}`);
    await page.waitForSelector('#landed');
    const state = await h.waitFor(() => f.inBackground(ff.extPage, (z) => {
      const s = z.session.state;
      return s.ignoredCapture ? { phase: s.phase.name, note: s.ignoredCapture.message } : null;
    }), 'the popup to be told');
    assert.match(state.note, /Firefox container.*declined.*Sign in again in a tab of that container/);
    assert.equal(state.phase, 'signed_in', 'the profile\'s own sign-in was marked as needing a sign-in');
    await context.close();
  });

  it('a container\'s user signed out from the popup is revoked at Zoho and forgotten; the profile\'s own stays', async () => {
    const [mine, first] = fake.users.map((u) => u.email);
    assert.ok(popup && signins[first], 'the popup did not open, or the container did not sign in');
    const { installation } = signins[first];
    // That container's user is the active one, then signed out on its row.
    const use = `#machine-user-list button.use-user[data-installation="${installation}"]`;
    await popup.waitForSelector(use);
    await click(use);
    await popup.waitForSelector('#use-own:not([hidden])');
    const held = await tokenOf(installation);
    assert.equal(held.ok, true, JSON.stringify(held));
    const revokes = fake.state.revokes;
    const out = `#machine-user-list button.signout-user[data-installation="${installation}"]`;
    await popup.waitForSelector(out);
    await click(out);
    await h.waitFor(async () => (await tokenOf(installation)).error?.code === 'NO_TOKEN', 'the container\'s token forgotten');
    assert.equal(fake.state.revokes, revokes + 1, 'not revoked at Zoho');
    await popup.waitForSelector('#use-own', { hidden: true }); // back to the profile's own user
    assert.equal((await list()).some((t) => t.installation === installation), false, 'still listed by the host');
    // Gone from the popup's list of who is signed in.
    await h.waitFor(async () => !(await popup.$$eval('#machine-user-list li', (lis) => lis.map((li) => li.textContent)))
      .some((r) => r.includes(first)), `${first} no longer listed in the popup`);
    assert.equal(await ownerOf(await tokenOf(own)), mine, 'the profile\'s own sign-in went too');
    const via = await ff.extPage.evaluate("browser.storage.local.get('containerVia').then((o) => o.containerVia ?? {})");
    assert.equal(installation in via, false, 'how to renew it is still kept');
  });
});

describe('Firefox containers: a container\'s sign-in is renewed at its refresh_at, in that container', () => {
  let fake, web, stateDir, home, ff, own, landing;

  before(async () => {
    web = await startWebApp();
    landing = `${web.allowed}/LoginRedirect`;
    // 303 s tokens with the default 300 s margin: refresh_at comes 3 s after each sign-in or refresh.
    fake = await h.startZoho({ users: 2, tokenTtlS: 303 }, [f.FIREFOX_REDIRECT, landing]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    ({ ff, own } = await containerFirefox({ home, stateDir, fake, web, landing }));
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, home);
  });

  it('the alarm renews it with that container\'s Zoho session, and leaves the default container signed out', async () => {
    const [mine, theirs] = fake.users.map((u) => u.email);
    // The default container is signed in to Zoho as another person (no capture: its sign-in lands elsewhere).
    const other = await ff.browser.newPage();
    await other.goto(`${fake.url}/oauth/v2/auth?${new URLSearchParams({ client_id: h.CLIENT_ID, response_type: 'token',
      redirect_uri: f.FIREFOX_REDIRECT, scope: 'ZohoCRM.users.READ', state: 's' })}`);
    await other.$eval('#email', (input, value) => {
      input.value = value;
    }, mine);
    await other.click('#accept');
    await h.waitFor(() => fake.state.issued.length === 1, 'the default container\'s Zoho session');
    const context = await ff.browser.createBrowserContext();
    const page = await context.newPage();
    const marked = `${web.allowed}/plain?for=alarm`;
    await page.goto(marked);
    const [store] = await f.inBackground(ff.extPage, async (z, url) => (await browser.tabs.query({}))
      .filter((t) => t.url === url).map((t) => t.cookieStoreId), marked);
    assert.match(store, /^firefox-container-[0-9]+$/);
    const installation = `${own}-c${store.split('-').at(-1)}`;
    const refreshes = fake.state.refreshedAs.length;
    await webAppSignInAs(page, fake, landing, theirs);
    await page.goto(marked);
    const renewed = await h.waitFor(async () => {
      const t = await tokenIn(stateDir, installation);
      return t.ok && t.source === 'refresh' && t;
    }, 'the container\'s token renewed by its alarm', 30000);
    const seen = fake.state.refreshedAs.slice(refreshes);
    assert.ok(seen.length >= 1);
    assert.deepEqual([...new Set(seen)], [theirs], 'a refresh ran with another session than the container\'s');
    const res = await fetch(`${renewed.api_domain}/crm/v2/users?type=CurrentUser`,
      { headers: { Authorization: `Zoho-oauthtoken ${renewed.access_token}` } });
    assert.equal((await res.json()).users[0].email, theirs);
    assert.equal((await tokenIn(stateDir, own)).ok, false, 'the profile\'s own sign-in was filled by the container\'s');
  });
});
