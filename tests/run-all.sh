#!/usr/bin/env bash
# Every test of zcrm-bridge: installs what is missing, checks the sources first as that takes seconds
# (tests/gates.sh: clang-format drift, shellcheck, eslint), builds (tests included: installer/setup.sh builds the
# same build/ folder without them), then
#   ctest (tests/ctest.sh): C++ unit, integration (the real binary), fault-injection and keyring tests, in a /tmp of
#     their own that must be empty afterwards, with readable test names;
#   node --test: the extension's pure logic, the fake Zoho, the per-browser packages, the host's include layering;
#   the installer suite (the .deb too when run as root, as CI does; ZCRM_TEST_DEB=0 leaves it out);
#   the Windows host (tests/windows/run.sh): libsodium built for Windows, zcrm-bridge.exe and the platform layer's
#     unit tests cross-built, run under wine64, the .exe's hello under wine64, the MSI built and its contents checked;
#   end-to-end tests in headless Chromium and Firefox ESR with the real host;
#   the benchmark in --quick mode (runs, not judged);
#   hardening (tests/run-hardening.sh): the C++ suite under ASan+UBSan (leaks included), short libFuzzer runs, and
#     the C++ suite built with the release optimisation (-O3).
# ZCRM_SKIP_HARDENING=1 leaves out the hardening run (about 20-25 minutes on 2 cores), for quick local runs only.
set -euo pipefail
cd "$(dirname "$0")/.."
./installer/deps.sh
tests/gates.sh
cmake --preset default >/dev/null
cmake --build --preset default
tests/ctest.sh --preset default
npm run --silent test:unit
tests/installer/run.sh
tests/windows/run.sh
npm run --silent test:e2e
bench/run.sh --quick   # proves the benchmark runs; numbers are not judged here
if [ "${ZCRM_SKIP_HARDENING:-0}" = 1 ]; then
  echo "run-all: hardening skipped (ZCRM_SKIP_HARDENING=1); CI always runs it" >&2
else
  tests/run-hardening.sh
fi
