// zcrm-bridge.exe, cross-built by the windows preset, answers a framed hello under wine64 as Chromium and Firefox
// start it on Windows (Chromium: origin and --parent-window=; Firefox: manifest path and add-on ID), refuses
// a caller config.json does not allow, and reads a machine-wide config.json beside the program. Skips, saying why, when wine64 or the .exe is not there.
//   cmake --preset windows && cmake --build --preset windows && node --test tests/windows/
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frame, unframe } from './frames.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXE = process.env.ZCRM_WINDOWS_HOST ?? path.join(ROOT, 'build-windows/host/zcrm-bridge.exe');
const RUNNER = path.join(ROOT, 'tests/windows/run-under-wine.sh');
const identity = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
  .filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')));
const CHROMIUM_ID = identity.ZCRM_CHROMIUM_EXTENSION_ID;
const GECKO_ID = identity.ZCRM_GECKO_ID;

const hasWine = ['/usr/bin/wine'].some(existsSync) && (existsSync('/usr/lib/wine/wine64') || existsSync('/usr/bin/wine64'));
const skip = !hasWine ? 'wine64 is not installed (installer/deps.sh --windows)'
  : !existsSync(EXE) ? `${EXE} is not built (cmake --preset windows && cmake --build --preset windows)` : false;

const ALLOW_BOTH = JSON.stringify({ allowed_extensions: [CHROMIUM_ID, GECKO_ID] });

/**
 * Runs the .exe under wine with args and messages on stdin. By default the state folder's config.json allows the
 * extension's two IDs; `stateConfig: false` leaves the state folder without one, and `exe` runs another copy.
 */
function run(args, messages, inspect = () => {}, { exe = EXE, stateConfig = true } = {}) {
  const state = mkdtempSync(path.join(tmpdir(), 'zcrm-win-hello-'));
  if (stateConfig) writeFileSync(path.join(state, 'config.json'), ALLOW_BOTH);
  return new Promise((resolve, reject) => {
    // wine maps / to Z:, so the Linux temp folder is the host's ZCRM_BRIDGE_HOME as it is.
    const child = spawn(RUNNER, [exe, ...args], {
      env: { ...process.env, ZCRM_BRIDGE_HOME: `Z:${state.replaceAll('/', '\\')}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout = [];
    let stderr = '';
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        inspect(state);
        resolve({ code, answers: unframe(Buffer.concat(stdout)), stderr });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(state, { recursive: true, force: true });
      }
    });
    child.stdin.end(Buffer.concat(messages.map(frame)));
  });
}

const hello = (args) => run(args, [{ id: 1, type: 'hello' }]);

test('Chromium on Windows: origin and --parent-window=, hello answered', { skip, timeout: 120000 }, async () => {
  const { code, answers, stderr } = await hello([`chrome-extension://${CHROMIUM_ID}/`, '--parent-window=0']);
  assert.equal(code, 0, stderr);
  assert.equal(answers.length, 1);
  assert.equal(answers[0].id, 1);
  assert.equal(answers[0].ok, true, JSON.stringify(answers[0]));
  assert.equal(answers[0].protocol, 1);
  assert.equal(answers[0].caller, `chromium:${CHROMIUM_ID}`);
});

test('Firefox on Windows: manifest path and add-on ID, hello answered', { skip, timeout: 120000 }, async () => {
  const manifest = 'C:\\Program Files\\zcrm-bridge\\firefox.json';
  const { code, answers, stderr } = await hello([manifest, GECKO_ID]);
  assert.equal(code, 0, stderr);
  assert.equal(answers.length, 1);
  assert.equal(answers[0].ok, true, JSON.stringify(answers[0]));
  assert.equal(answers[0].caller, `firefox:${GECKO_ID}`);
});

test('a caller config.json does not allow is FORBIDDEN, in a well-formed frame', { skip, timeout: 120000 }, async () => {
  const { answers } = await hello([`chrome-extension://${'a'.repeat(32)}/`, '--parent-window=0']);
  assert.equal(answers.length, 1);
  assert.equal(answers[0].error?.code, 'FORBIDDEN', JSON.stringify(answers[0]));
});

test('a token stored through the .exe reads back, and no state file holds it in clear', { skip, timeout: 120000 },
  async () => {
    const token = `1000.${'w'.repeat(40)}`;
    const store = { id: 1, type: 'token.store', client_id: '1000.ABC', dc: 'us', source: 'login',
      token: { access_token: token, expires_in: '3600', api_domain: 'https://www.zohoapis.com' } };
    const get = { id: 2, type: 'token.get', client_id: '1000.ABC', dc: 'us' };
    let files = [];
    let inClear = [];
    const { code, answers, stderr } = await run([`chrome-extension://${CHROMIUM_ID}/`, '--parent-window=0'],
      [store, get], (state) => {
        files = readdirSync(state, { recursive: true }).map((f) => path.join(state, f))
          .filter((f) => statSync(f).isFile());
        inClear = files.filter((f) => readFileSync(f).includes(token));
      });
    assert.equal(code, 0, stderr);
    assert.equal(answers.length, 2);
    assert.equal(answers[0].ok, true, JSON.stringify(answers[0]));
    assert.equal(answers[1].access_token, token, JSON.stringify(answers[1]));
    assert.ok(files.some((f) => /vault-key-[0-9a-f]+\.dpapi$/.test(f)), `no DPAPI-sealed key among ${files}`);
    assert.deepEqual(inClear, []);
    assert.ok(!stderr.includes(token), 'the token reached stderr');
  });

// install.ps1 -System writes config.json beside the host in %ProgramFiles%\zcrm-bridge (administrators only): one file
// for every user of the machine who has no config.json of their own in %LOCALAPPDATA%\zcrm-bridge.
test('a config.json beside the program serves a user whose state folder has none', { skip, timeout: 120000 },
  async () => {
    const program = mkdtempSync(path.join(tmpdir(), 'zcrm-win-program-'));
    try {
      const exe = path.join(program, 'zcrm-bridge.exe');
      copyFileSync(EXE, exe);
      const chromium = [`chrome-extension://${CHROMIUM_ID}/`, '--parent-window=0'];
      // Without it, no extension is allowed: the same copy, the same empty state folder.
      const before = await run(chromium, [{ id: 1, type: 'hello' }], () => {}, { exe, stateConfig: false });
      assert.equal(before.answers[0]?.error?.code, 'FORBIDDEN', JSON.stringify(before.answers));
      writeFileSync(path.join(program, 'config.json'), ALLOW_BOTH);
      const after = await run(chromium, [{ id: 1, type: 'hello' }], () => {}, { exe, stateConfig: false });
      assert.equal(after.answers[0]?.ok, true, JSON.stringify(after.answers));
      assert.equal(after.answers[0].caller, `chromium:${CHROMIUM_ID}`);
    } finally {
      rmSync(program, { recursive: true, force: true });
    }
  });
