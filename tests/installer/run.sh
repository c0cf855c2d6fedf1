#!/usr/bin/env bash
# The installer suite (node --test): per-user installs into temporary HOMEs checked by `zcrm-bridge doctor`, each
# thing doctor checks broken in turn, uninstall and dry-run leaving no trace, the folder/key tables, the Chromium
# launch against what the installer wrote, and the Debian package (only as root, and not with ZCRM_TEST_DEB=0: it
# installs the package with dpkg and removes it again). Uses the host built in $ZCRM_BUILD_DIR (default: build/).
set -euo pipefail
cd "$(dirname "$0")/../.."
export ZCRM_BUILD_DIR="${ZCRM_BUILD_DIR:-$PWD/build}"
# Hosts started here must never reach the desktop keyring of the person running the tests.
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR
if [ ! -x "$ZCRM_BUILD_DIR/host/zcrm-bridge" ]; then
  echo "tests/installer: no host at $ZCRM_BUILD_DIR/host/zcrm-bridge; build first (cmake --build --preset default)" >&2
  exit 1
fi
# The .deb test writes the system folders (/etc/chromium/native-messaging-hosts, ...) that doctor also reads, so it
# runs alone, after the others: in parallel, a doctor test expecting "no manifest" would find the package's.
tests=()
for t in tests/installer/*.test.mjs; do [ "$t" = tests/installer/deb.test.mjs ] || tests+=("$t"); done
node --test --test-concurrency="${ZCRM_TEST_JOBS:-2}" "${tests[@]}"
exec node --test tests/installer/deb.test.mjs
