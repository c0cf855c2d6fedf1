#!/usr/bin/env bash
# The first command: only the product. Installs the Debian packages it needs, builds the host, the keyring helper,
# the manifests and the extension packages (no tests), copies the host to ~/.local/lib/zcrm-bridge with
# ~/.local/bin/zcrm-bridge linked to it, registers that copy with every browser found (the clone can then move or
# go), and runs the demo: the bundled fake Zoho on loopback, Chromium with the extension, screenshots.
# With ZCRM_CLIENT_ID (and optionally ZCRM_DC, ZCRM_SCOPES, ZCRM_WEB_APPS; installer/settings-from-env.mjs) it sets
# up for real use instead: those settings go where the extension picks them up, with no options page to fill in.
# installer/uninstall.sh removes everything this wrote. README.md, "The two commands", lists it all.
set -euo pipefail
cd "$(dirname "$0")/.."

START=$SECONDS
STEPS=5
step() {
  local s=$((SECONDS - START))
  printf '\n[%d/%d, %d:%02d] %s\n' "$1" "$STEPS" $((s / 60)) $((s % 60)) "$2"
}

settings=""
if [ -n "${ZCRM_CLIENT_ID:-}" ]; then
  # Checked before anything is installed: a typo should cost seconds, not a build. Node may not be there yet.
  if command -v node >/dev/null; then
    settings=$(node installer/settings-from-env.mjs) || exit 2
  fi
fi

step 1 "Debian packages and JavaScript tools (installer/deps.sh --product)"
./installer/deps.sh --product
if [ -n "${ZCRM_CLIENT_ID:-}" ] && [ -z "$settings" ]; then settings=$(node installer/settings-from-env.mjs) || exit 2; fi

step 2 "Building the host, the keyring helper and the manifests (no tests)"
cmake --preset product >/dev/null
cmake --build --preset product --parallel "$(nproc)"

step 3 "Packaging the extension (release and test flavours, build/extension)"
node extension/tools/package.mjs

step 4 "Installing the host for $(id -un) and registering it with the browsers found"
./installer/install.sh --install-host --extension build/extension --host build/host/zcrm-bridge
host="$HOME/.local/bin/zcrm-bridge"
share="$HOME/.local/share/zcrm-bridge/extension"

if [ -n "$settings" ]; then
  step 5 "Your organisation's settings for the extension (client ID $ZCRM_CLIENT_ID)"
  file="${XDG_CONFIG_HOME:-$HOME/.config}/zcrm-bridge/settings.json"
  printf '%s\n' "$settings" >"$file"
  echo "Settings written to $file:"
  sed 's/^/  /' "$file"
  if ./installer/install.sh --help | grep -q -- '--managed FILE'; then
    # Browser policy is machine-wide (the folders under /etc): writing it needs root.
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo ./installer/install.sh --managed "$file"
    : >"${file%/*}/policy-written-by-setup"  # installer/uninstall.sh removes that policy again
    managed="The extension reads them as settings set by your organisation: no options page to fill in."
  else
    managed="This version cannot write them as browser policy yet: open the extension's options and enter them there."
  fi
  cat <<MSG

zcrm-bridge is set up for real use ($((SECONDS - START)) s).
  $managed
  1. Load the extension: chrome://extensions -> Developer mode -> Load unpacked -> $share/chromium
     (Firefox: about:debugging -> This Firefox -> Load Temporary Add-on -> $share/zcrm-bridge-firefox.zip;
     a temporary add-on is gone after a restart until the package is signed at addons.mozilla.org)
  2. At Zoho's API console, register the redirect URL the options page shows for the client ID.
  3. Check the set-up at any time with: $host doctor
  Remove everything again with: installer/uninstall.sh
MSG
  exit 0
fi

step 5 "The demo (no Zoho account needed; everything stays on this machine)"
node demo/demo.mjs
s=$((SECONDS - START))
cat <<MSG

Set up in $((s / 60)) min $((s % 60)) s. The host is $host (registered with your browsers); the extension to load
unpacked is $share/chromium. Check the set-up with: zcrm-bridge doctor. Remove it all with: installer/uninstall.sh
MSG
