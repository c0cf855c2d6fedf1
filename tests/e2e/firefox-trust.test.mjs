// The trust boundary in Firefox ESR, where Firefox has the API (issue 11): a captured sign-in counts only when
// webRequest saw Zoho's accounts server send it, and the web-app bridge (a content script here: Firefox has no
// externally_connectable) answers only the top frame of an allowed origin, never an opaque (sandboxed) document
// or a frame. Every attack is made the way a page would make it, against the real add-on package and host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';
import * as f from './firefox-harness.mjs';
import { startWebApp } from './web-server.mjs';
import { buildPackages } from '../../extension/tools/package.mjs';

const FORGED = '#access_token=1000.ATTACKER&expires_in=86400&location=eu';
// Every data centre a token could have been filed under: the configured one and the one the forged URL names.
const hostTokens = (stateDir) => h.askHost(stateDir, ['us', 'eu'].map((dc, i) =>
  ({ id: i + 1, type: 'token.get', client_id: h.CLIENT_ID, dc })), { firefox: true });
const hostToken = async (stateDir) => (await hostTokens(stateDir))[0];

/** Runs `source` (an expression, awaited) in the add-on's options page: the extension's own APIs. */
const inExtension = (ff, source) => ff.extPage.evaluate(`(async () => (${source}))()`);

// One Firefox for the whole file (its start costs ~10 s) with the package a person would install, configured
// through the options page's own validation: a capture URL on the allowed web app, which may read the account.
let fake, web, ff, landing;

before(async () => {
  web = await startWebApp();
  landing = `${web.allowed}/LoginRedirect`;
  fake = await h.startZoho({}, [landing]);
  const home = await h.tempDir('home');
  const stateDir = await h.hostState();
  const packages = await h.tempDir('packages');
  const built = await buildPackages(packages, { forTests: true });
  ff = { ...(await f.launchFirefox({ home, stateDir, extensionDir: built.firefox.dir })), home, stateDir, packages };
  const r = await f.inBackground(ff.extPage, async (z, { url, clientId, origin, landing }) => {
    const saved = await z.saveSettings({ clientId, dc: 'us', scopes: ['ZohoCRM.users.READ', 'ZohoCRM.modules.ALL'],
      accountSource: { type: 'module', module: 'Accounts', nameField: 'Account_Name', fields: ['Account_Name'] },
      baseUrlOverride: { accounts: url, api: url }, webApps: [{ origin }], redirectCaptures: [landing] });
    // Applied now, not only when the storage change event arrives.
    if (saved.ok) await z.session.configure(saved.settings);
    return saved;
  }, { url: fake.url, clientId: h.CLIENT_ID, origin: web.allowed, landing });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
});

after(async () => {
  await ff?.browser.close();
  await fake?.close();
  web?.close();
  await h.cleanup(ff?.stateDir, ff?.home, ff?.packages);
});

describe('Firefox: captured sign-ins come only from Zoho', () => {
  it('ignores a forged fragment that a page of another origin navigates to, and notes it in the background', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.other}/plain`);
    await page.evaluate((to) => {
      location.href = to;
    }, `${landing}${FORGED}`);
    // Whichever comes first: the background noting the forgery, or (a build that trusts any landing) the host
    // holding a token.
    const ignored = () => f.inBackground(ff.extPage, (z) => z.session.state.ignoredCapture?.message ?? null);
    await h.waitFor(async () => (await ignored()) || (await hostTokens(ff.stateDir)).some((t) => t.ok),
      'the background to note the forged capture (or the host to hold a token)');
    for (const answer of await hostTokens(ff.stateDir)) {
      assert.equal(answer.error?.code, 'NO_TOKEN', `the forged token was stored: ${JSON.stringify(answer)}`);
    }
    assert.match(await ignored(), /did not come from Zoho/);
    assert.equal(await page.evaluate(() => location.pathname), '/LoginRedirect', 'the forged landing was not opened');
    const stored = await inExtension(ff, 'JSON.stringify(await browser.storage.local.get(null))');
    assert.doesNotMatch(stored, /ATTACKER/, 'the forged URL reached storage.local');
    await page.close();
  });

  it('keeps a real Zoho redirect (webRequest sees the fragment in onBeforeRedirect), saving only the prefix', async () => {
    const page = await ff.browser.newPage();
    await h.webAppSignIn(page, fake, landing); // the consent page, #accept, the landing
    const kept = await h.waitFor(async () => {
      const t = await hostToken(ff.stateDir);
      return t.ok && t;
    }, 'the captured token').catch(async (e) => {
      const state = await f.inBackground(ff.extPage, (z) => JSON.stringify(z.session.state)).catch(String);
      throw new Error(`${e.message}; background state: ${state}`);
    });
    assert.equal(kept.access_token, fake.state.issued.at(-1).token);
    assert.equal(kept.source, 'login');
    const via = JSON.parse(await inExtension(ff, 'JSON.stringify(await browser.storage.local.get("tokenVia"))'));
    assert.deepEqual(via.tokenVia, { kind: 'capture', redirectUri: landing },
      'storage.local holds more than the prefix');
    await page.close();
  });
});

// The bridge's message shape (extension/content/bridge.js) and a marker the tests post after a request: message
// events of one window are dispatched in order, so once a page's own listener hears the marker, every listener of
// that window (the content script's included) has handled the request posted before it.
const BRIDGE = 'zcrm-bridge';
const MARK = 'zcrm-e2e-mark';

/** Installs, in every frame of the page, a main-world record of bridge answers and markers it hears. */
async function listenEverywhere(page) {
  for (const frame of page.frames()) {
    await frame.evaluate(({ BRIDGE, MARK }) => {
      if (globalThis.__heard) return;
      globalThis.__heard = { answers: [], marks: [] };
      addEventListener('message', (e) => {
        if (e.data?.channel === BRIDGE && e.data.direction === 'to-page') globalThis.__heard.answers.push(e.data);
        if (e.data?.channel === MARK) globalThis.__heard.marks.push(e.data.tag);
      });
    }, { BRIDGE, MARK });
  }
}

/** The page asks the bridge itself (its own window, as the client script does) and waits for the answer. */
const askBridge = (frame, id, message) => frame.evaluate(({ BRIDGE, id, message }) => new Promise((resolve) => {
  addEventListener('message', (e) => {
    if (e.source === window && e.data?.channel === BRIDGE && e.data.direction === 'to-page' && e.data.id === id) {
      resolve(e.data.answer);
    }
  });
  postMessage({ channel: BRIDGE, direction: 'to-extension', id, message }, location.origin);
}), { BRIDGE, id, message });

/**
 * What the extension made of a bridge request posted by `doc` (the page's top document or a frame) to its own
 * window and, when framed, to its parent — every window a content script of this tab could relay it from. Decided
 * on observables, never on a pause:
 * 1. after the request, `doc` posts a marker to the same windows and waits until each window hears it (so every
 *    content script there has handled the request);
 * 2. the add-on lists the frames of the tab where the bridge content script runs;
 * 3. from each of those content scripts, a barrier request goes to the background; messages of one content
 *    script reach the background in order, so when the barrier is answered, the background has received
 *    whatever that content script relayed before it. A background listener (installed by the test) records the
 *    probes it receives;
 * 4. `direct`: the background's own verdict on `doc`, asked from `doc`'s frame the way the bridge would ask if it
 *    ran there (so a bridge that relayed too much would still be refused).
 */
async function attempt(ff, page, doc, id) {
  const tag = `probe-${id}`;
  await listenEverywhere(page);
  const framed = doc !== page.mainFrame();
  await doc.evaluate(({ BRIDGE, MARK, id, tag, framed }) => {
    const request = { channel: BRIDGE, direction: 'to-extension', id, message: { type: 'getAccount', probe: tag } };
    postMessage(request, '*');
    if (framed) parent.postMessage(request, '*');
    postMessage({ channel: MARK, tag }, '*');
    if (framed) parent.postMessage({ channel: MARK, tag }, '*');
  }, { BRIDGE, MARK, id, tag, framed });
  for (const w of framed ? [doc, page.mainFrame()] : [doc]) {
    await w.waitForFunction((t) => globalThis.__heard.marks.includes(t), { timeout: 10000 }, tag);
  }
  const [href, docHref] = [await page.evaluate(() => location.href), await doc.evaluate(() => location.href)];
  const barrierTag = JSON.stringify(`${tag}-barrier`);
  const report = JSON.parse(await inExtension(ff, `(async () => {
    const [tab] = (await browser.tabs.query({})).filter((t) => t.url === ${JSON.stringify(href)});
    const frames = await browser.scripting.executeScript({ target: { tabId: tab.id, allFrames: true },
      func: () => ({ url: location.href, bridge: globalThis.__zcrmBridge === true }) });
    // A bridge request from the content-script world of one frame (where the bridge, if there, runs).
    const send = async (frameId, probe) => (await browser.scripting.executeScript({
      target: { tabId: tab.id, frameIds: [frameId] }, args: [probe],
      func: (probe) => browser.runtime.sendMessage({ bridge: { type: 'getAccount', probe } }) }))[0].result;
    const bridges = frames.filter((r) => r.result.bridge);
    const barriers = [];
    for (const b of bridges) {
      barriers.push({ frameId: b.frameId, url: b.result.url, answer: await send(b.frameId, ${barrierTag}) });
    }
    // The background's own verdict on this document: a request sent from its frame as the bridge would send it.
    const [self] = frames.filter((r) => r.result.url === ${JSON.stringify(docHref)});
    const direct = await send(self.frameId, ${JSON.stringify(`${tag}-direct`)});
    const bg = await browser.runtime.getBackgroundPage();
    const received = bg.__probes.filter((p) => p.probe === ${JSON.stringify(tag)});
    const where = bridges.map((b) => ({ frameId: b.frameId, url: b.result.url }));
    return JSON.stringify({ bridges: where, barriers, direct, received });
  })()`));
  const answers = [];
  for (const frame of page.frames()) {
    answers.push(...(await frame.evaluate((i) => globalThis.__heard?.answers.filter((a) => a.id === i) ?? [], id)));
  }
  return { ...report, answers };
}

/**
 * Refused at both layers: no content script relayed the request (the background never received it, no window got
 * a yes), and the background answers the document itself FORBIDDEN.
 */
function assertRefused(result) {
  const seen = JSON.stringify(result);
  assert.deepEqual(result.received, [], `the background received the request: ${seen}`);
  for (const a of result.answers) assert.equal(a.answer?.error?.code, 'FORBIDDEN', `the request was answered: ${seen}`);
  assert.equal(result.direct?.error?.code, 'FORBIDDEN', `the background answers this document: ${seen}`);
}

describe('Firefox: the content-script bridge answers only the top frame of an allowed origin', () => {
  let nextId = 100;

  before(async () => {
    // The bridge is registered when the settings change reaches the background; pages opened before that have none.
    await h.waitFor(() => inExtension(ff, `(await browser.scripting.getRegisteredContentScripts())
      .some((s) => s.id === 'zcrm-bridge' && s.matches.includes('http://localhost/*'))`), 'the bridge content script');
    // Records every bridge request the background receives (alongside the add-on's own listener, which answers).
    await inExtension(ff, `(async () => {
      const bg = await browser.runtime.getBackgroundPage();
      bg.__probes = [];
      bg.browser.runtime.onMessage.addListener((m, sender) => {
        if (!m?.bridge?.probe) return;
        bg.__probes.push({ probe: m.bridge.probe, frameId: sender.frameId, origin: sender.origin, url: sender.url });
      });
      return true;
    })()`);
  });

  it('the allowed page itself is answered (the probe reaches the extension)', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/plain`);
    const answer = await askBridge(page.mainFrame(), nextId++, { type: 'getAccount' });
    assert.deepEqual(answer, { ok: true, account: null });
    // The same probe the refused cases use, as a control: relayed, received, answered.
    const id = nextId++;
    const result = await attempt(ff, page, page.mainFrame(), id);
    assert.equal(result.received.length, 1, JSON.stringify(result));
    assert.equal(result.received[0].origin, web.allowed);
    assert.deepEqual(result.direct, { ok: true, account: null });
    await page.waitForFunction((i) => globalThis.__heard.answers.some((a) => a.id === i && a.answer?.ok),
      { timeout: 10000 }, id);
    await page.close();
  });

  it('a page served with CSP: sandbox on the allowed origin gets nothing, and the background refuses it too', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${web.allowed}/csp-sandboxed`);
    assert.equal(await page.evaluate(() => origin), 'null', 'the page is not sandboxed');
    const result = await attempt(ff, page, page.mainFrame(), nextId++);
    // The bridge runs in this document (its URL matches) but relays nothing from an opaque origin, and a request
    // its content script does send is FORBIDDEN by the background's own rule (sender.origin is "null").
    assert.equal(result.bridges.length, 1, JSON.stringify(result));
    assertRefused(result);
    await page.close();
  });

  for (const [name, framer, sandbox] of [
    ['a sandboxed iframe of the allowed origin inside the allowed page', 'allowed', true],
    ['a child frame of the allowed origin inside the allowed page', 'allowed', false],
    ['the allowed page framed by a page of another origin', 'other', false],
  ]) {
    it(`${name} gets nothing`, async () => {
      const page = await ff.browser.newPage();
      const src = encodeURIComponent(`${web.allowed}/plain`);
      await page.goto(`${web[framer]}/framer?src=${src}${sandbox ? '&sandbox' : ''}`);
      const child = await h.waitFor(
        () => page.frames().find((fr) => fr !== page.mainFrame() && fr.url().endsWith('/plain')), 'the child frame');
      await child.waitForFunction(() => document.readyState === 'complete');
      const result = await attempt(ff, page, child, nextId++);
      assertRefused(result);
      // No bridge in the frame: only a top frame of an allowed origin has one.
      assert.ok(!result.bridges.some((b) => b.url.endsWith('/plain')), JSON.stringify(result));
      if (framer === 'allowed') {
        // The allowed top page's bridge, asked after the frame's request, is answered: the control in this page.
        assert.equal(result.barriers.length, 1, JSON.stringify(result));
        assert.equal(result.barriers[0].answer?.ok, true, JSON.stringify(result));
        const answer = await askBridge(page.mainFrame(), nextId++, { type: 'getAccount' });
        assert.deepEqual(answer, { ok: true, account: null });
      } else {
        assert.deepEqual(result.bridges, [], 'a page of another origin has the bridge');
      }
      await page.close();
    });
  }
});
