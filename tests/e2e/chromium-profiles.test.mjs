// Two browser profiles, two Zoho users (issue 15): Zoho keeps one user per browser session, and separate Chromium
// profiles keep separate sessions. Both profiles' extensions start the same host with the same state folder; each
// names its installation, so the host keeps both tokens, and neither sign-in (nor a restart) replaces the other's;
// each popup lists both users (token.list, with the Zoho user read at sign-in).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('Chromium: two profiles signed in as two Zoho users keep both tokens', () => {
  let fake, stateDir, profileA, profileB;

  before(async () => {
    fake = await h.startZoho({ users: 2 });
    stateDir = await h.hostState();
    profileA = await h.tempDir('profile-a');
    profileB = await h.tempDir('profile-b');
  });

  after(async () => {
    await fake?.close();
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

  const tokenOf = async (installation) => (await h.askHost(stateDir,
    [{ id: 1, type: 'token.get', client_id: h.CLIENT_ID, dc: 'us', installation }]))[0];

  it('each profile keeps its own user\'s token after the other signs in, and after a restart', async () => {
    const [first, second] = fake.users.map((u) => u.email);
    const a = await signInWithProfile(profileA, first);
    const b = await signInWithProfile(profileB, second);
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
});
