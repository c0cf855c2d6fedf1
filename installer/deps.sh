#!/usr/bin/env bash
# Installs what building and testing zcrm-bridge needs on Debian 12: compiler, libraries, browsers, npm packages.
# Idempotent: packages already present are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config clang-format nlohmann-json3-dev libsodium-dev libboost-dev
  libboost-filesystem-dev libgtest-dev libgmock-dev nodejs npm chromium firefox-esr xvfb xauth dpkg-dev
  clang libclang-rt-14-dev libsecret-1-dev gnome-keyring dbus-daemon libglib2.0-bin sqlite3 python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A node that did not come from Debian (e.g. /usr/local/bin/node) is fine as it is.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# No test tool may download a browser: Debian's chromium and firefox-esr are used.
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
