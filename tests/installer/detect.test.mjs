// With no --browser the installer takes the browsers it finds; Flatpak and Snap copies get concrete advice.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { HOST_NAME, cleanupAll, doctor, envFor, homeWithHost, install, installOk, listing, literal, tempDir } from './helpers.mjs';

after(cleanupAll);

/** A PATH with only the tools the installer needs, plus stand-ins for the named browser programs. */
function barePath(programs = []) {
  const bin = tempDir('bin');
  for (const tool of ['bash', 'awk', 'sed', 'cat', 'cksum', 'mkdir', 'chmod', 'mv', 'rm', 'cp', 'rmdir', 'dirname',
    'basename', 'date', 'head', 'grep', 'find', 'id', 'uname', 'env']) {
    symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  }
  for (const p of programs) {
    writeFileSync(path.join(bin, p), '#!/bin/sh\n');
    chmodSync(path.join(bin, p), 0o755);
  }
  return bin;
}

test('finds browsers by program on PATH and by settings folder', () => {
  const { home, host } = homeWithHost();
  mkdirSync(path.join(home, '.librewolf'));
  const env = envFor(home, { PATH: barePath(['vivaldi-stable', 'microsoft-edge']) });
  const r = installOk(['--dry-run', '--host', host], env);
  assert.match(r.stdout, /^Browsers found: edge vivaldi librewolf$/m);
  const real = installOk(['--host', host], env);
  assert.equal([...real.stdout.matchAll(new RegExp(`^wrote .*${literal(HOST_NAME)}\\.json$`, 'gm'))].length, 3);
  assert.equal(doctor(host, [], env).status, 0);
});

test('Zen and ungoogled-chromium are found by their own folder or program, not by the browser whose folder they read', () => {
  const { home, host } = homeWithHost();
  mkdirSync(path.join(home, '.mozilla'));
  mkdirSync(path.join(home, '.config/chromium'), { recursive: true });
  const bare = envFor(home, { PATH: barePath() });
  assert.match(installOk(['--dry-run', '--host', host], bare).stdout, /^Browsers found: chromium firefox$/m);
  mkdirSync(path.join(home, '.zen'));
  const both = envFor(home, { PATH: barePath(['ungoogled-chromium']) });
  assert.match(installOk(['--dry-run', '--host', host], both).stdout,
    /^Browsers found: chromium ungoogled-chromium firefox zen$/m);
  // One manifest each for the two folders, whoever reads them.
  const real = installOk(['--host', host], both);
  assert.equal([...real.stdout.matchAll(new RegExp(`^wrote .*${literal(HOST_NAME)}\\.json$`, 'gm'))].length, 2);
  assert.equal(doctor(host, [], both).status, 0);
});

test('the new browsers are found by their programs or settings folders', () => {
  const { home, host } = homeWithHost();
  for (const dir of ['.config/google-chrome-beta', '.config/thorium', '.floorp', '.waterfox']) {
    mkdirSync(path.join(home, dir), { recursive: true });
  }
  const env = envFor(home, { PATH: barePath(['google-chrome-unstable', 'google-chrome-canary']) });
  assert.match(installOk(['--dry-run', '--host', host], env).stdout,
    /^Browsers found: chrome-beta chrome-dev chrome-canary thorium floorp waterfox$/m);
});

test('a Flatpak Firefox fork gets the folder of its own name inside the sandbox', () => {
  const { home, host } = homeWithHost();
  mkdirSync(path.join(home, '.var/app/io.gitlab.librewolf-community'), { recursive: true });
  mkdirSync(path.join(home, '.var/app/io.github.ungoogled_software.ungoogled_chromium'), { recursive: true });
  const r = installOk(['--browser', 'firefox', '--host', host], envFor(home));
  assert.ok(r.stdout.includes(`${home}/.var/app/io.gitlab.librewolf-community/.librewolf/native-messaging-hosts/`), r.stdout);
  assert.ok(r.stdout.includes(
    `${home}/.var/app/io.github.ungoogled_software.ungoogled_chromium/config/chromium/NativeMessagingHosts/`), r.stdout);
});

test('no browser found: says so, writes nothing, exits non-zero', () => {
  const { home, host } = homeWithHost();
  const before = listing(home);
  const r = install(['--host', host], envFor(home, { PATH: barePath() }));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no supported browser found; name one with --browser/);
  assert.deepEqual(listing(home), before);
});

test('a Flatpak browser gets the flatpak-spawn workaround with real paths', () => {
  const { home, host } = homeWithHost();
  mkdirSync(path.join(home, '.var/app/com.brave.Browser'), { recursive: true });
  mkdirSync(path.join(home, '.var/app/org.mozilla.firefox'), { recursive: true });
  const r = installOk(['--browser', 'chromium', '--host', host], envFor(home));
  assert.match(r.stdout, /brave is installed as the Flatpak com\.brave\.Browser/);
  assert.ok(r.stdout.includes('flatpak override --user --talk-name=org.freedesktop.Flatpak com.brave.Browser'));
  assert.ok(r.stdout.includes(`exec flatpak-spawn --host ${host} "$@"`));
  assert.ok(r.stdout.includes(`${home}/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser/NativeMessagingHosts/`));
  assert.ok(r.stdout.includes(`${home}/.var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts/`));
  const d = doctor(host, ['--browser', 'brave'], envFor(home));
  assert.ok(d.report.checks.some((c) => c.check === 'browser.sandbox' && c.status === 'warn'));
});

test('Snap browsers: Chromium cannot start hosts, Firefox goes through the portal', () => {
  const { home, host } = homeWithHost();
  const snapBin = tempDir('snap');
  for (const name of ['chromium', 'firefox']) writeFileSync(path.join(snapBin, name), '');
  const r = installOk(['--browser', 'firefox', '--host', host], envFor(home, { ZCRM_INSTALLER_SNAP_BIN: snapBin }));
  assert.match(r.stdout, /chromium is a Snap .* Snap confinement stops it from starting host programs/s);
  assert.match(r.stdout, /install the vendor's \.deb .* of chromium/s);
  assert.match(r.stdout, /firefox is a Snap\. It starts hosts through the WebExtensions portal/);
});
