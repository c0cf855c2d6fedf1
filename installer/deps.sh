#!/usr/bin/env bash
# Installs what zcrm-bridge needs on Debian 12. Idempotent: packages already present are not fetched again.
#   installer/deps.sh            everything the tests need too (tests/run-all.sh): test libraries, Firefox ESR, Xvfb,
#                                clang for the sanitizer and fuzz builds, a keyring daemon, and the --windows set
#   installer/deps.sh --product  only what building the product and running the demo need (installer/setup.sh)
#   installer/deps.sh --windows  the Windows cross-build (issue 18) alone: mingw-w64, wine, msitools and wixl (the
#                                MSI), and what installer/windows/build-libsodium.sh needs to build libsodium from
#                                Debian's source
# apt reports progress: a line per tenth of its download and of its installation, never minutes of silence.
set -euo pipefail
cd "$(dirname "$0")/.."

product=(build-essential cmake pkg-config nlohmann-json3-dev libsodium-dev libsecret-1-dev nodejs npm chromium python3)
for_tests=(clang-format shellcheck libboost-dev libboost-filesystem-dev libgtest-dev libgmock-dev firefox-esr xvfb xauth
  dpkg-dev clang libclang-rt-14-dev gnome-keyring dbus-daemon libglib2.0-bin sqlite3)
# The Windows host, cross-built and tested under wine by tests/windows/run.sh (a step of tests/run-all.sh).
windows=(g++-mingw-w64-x86-64-posix wine64 msitools wixl googletest dpkg-dev autoconf automake libtool
  nlohmann-json3-dev)
case "${1:-}" in
  --product) packages=("${product[@]}") ;;
  --windows) packages=("${windows[@]}") ;;
  "") packages=("${product[@]}" "${for_tests[@]}" "${windows[@]}") ;;
  *) echo "usage: installer/deps.sh [--product|--windows]" >&2; exit 64 ;;
esac

missing=()
for p in "${packages[@]}"; do
  # A node that did not come from Debian (e.g. /usr/local/bin/node) is fine as it is.
  case "$p" in nodejs|npm) command -v node >/dev/null && command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# apt's machine-readable status (APT::Status-Fd) on stdout, its errors in a log shown only when it fails.
apt_progress() {
  awk '
    /^(dlstatus|pmstatus):/ {
      phase = ($0 ~ /^dlstatus/) ? "downloading" : "installing"
      split($0, f, ":"); pct = int(f[3]); what = $0; sub(/^[^:]*:[^:]*:[^:]*:/, "", what)
      if (phase != last || int(pct / 10) > tenth) {
        printf "  apt: %-11s %3d%%  %s\n", phase, pct, what; fflush()
        last = phase; tenth = int(pct / 10)
      }
    }'
}
apt_get() {  # arguments of apt-get
  local log status=0
  log=$(mktemp "${TMPDIR:-/tmp}/zcrm-apt-XXXXXX")
  ${sudo:+"$sudo"} env DEBIAN_FRONTEND=noninteractive apt-get -q -o APT::Status-Fd=1 -o Dpkg::Use-Pty=0 "$@" 2>"$log" |
    apt_progress || status=$?
  if [ "$status" != 0 ]; then
    echo "apt-get $1 failed (exit $status); its last lines:" >&2
    tail -n 20 "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps.sh: run as root or install sudo: ${missing[*]} are missing" >&2; exit 1; }
    sudo=sudo
  fi
  echo "Installing ${#missing[@]} Debian packages (${missing[*]}); on a fresh machine this downloads a few hundred MB."
  apt_get update
  apt_get install -y "${missing[@]}"
else
  echo "Debian packages: all ${#packages[@]} present."
fi
# No test tool may download a browser: Debian's chromium and firefox-esr are used.
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "JavaScript tools (npm ci: web-ext, playwright-core, puppeteer-core, typescript)..."
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
else
  echo "JavaScript tools: up to date."
fi
