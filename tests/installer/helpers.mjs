// Shared by the installer tests: temporary HOMEs, running install.sh and `zcrm-bridge doctor` with nothing but
// that HOME in their environment, and listings (path, mode, content hash) to compare folders before and after.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = process.env.ZCRM_BUILD_DIR ?? path.join(ROOT, 'build');
const built = path.join(BUILD, 'host/zcrm-bridge');
/** The built host, with symbolic links resolved the way the installer resolves --host. */
export const BUILT_HOST = existsSync(built) ? realpathSync(built) : built;
export const INSTALLER = path.join(ROOT, 'installer/install.sh');
export { CHROMIUM_ID, GECKO_ID, HOST_NAME } from '../../manifests/identity.mjs';

/** text as a regular expression matching exactly it (for names from identity.env inside patterns). */
export const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Where each browser reads its per-user manifest on Linux, written out by hand (not read from browsers.tsv).
export const USER_FOLDERS = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  vivaldi: '.config/vivaldi/NativeMessagingHosts',
  opera: '.config/opera/NativeMessagingHosts',
  'chrome-beta': '.config/google-chrome-beta/NativeMessagingHosts',
  'chrome-dev': '.config/google-chrome-unstable/NativeMessagingHosts',
  'chrome-canary': '.config/google-chrome-canary/NativeMessagingHosts',
  'ungoogled-chromium': '.config/chromium/NativeMessagingHosts',  // Chromium's own folder
  thorium: '.config/thorium/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
  librewolf: '.librewolf/native-messaging-hosts',
  floorp: '.floorp/native-messaging-hosts',
  zen: '.mozilla/native-messaging-hosts',  // Firefox's folder: Zen does not read ~/.zen
  waterfox: '.waterfox/native-messaging-hosts',
};
export const BROWSERS = Object.keys(USER_FOLDERS);
export const FIREFOX_FAMILY = new Set(['firefox', 'librewolf', 'floorp', 'zen', 'waterfox']);
/** The per-user folders, each once (browsers that share a folder share its manifest). */
export const DISTINCT_USER_FOLDERS = [...new Set(Object.values(USER_FOLDERS))];

const made = [];
/** A fresh temporary folder (removed by cleanupAll). */
export function tempDir(prefix = 'home') {
  const dir = mkdtempSync(path.join(tmpdir(), `zcrm-installer-${prefix}-`));
  made.push(dir);
  return dir;
}
export function cleanupAll() {
  while (made.length) rmSync(made.pop(), { recursive: true, force: true });
}

/**
 * A fresh HOME and the host to register: the built one, or with copy a copy of it at <home>/opt-zcrm-bridge (for
 * tests that break the host itself).
 */
export function homeWithHost({ copy = false } = {}) {
  const home = tempDir();
  if (!copy) return { home, host: BUILT_HOST };
  const host = path.join(home, 'opt-zcrm-bridge');
  copyFileSync(BUILT_HOST, host);
  chmodSync(host, 0o755);
  return { home, host };
}

/** The environment a person's shell would give: PATH and HOME, nothing that points at a real state folder. */
export function envFor(home, extra = {}) {
  return { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', ...extra };
}

export function run(command, args, env, input, timeout = 60_000) {
  const r = spawnSync(command, args, { env, encoding: 'utf8', input, timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function install(args, env) {
  return run('bash', [INSTALLER, ...args], env);
}

/** Runs install.sh and fails the test with its output when it does not succeed. */
export function installOk(args, env) {
  const r = install(args, env);
  if (r.status !== 0) throw new Error(`install.sh ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `zcrm-bridge doctor --json ...`: { status, report, failures: [{scope, check, detail, fix}] }. */
export function doctor(host, args, env) {
  const r = run(host, ['doctor', '--json', ...args], env);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`doctor printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, failures: report.checks.filter((c) => c.status === 'fail') };
}

/** Every entry under dir: "relative-path mode [sha256 | -> target]", sorted. */
export function listing(dir) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const full = path.join(dir, r);
      const st = lstatSync(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.push(`${r} ${mode} -> ${readlinkSync(full)}`);
      else if (st.isDirectory()) {
        out.push(`${r}/ ${mode}`);
        walk(r);
      } else out.push(`${r} ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk('');
  return out;
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
