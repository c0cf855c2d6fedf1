// Two browser profiles, two Zoho users (issue 15): Zoho keeps one user per browser session, and separate Chromium
// profiles keep separate sessions. Both profiles' extensions start the same host with the same state folder; each
// names its installation, so the host keeps both tokens, and neither sign-in (nor a restart) replaces the other's;
// each popup lists both users (token.list, with the Zoho user read at sign-in). In one profile's popup the person
// can make the other's user the active one: an allowed web page then reads that user's token, which this profile
// never refreshes (issue 15: "refresh of a user's token only ever runs in the profile that holds that user's Zoho
// session").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import { startWebApp } from './web-server.mjs';

describe('Chromium: two profiles signed in as two Zoho users keep both tokens', () => {
  let fake, web, stateDir, profileA, profileB, a, b;

  before(async () => {
    web = await startWebApp();
    fake = await h.startZoho({ users: 2 });
    stateDir = await h.hostState();
    profileA = await h.tempDir('profile-a');
    profileB = await h.tempDir('profile-b');
  });

  after(async () => {
    await fake?.close();
    web?.close();
    await h.cleanup(stateDir, profileA, profileB);
  });

  // Launches the profile, signs the given person in from its popup, and answers the profile's installation ID.
  async function signInWithProfile(profile, email) {
    const browser = await h.launchChromium({ profile, stateDir });
    try {
      await h.configure(browser.worker, fake, { accountSource: { type: 'users' } });
      const popup = await h.openPopup(browser.context);
      await popup.waitForSelector('#signin:not([hidden])');
      const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
      await auth.fill('#email', email);
      await auth.click('#accept');
      await popup.waitForSelector('#accounts li button');
      return await h.chromiumInstallation(browser.context);
    } finally {
      await browser.context.close();
    }
  }

  // The e-mail address of the Zoho user a token belongs to, as Zoho's users API answers it for the token.
  async function ownerOf(token) {
    const res = await fetch(`${token.api_domain}/crm/v2/users?type=CurrentUser`,
      { headers: { Authorization: `Zoho-oauthtoken ${token.access_token}` } });
    assert.equal(res.status, 200);
    return (await res.json()).users[0].email;
  }

  // Profile A again, with the test's web page allowed to read the token, and that page open.
  async function profileAWithWebApp() {
    const browser = await h.launchChromium({ profile: profileA, stateDir });
    try {
      await h.configure(browser.worker, fake, { accountSource: { type: 'users' },
        webApps: [{ origin: web.allowed, canReadToken: true }] });
      const page = await browser.context.newPage();
      await page.goto(`${web.allowed}/`);
      return { browser, page };
    } catch (e) {
      await browser.context.close();
      throw e;
    }
  }

  const tokenOf = async (installation) => (await h.askHost(stateDir,
    [{ id: 1, type: 'token.get', client_id: h.CLIENT_ID, dc: 'us', installation }]))[0];

  it('each profile keeps its own user\'s token after the other signs in, and after a restart', async () => {
    const [first, second] = fake.users.map((u) => u.email);
    a = await signInWithProfile(profileA, first);
    b = await signInWithProfile(profileB, second);
    assert.ok(a && b, 'a profile has no installation ID');
    assert.notEqual(a, b, 'two profiles share one installation ID');

    const tokenA = await tokenOf(a);
    const tokenB = await tokenOf(b);
    assert.equal(tokenA.ok, true, JSON.stringify(tokenA));
    assert.equal(tokenB.ok, true, JSON.stringify(tokenB));
    assert.equal(await ownerOf(tokenA), first, 'profile A\'s token was replaced by the later sign-in');
    assert.equal(await ownerOf(tokenB), second);

    // Profile A again: its popup reads its own token from the host, signed in, without a new sign-in.
    const browser = await h.launchChromium({ profile: profileA, stateDir });
    try {
      const popup = await h.openPopup(browser.context);
      await popup.waitForSelector('#accounts li button');
      assert.equal(await popup.isHidden('#signin'), true, 'profile A was asked to sign in again');
      assert.equal(await h.chromiumInstallation(browser.context), a, 'the installation ID changed over a restart');
      // Its popup lists both users signed in on this computer: itself first, then profile B's, by name.
      await popup.waitForSelector('#machine-users:not([hidden])');
      const listed = await popup.$$eval('#machine-user-list li', (lis) => lis.map((li) => li.textContent));
      assert.equal(listed.length, 2, listed.join(' | '));
      assert.match(listed[0], new RegExp(`${first}.*this browser profile`));
      assert.match(listed[1], new RegExp(`${second}.*profile ${b.slice(0, 6)}`));
    } finally {
      await browser.context.close();
    }
    assert.equal(await ownerOf(await tokenOf(a)), first);
    assert.equal(await ownerOf(await tokenOf(b)), second);
  });

  // The active user is the person's choice in the popup, never a page's: an allowed web page (even one trusted with
  // the token) tries every way in it has, through externally_connectable and through the content-script bridge.
  it('a web page cannot make another profile\'s user the active one, by any way it can reach the extension',
    async () => {
      assert.ok(a && b, 'the profiles did not sign in');
      const [first] = fake.users.map((u) => u.email);
      const { browser, page } = await profileAWithWebApp();
      try {
        const attempts = await page.evaluate(async ({ id, installation }) => {
          const direct = (message) => new Promise((resolve) => chrome.runtime.sendMessage(id, message,
            (answer) => resolve(answer ?? { none: chrome.runtime.lastError?.message ?? true })));
          // A port named as the popup's: the page's first answer (or the port closing) is awaited.
          const port = (name, message) => new Promise((resolve) => {
            const p = chrome.runtime.connect(id, { name });
            p.onMessage.addListener((answer) => {
              p.disconnect();
              resolve(answer);
            });
            p.onDisconnect.addListener(() => resolve({ disconnected: true }));
            p.postMessage(message);
          });
          let next = 100;
          const bridged = (message) => new Promise((resolve) => {
            const mine = next++;
            addEventListener('message', function on(event) {
              if (event.data?.channel !== 'zcrm-bridge' || event.data.direction !== 'to-page' || event.data.id !== mine) return;
              removeEventListener('message', on);
              resolve(event.data.answer);
            });
            postMessage({ channel: 'zcrm-bridge', direction: 'to-extension', id: mine, message }, location.origin);
          });
          const asUi = { cmd: 'useUser', installation };
          const asWebApp = { type: 'useUser', installation };
          return [await direct(asUi), await direct(asWebApp), await direct({ bridge: asUi }),
            await port('ui', asUi), await port('ui', asWebApp),
            await bridged(asUi), await bridged(asWebApp), await bridged({ ...asWebApp, cmd: 'useUser' })];
        }, { id: h.EXTENSION_ID, installation: b });
        // Each message is an unknown web-app request; a port, whatever its name, is a web app's account
        // subscription (the chosen account, nothing the popup's port carries).
        const [d1, d2, d3, p1, p2, ...bridged] = attempts;
        for (const answer of [d1, d2, d3, ...bridged]) assert.equal(answer?.error?.code, 'UNKNOWN_TYPE', JSON.stringify(attempts));
        for (const answer of [p1, p2]) assert.deepEqual(Object.keys(answer).sort(), ['account', 'ok', 'type'], JSON.stringify(answer));

        // Still profile A's own user: in what the page reads, in what the profile keeps, and in its popup.
        const t = await page.evaluate((id) => ZcrmBridge.connect({ extensionId: id }).getToken()
          .then((r) => ({ ok: true, ...r }), (e) => ({ ok: false, code: e.code })), h.EXTENSION_ID);
        assert.equal(t.ok, true, JSON.stringify(t));
        assert.equal(await ownerOf(t), first, 'a page switched the active user');
        const kept = await browser.worker.evaluate(() => chrome.storage.local.get('activeUser'));
        assert.equal(kept.activeUser, undefined, JSON.stringify(kept));
        const popup = await h.openPopup(browser.context);
        await popup.waitForSelector('#machine-user-list li.active');
        assert.match(await popup.textContent('#machine-user-list li.active'), /this browser profile/);
        assert.equal(await popup.isHidden('#use-own'), true);
      } finally {
        await browser.context.close();
      }
    });

  it('switching the active user changes what an allowed web page reads; the other\'s expiry is not refreshed here',
    async () => {
      assert.ok(a && b, 'the profiles did not sign in');
      const [first, second] = fake.users.map((u) => u.email);
      const { browser, page } = await profileAWithWebApp();
      try {
        // What the page reads: the token (getToken), and whose it is, as Zoho's users API answers a call made by
        // the extension for the page (crm.request).
        const read = () => page.evaluate((id) => ZcrmBridge.connect({ extensionId: id }).getToken()
          .then((t) => ({ ok: true, ...t }), (e) => ({ ok: false, code: e.code, message: e.message })), h.EXTENSION_ID);
        const ownerThroughExtension = () => page.evaluate((id) => ZcrmBridge.connect({ extensionId: id }).crm
          .request('GET', '/crm/v8/users', { params: { type: 'CurrentUser' } })
          .then((r) => r.body.users[0].email, (e) => e.code), h.EXTENSION_ID);
        const tokenRead = async () => {
          const t = await read();
          assert.equal(t.ok, true, JSON.stringify(t));
          return ownerOf(t);
        };
        assert.equal(await tokenRead(), first);
        assert.equal(await ownerThroughExtension(), first);

        // In A's popup: B's user is offered, picked, and marked as the one in use.
        const popup = await h.openPopup(browser.context);
        const use = `#machine-user-list button.use-user[data-installation="${b}"]`;
        await popup.waitForSelector(use);
        await popup.click(use);
        await popup.waitForSelector('#machine-user-list li.active >> text=In use by web apps');
        assert.match(await popup.textContent('#machine-user-list li.active'), new RegExp(second));
        assert.equal(await popup.isVisible('#use-own'), true);
        assert.equal(await tokenRead(), second, 'the page still reads profile A\'s user after the switch');
        assert.equal(await ownerThroughExtension(), second);

        // B's token comes due for renewal (stored again, as profile B would, with its refresh due now): A hands it
        // out no more, names where it is renewed, and does not refresh it (nor its own).
        const held = await tokenOf(b);
        const [stored] = await h.askHost(stateDir, [{ id: 1, type: 'token.store', client_id: h.CLIENT_ID, dc: 'us',
          installation: b, source: 'refresh', refresh_margin_s: 3600, org: held.org, user: held.user,
          token: { access_token: held.access_token, expires_in: 3600, granted_for_session: true } }]);
        assert.equal(stored.ok, true, JSON.stringify(stored));
        const ownBefore = (await tokenOf(a)).stored_at;
        const refreshesBefore = fake.state.refreshCalls;
        const refused = await read();
        assert.equal(refused.code, 'ACTIVE_USER_ELSEWHERE', JSON.stringify(refused));
        assert.match(refused.message, /Use my own sign-in/);
        assert.equal(await ownerThroughExtension(), 'ACTIVE_USER_ELSEWHERE');
        // A's popup says it too, next to the way on ("Use my own sign-in").
        await popup.waitForSelector('#active-user-note:not([hidden]) >> text=due for renewal');
        assert.equal(fake.state.refreshCalls, refreshesBefore, 'profile A refreshed a token');
        assert.equal((await tokenOf(a)).stored_at, ownBefore);
        assert.equal((await tokenOf(b)).stored_at, stored.stored_at, 'profile A stored B\'s token');

        // "Use my own sign-in": the page reads A's user again.
        await popup.click('#use-own');
        await popup.waitForSelector('#use-own', { state: 'hidden' });
        assert.equal(await tokenRead(), first);
        assert.equal(await ownerThroughExtension(), first);
        assert.equal(fake.state.refreshCalls, refreshesBefore);

        // B's user again, then B signs out in its profile (token.forget, as its popup does): A goes back to its own
        // sign-in and its popup says why.
        await popup.click(use);
        await popup.waitForSelector('#use-own:not([hidden])');
        const [forgot] = await h.askHost(stateDir, [{ id: 1, type: 'token.forget', client_id: h.CLIENT_ID, dc: 'us',
          installation: b }]);
        assert.equal(forgot.forgotten, true, JSON.stringify(forgot));
        assert.equal(await tokenRead(), first);
        await popup.waitForSelector('#active-user-note:not([hidden])');
        assert.match(await popup.textContent('#active-user-note'), /no longer on this computer/);
        assert.equal(await popup.isHidden('#use-own'), true);
      } finally {
        await browser.context.close();
      }
    });
});
