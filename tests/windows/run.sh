#!/usr/bin/env bash
# The Windows checks of the README's test command (tests/run-all.sh), all on this machine (issue 18):
#   1. libsodium for Windows from Debian's source package (installer/windows/build-libsodium.sh; kept once built)
#   2. zcrm-bridge.exe cross-built (preset windows) and the platform layer's unit tests (preset windows-tests)
#   3. those unit tests under wine64, then the .exe answering hello under wine64 (hello-under-wine.test.mjs) and its
#      doctor checking registry keys written as install.ps1 writes them (doctor-under-wine.test.mjs)
#   4. the host's integration tests (tests/integration, built by the default preset) against the .exe under wine64,
#      but for those integration-under-wine.txt lists with the reason each cannot hold on Windows
#   5. the MSI built from that .exe with wixl (installer/windows/build-msi.sh), its contents checked with
#      msiinfo/msiextract (msi-contents.test.mjs), then installed, used and removed by wine's msiexec
#      (msi-under-wine.test.mjs)
# Needs installer/deps.sh --windows (run-all's installer/deps.sh installs those packages too). Each step prints the
# minutes:seconds since the start, so a slow step shows in CI's log.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
step() { printf 'tests/windows [%d:%02d] %s\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) "$*"; }

step "libsodium for x86_64-w64-mingw32"
installer/windows/build-libsodium.sh
step "cross-build: zcrm-bridge.exe (preset windows)"
cmake --preset windows >/dev/null
cmake --build --preset windows
step "cross-build: the platform layer's unit tests (preset windows-tests)"
cmake --preset windows-tests >/dev/null
cmake --build --preset windows-tests
step "unit tests under wine64"
tests/windows/run-under-wine.sh build-windows-tests/tests/windows/windows_platform_tests.exe
step "zcrm-bridge.exe under wine64: hello as Chromium and Firefox start it"
node --test tests/windows/hello-under-wine.test.mjs
step "zcrm-bridge.exe doctor under wine64: registry keys, manifests, a live hello"
node --test tests/windows/doctor-under-wine.test.mjs
step "the host's integration tests against zcrm-bridge.exe under wine64"
cmake --preset default >/dev/null
cmake --build --preset default --target integration_wine_tests
tests/windows/integration-under-wine.sh
step "the MSI (wixl) and its contents (msiinfo, msiextract)"
installer/windows/build-msi.sh build-windows/host/zcrm-bridge.exe build-windows/zcrm-bridge.msi
ZCRM_MSI=build-windows/zcrm-bridge.msi node --test tests/windows/msi-contents.test.mjs
step "the MSI installed and removed by wine's msiexec, the host answering through the keys it wrote"
ZCRM_MSI=build-windows/zcrm-bridge.msi node --test tests/windows/msi-under-wine.test.mjs
step "done"
