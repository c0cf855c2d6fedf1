#!/usr/bin/env bash
# Runs a Windows test program under wine64 in a wine prefix of its own (a temp folder, removed afterwards), so
# no test touches ~/.wine or the real $HOME.
#   tests/windows/run-under-wine.sh PROGRAM.exe [ARGUMENTS...]
# Exit 77 with a message when wine64 is not installed (installer/deps.sh --windows installs it). Debian's wine64
# package puts its loader and wineserver in /usr/lib/wine; `wine` is the launcher in PATH.
set -euo pipefail
((${#@})) || { echo "usage: tests/windows/run-under-wine.sh PROGRAM.exe [ARGUMENTS...]" >&2; exit 64; }
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
if ! command -v wine >/dev/null || { [ ! -x /usr/lib/wine/wine64 ] && ! command -v wine64 >/dev/null; }; then
  echo "SKIP: wine64 is not installed (installer/deps.sh --windows); $1 not run" >&2
  exit 77
fi
prefix=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-wine-XXXXXX")
# The prefix's own wineserver must be gone before its folder is removed.
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  WINEPREFIX="$prefix" "$wineserver" -k 2>/dev/null || true
  WINEPREFIX="$prefix" "$wineserver" -w 2>/dev/null || true
  rm -rf "$prefix"
}
trap cleanup EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" HOME="$prefix"
# Making the prefix prints wine's setup chatter; only the program's own output matters.
wine wineboot --init >/dev/null 2>&1
code=0
wine "$@" || code=$?
exit "$code"
