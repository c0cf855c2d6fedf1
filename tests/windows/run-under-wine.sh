#!/usr/bin/env bash
# Runs a Windows test program under wine64 in a wine prefix of its own (a temp folder, removed afterwards), so
# no test touches ~/.wine or the real $HOME.
#   tests/windows/run-under-wine.sh PROGRAM.exe [ARGUMENTS...]
# Exit 77 with a message when wine64 is not installed (installer/deps.sh --windows installs it).
set -euo pipefail
((${#@})) || { echo "usage: tests/windows/run-under-wine.sh PROGRAM.exe [ARGUMENTS...]" >&2; exit 64; }
# shellcheck source-path=SCRIPTDIR source=wine-prefix.sh
. "$(dirname "$0")/wine-prefix.sh"
wine_prefix_check "$1"
trap wine_prefix_remove EXIT
wine_prefix_make
export HOME="$WINEPREFIX"
code=0
wine "$@" || code=$?
exit "$code"
