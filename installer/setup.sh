#!/usr/bin/env bash
# The one set-up command: installs the Debian packages, builds the host and the extension packages, registers the
# host with every browser found for this user, then runs the demo (fake Zoho on loopback, Chromium with the
# extension, screenshots). With ZCRM_CLIENT_ID set it sets up for real use instead of the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
node extension/tools/package.mjs

if [ -x installer/install.sh ]; then
  ./installer/install.sh --host "$PWD/build/host/zcrm-bridge"
fi

if [ -n "${ZCRM_CLIENT_ID:-}" ]; then
  cat <<MSG

zcrm-bridge is set up for real use.
  1. Load the extension: chrome://extensions -> Developer mode -> Load unpacked -> $PWD/build/extension/chromium
     (Firefox: about:debugging -> Load Temporary Add-on -> $PWD/build/extension/zcrm-bridge-firefox-*.zip)
  2. In its options, enter the client ID $ZCRM_CLIENT_ID and register the redirect URL shown there at Zoho.
  3. Check the set-up at any time with: $PWD/build/host/zcrm-bridge doctor
MSG
  exit 0
fi

echo
echo "Running the demo (no Zoho account needed; everything stays on this machine)..."
node demo/demo.mjs
