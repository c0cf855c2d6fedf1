// Orgs kept apart (issue 12): Zoho CRM tokens are bound to one org, chosen on the consent page. A person in two
// orgs keeps a chosen account in each, and neither ever shows the other's IDs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

describe('Chromium: two orgs of one user keep separate chosen accounts', () => {
  let fake, stateDir, profile, browser;

  before(async () => {
    fake = await h.startZoho({ users: [{ orgs: [0, 1] }, { orgs: [0, 1] }, { orgs: [0, 1] }],
      orgs: [{ type: 'production', name: 'Zylker' }, { type: 'sandbox', name: 'Zylker Sandbox' }] });
    stateDir = await h.hostState();
    profile = await h.tempDir('profile');
    browser = await h.launchChromium({ profile, stateDir });
    await h.configure(browser.worker, fake, { accountSource: { type: 'users' } });
  });

  after(async () => {
    await browser?.context.close();
    await fake?.close();
    await h.cleanup(stateDir, profile);
  });

  // Signs in to the org at `index` of the consent page's list, and returns the open popup once the users listed.
  async function signInTo(index) {
    fake.signOut();
    const popup = await h.openPopup(browser.context);
    await popup.waitForSelector('#signin:not([hidden])');
    const [auth] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#signin')]);
    await auth.fill('#email', fake.users[0].email);
    const value = await auth.$eval('#org', (s, i) => s.options[i].value, index);
    await auth.selectOption('#org', value);
    await auth.click('#accept');
    await popup.waitForSelector('#accounts li button');
    return { popup, orgId: value };
  }

  async function chooseFirst(popup) {
    const button = popup.locator('#accounts li button').first();
    const id = await button.getAttribute('data-id');
    await button.click();
    await popup.waitForFunction(() => document.getElementById('chosen').textContent.startsWith('✓'));
    return id;
  }

  it('each org remembers its own choice; the other org starts with none and lists its own IDs', async () => {
    const production = await signInTo(0);
    assert.match(await production.popup.textContent('#user'), /Zylker/);
    const a = await chooseFirst(production.popup);
    await production.popup.click('#signout');
    await production.popup.waitForSelector('#signin:not([hidden])');
    await production.popup.close();

    const sandbox = await signInTo(1);
    assert.notEqual(sandbox.orgId, production.orgId);
    assert.match(await sandbox.popup.textContent('#user'), /Zylker Sandbox \(sandbox\)/);
    assert.equal(await sandbox.popup.textContent('#chosen'), 'No account chosen yet.', 'the production org\'s choice showed in the sandbox');
    const ids = await sandbox.popup.$$eval('#accounts li button', (bs) => bs.map((b) => b.dataset.id));
    assert.ok(!ids.includes(a), 'a user ID of the production org is listed in the sandbox');
    const b = await chooseFirst(sandbox.popup);
    await sandbox.popup.click('#signout');
    await sandbox.popup.waitForSelector('#signin:not([hidden])');
    await sandbox.popup.close();

    const again = await signInTo(0);
    await again.popup.waitForFunction(() => document.getElementById('chosen').textContent.startsWith('✓'));
    const [token] = await h.askHost(stateDir, [{ id: 1, type: 'token.status', client_id: h.CLIENT_ID, dc: 'us' }]);
    assert.equal(token.org?.id, production.orgId, 'the host keeps the org with the token');
    const [chosen] = await h.askHost(stateDir, [{ id: 1, type: 'account.get', client_id: h.CLIENT_ID, dc: 'us', org: production.orgId }]);
    assert.equal(chosen.account.id, a);
    const [other] = await h.askHost(stateDir, [{ id: 1, type: 'account.get', client_id: h.CLIENT_ID, dc: 'us', org: sandbox.orgId }]);
    assert.equal(other.account.id, b);
    await again.popup.close();
  });
});
