// The encrypted account-index cache in Firefox (issue 15): the first sync leaves only ciphertext in the add-on's
// IndexedDB, under the key the host derives for Firefox (index.key); a list emptied in memory comes back from that
// cache without a Zoho call, and a rename at the fake arrives with "sync now" in two calls.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';

const ID = (n) => `5725767101${String(n).padStart(9, '0')}`;

async function pageAt(browser, prefix) {
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(prefix)) return page;
  }
  return null;
}

describe('Firefox: the account index is cached encrypted and synced incrementally', () => {
  let fake, stateDir, home, ff;
  const moduleCalls = (since) => fake.apiLog.filter((e) => e.seq > since && e.method === 'GET'
    && /^\/crm\/v\d+\/Accounts(\/deleted)?$/.test(e.path));
  const lastSeq = () => fake.apiLog.at(-1)?.seq ?? 0;

  before(async () => {
    fake = await h.startZoho({}, [f.FIREFOX_REDIRECT]);
    stateDir = await h.hostState();
    home = await h.tempDir('home');
    ff = await f.launchFirefox({ home, stateDir });
    const saved = await f.inBackground(ff.extPage, async (z, { url, clientId }) => {
      const r = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL'],
        accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name', 'Billing_City'] },
        baseUrlOverride: { accounts: url, api: url }, webApps: [], redirectCaptures: [] });
      if (r.ok) await z.session.configure(r.settings);
      return r.ok;
    }, { url: fake.url, clientId: h.CLIENT_ID });
    assert.equal(saved, true);
    f.inBackground(ff.extPage, (z) => {
      z.session.signIn();
      return true;
    });
    const auth = await h.waitFor(() => pageAt(ff.browser, `${fake.url}/oauth/v2/auth`), 'the Zoho sign-in window', 30000);
    await auth.click('#accept');
    await h.waitFor(async () => (await f.inBackground(ff.extPage, (z) => z.session.state.token?.present)),
      'the sign-in', 30000);
  });

  after(async () => {
    await ff?.browser.close();
    await fake?.close();
    await h.cleanup(stateDir, home);
  });

  it('the first sync leaves only sealed records in IndexedDB', async () => {
    const progress = await f.inBackground(ff.extPage, async (z) => {
      await z.accounts.load(() => {});
      return z.accounts.progress;
    });
    assert.equal(progress.count, 3000);
    assert.equal(progress.sync.state, 'synced');
    const stored = await ff.extPage.evaluate(`(async () => {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open('zcrm-index-cache'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      const all = await new Promise((ok, ko) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      const text = all.map((x) => Array.from(x.data, (b) => String.fromCharCode(b)).join('')).join('');
      return { records: all.length, sealed: all.every((x) => x.data instanceof Uint8Array && x.iv.length === 12),
        plain: text.includes('Acme 0042') || text.includes('Berlin') };
    })()`);
    assert.ok(stored.records > 1, `${stored.records} records`);
    assert.deepEqual({ sealed: stored.sealed, plain: stored.plain }, { sealed: true, plain: false });
  });

  it('a list emptied in memory comes back from the cache with no Zoho call; a rename arrives with sync now', async () => {
    let seq = lastSeq();
    const back = await f.inBackground(ff.extPage, async (z) => {
      z.accounts.reset(); // as a new background page starts: nothing in memory
      await z.accounts.load(() => {});
      return { count: z.accounts.progress.count, hits: z.accounts.search('Acme 0042', []).length };
    });
    assert.deepEqual(back, { count: 3000, hits: 1 });
    assert.equal(moduleCalls(seq).length, 0);
    fake.renameRecord('Accounts', ID(42), 'Zylker Firefox Renamed');
    seq = lastSeq();
    const names = await f.inBackground(ff.extPage, async (z) => {
      await z.accounts.syncNow(() => {});
      return z.accounts.search('Zylker Firefox', []).map((a) => a.name);
    });
    assert.deepEqual(names, ['Zylker Firefox Renamed']);
    assert.deepEqual(moduleCalls(seq).map((e) => e.path.replace(/^\/crm\/v\d+/, '')), ['/Accounts', '/Accounts/deleted']);
  });
});
