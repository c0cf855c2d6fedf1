// The MSI installed and removed by wine's msiexec in a wine prefix of its own (a temp folder): after the install,
// each browser's HKCU key names a manifest whose host, started as Firefox and Chromium start it, answers hello with
// the config.json the MSI put in the host's state folder (no ZCRM_BRIDGE_HOME); after the uninstall, no key, file
// or folder of the MSI is left, and what else is in the state folder (the vault) is. Skips, saying why,
// when wine64 or the MSI is not there. wine's msiexec is not Windows Installer: a real Windows run is still owed.
//   installer/windows/build-msi.sh && node --test tests/windows/msi-under-wine.test.mjs   (tests/windows/run.sh)
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frame, unframe } from './frames.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MSI = path.resolve(ROOT, process.env.ZCRM_MSI ?? 'build-windows/zcrm-bridge.msi');
const identity = Object.fromEntries(readFileSync(path.join(ROOT, 'manifests/identity.env'), 'utf8').split('\n')
  .filter((line) => /^ZCRM_[A-Z_]+=/.test(line)).map((line) => line.split('=')));
const HOST_NAME = identity.ZCRM_HOST_NAME;
// Chrome (and Brave), Chromium, Edge and Firefox: the four keys of installer/browsers.tsv's windows rows.
const KEYS = { chromium: ['Google\\Chrome', 'Chromium', 'Microsoft\\Edge'], firefox: ['Mozilla'] };

const hasWine = existsSync('/usr/bin/wine') && (existsSync('/usr/lib/wine/wine64') || existsSync('/usr/bin/wine64'));
const skip = !hasWine ? 'wine64 is not installed (installer/deps.sh --windows)'
  : !existsSync(MSI) ? `${MSI} is not built (installer/windows/build-msi.sh)` : false;

test('the MSI installs under wine, its keys lead browsers to a host that answers, and it uninstalls cleanly',
  { skip, timeout: 300000 }, () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'zcrm-wine-msi-'));
    const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', HOME: prefix };
    delete env.ZCRM_BRIDGE_HOME;  // the host must find the state folder the MSI wrote
    const wine = (args, input) => spawnSync('wine', args, { env, input, maxBuffer: 1 << 24 });
    // C:\ of the prefix as a Linux path, for reading what msiexec installed.
    const local = (winPath) => path.join(prefix, 'drive_c', winPath.replace(/^C:\\/i, '').replaceAll('\\', '/'));
    const defaultValue = (key) => {
      const out = wine(['reg', 'query', `HKCU\\SOFTWARE\\${key}\\NativeMessagingHosts\\${HOST_NAME}`, '/ve']);
      return out.status === 0 ? out.stdout.toString().match(/REG_SZ\s+(.+?)\s*$/m)?.[1] : undefined;
    };
    const msi = `Z:${MSI.replaceAll('/', '\\')}`;
    try {
      wine(['wineboot', '--init']);
      const install = wine(['msiexec', '/i', msi, '/qn']);
      assert.equal(install.status, 0, `msiexec /i: ${install.stderr}`);

      let stateDir;
      for (const [family, keys] of Object.entries(KEYS)) {
        for (const key of keys) {
          const manifestPath = defaultValue(key);
          assert.ok(manifestPath, `HKCU\\SOFTWARE\\${key}\\NativeMessagingHosts\\${HOST_NAME} is set`);
          assert.match(manifestPath, new RegExp(`\\\\AppData\\\\Local\\\\Programs\\\\zcrm-bridge\\\\${HOST_NAME}\\.${family}\\.json$`, 'i'));
          const manifest = JSON.parse(readFileSync(local(manifestPath), 'utf8'));
          assert.equal(manifest.name, HOST_NAME);
          // As the browsers do on Windows: a relative path is taken from the manifest's folder.
          const exe = `${manifestPath.slice(0, manifestPath.lastIndexOf('\\'))}\\${manifest.path}`;
          // What the browsers pass: the extension's own ID (identity.env), whatever the MSI's files say.
          const caller = family === 'firefox' ? [manifestPath, identity.ZCRM_GECKO_ID]
            : [`chrome-extension://${identity.ZCRM_CHROMIUM_EXTENSION_ID}/`, '--parent-window=0'];
          const run = wine([exe, ...caller], frame({ id: 1, type: 'hello' }));
          assert.equal(run.status, 0, `${exe}: ${run.stderr}`);
          const [answer] = unframe(run.stdout);
          assert.equal(answer?.ok, true, `${key}: ${JSON.stringify(answer)} ${run.stderr}`);
          stateDir = local(`${manifestPath.slice(0, manifestPath.indexOf('\\AppData\\Local\\') + 15)}zcrm-bridge`);
        }
      }
      assert.ok(readdirSync(stateDir).includes('config.json'), `the MSI's config.json in ${stateDir}`);
      // A hello stores nothing: a vault stands in for what the host keeps there once used.
      writeFileSync(path.join(stateDir, 'vault'), 'sealed');
      const before = readdirSync(stateDir);

      const uninstall = wine(['msiexec', '/x', msi, '/qn']);
      assert.equal(uninstall.status, 0, `msiexec /x: ${uninstall.stderr}`);
      for (const key of Object.values(KEYS).flat()) assert.equal(defaultValue(key), undefined, `${key}: key removed`);
      assert.notEqual(wine(['reg', 'query', 'HKCU\\Software\\zcrm-bridge']).status, 0, 'the MSI\'s own key removed');
      const programs = path.join(path.dirname(stateDir), 'Programs');
      assert.ok(!existsSync(path.join(programs, 'zcrm-bridge')), 'the program folder removed');
      const after = readdirSync(stateDir);
      assert.ok(!after.includes('config.json'), 'config.json removed');
      assert.deepEqual(after.sort(), before.filter((f) => f !== 'config.json').sort(), 'the host\'s own files stay');
    } finally {
      spawnSync('wineserver', ['-k'], { env });
      spawnSync('wineserver', ['-w'], { env });
      rmSync(prefix, { recursive: true, force: true });
    }
  });
