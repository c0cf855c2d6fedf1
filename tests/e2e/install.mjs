// The real installer for the browser tests: registers the built host for Chromium in a temporary HOME and in the
// folder a Chromium started with --user-data-dir=<profile> reads (<profile>/NativeMessagingHosts, then the
// system folder; ~/.config/chromium is not read then). Nothing outside home, profile and stateDir is touched.

import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = process.env.ZCRM_BUILD_DIR ?? path.join(ROOT, 'build');
export const INSTALLER = path.join(ROOT, 'installer/install.sh');
import { HOST_NAME } from '../../manifests/identity.mjs';

export { HOST_NAME };

/**
 * process.env without the desktop session bus: a host started by a test must never put its key in the keyring of
 * the person running the tests (tests/keyring brings a private one).
 */
export function testEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.XDG_RUNTIME_DIR;
  return env;
}

/** HOME and the state folder only: no XDG_CONFIG_HOME or ZCRM_BRIDGE_HOME of the person running the tests. */
function installerEnv(home, stateDir) {
  const env = testEnv({ HOME: home, ZCRM_BRIDGE_HOME: stateDir });
  delete env.XDG_CONFIG_HOME;
  return env;
}

/**
 * Runs `installer/install.sh --browser chromium --profile-dir <profile> --host <host>` with HOME=<home>.
 * @param {object} o
 * @param {string} o.home      temporary HOME (the installer writes <home>/.config/chromium/NativeMessagingHosts)
 * @param {string} o.profile   the Chromium --user-data-dir (must exist)
 * @param {string} [o.stateDir] the host's state folder (ZCRM_BRIDGE_HOME); default <home>/.config/zcrm-bridge
 * @param {string} [o.host]    the host program; default <build>/host/zcrm-bridge
 * @param {object} [o.limits]  "limits" for config.json, put there before installing (the installer keeps it)
 * @returns {Promise<{manifest: string, manifests: string[], config: string, allowedExtensions: string[],
 *   stateDir: string, host: string, env: {HOME: string, ZCRM_BRIDGE_HOME: string}, written: string[],
 *   output: string}>} manifest: the one in the profile; manifests: every manifest written; written: every file;
 *   env: what to add to the browser's environment so the host finds this state folder.
 */
export async function installForChromiumTest({ home, profile, stateDir, host, limits }) {
  const state = stateDir ?? path.join(home, '.config/zcrm-bridge');
  const hostPath = host ?? path.join(BUILD, 'host/zcrm-bridge');
  if (limits) {
    await mkdir(state, { recursive: true });
    await chmod(state, 0o700);
    await writeFile(path.join(state, 'config.json'), JSON.stringify({ limits }, null, 2));
  }
  const { stdout } = await run('bash', [INSTALLER, '--browser', 'chromium', '--profile-dir', profile,
    '--host', hostPath], { env: installerEnv(home, state) });
  const record = await readFile(path.join(state, 'installed-files'), 'utf8');
  const written = record.split('\n').filter((l) => l.startsWith('file\t')).map((l) => l.split('\t')[1]);
  const config = path.join(state, 'config.json');
  const manifests = written.filter((f) => f.endsWith(`/${HOST_NAME}.json`));
  const manifest = manifests.find((f) => f.startsWith(path.join(profile, 'NativeMessagingHosts') + path.sep)) ??
    path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  return {
    manifest, manifests, config,
    allowedExtensions: JSON.parse(await readFile(config, 'utf8')).allowed_extensions,
    stateDir: state, host: JSON.parse(await readFile(manifest, 'utf8')).path,
    env: { HOME: home, ZCRM_BRIDGE_HOME: state }, written: [...new Set(written)], output: stdout,
  };
}

/** Runs `installer/install.sh --uninstall` for what installForChromiumTest wrote. */
export async function uninstallForTest({ home, stateDir }) {
  const state = stateDir ?? path.join(home, '.config/zcrm-bridge');
  const { stdout } = await run('bash', [INSTALLER, '--uninstall'], { env: installerEnv(home, state) });
  return stdout;
}
