#!/usr/bin/env bash
# The host's integration tests (tests/integration) against zcrm-bridge.exe under wine64 (issue 18):
# integration_wine_tests (built by the default preset) starts every host through tests/windows/host-under-wine.sh,
# and runs every test but those tests/windows/integration-under-wine.txt lists, each there with the reason it
# cannot hold on Windows. One wine prefix for the whole run (a temp folder, removed afterwards) with one wineserver
# kept alive, so each of the few hundred hosts starts in a fraction of a second.
#   tests/windows/integration-under-wine.sh [GTEST_ARGUMENTS...]    (a --gtest_filter given there replaces the list's)
# Needs build-windows/host/zcrm-bridge.exe (cmake --preset windows && cmake --build --preset windows).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR source=wine-prefix.sh
. tests/windows/wine-prefix.sh
tests=${ZCRM_WINE_INTEGRATION_TESTS:-build/tests/integration_wine_tests}
list=tests/windows/integration-under-wine.txt
[ -x "$tests" ] || { echo "integration-under-wine.sh: $tests is not built (cmake --build --preset default)" >&2; exit 1; }
exe=${ZCRM_WINDOWS_HOST:-build-windows/host/zcrm-bridge.exe}
[ -f "$exe" ] || { echo "integration-under-wine.sh: $exe is not built (cmake --build --preset windows)" >&2; exit 1; }
wine_prefix_check "$tests"

# Every test's full name, Suite.Test, from the binary itself.
mapfile -t names < <("$tests" --gtest_list_tests | awk '/^[^ ]/ { suite = $1 } /^  / { print suite $1 }')
# The list: a gtest pattern (Suite.Test or Suite.*), spaces, the reason. A pattern that matches no test any more
# (a test renamed or removed) fails the run, so the list cannot silently leave a test out or keep a dead line.
excluded=()
while read -r pattern reason; do
  [[ -z "$pattern" || "$pattern" == \#* ]] && continue
  [ -n "$reason" ] || { echo "$list: $pattern has no reason" >&2; exit 1; }
  matched=0
  for name in "${names[@]}"; do
    # shellcheck disable=SC2053  # the pattern is a glob on purpose, as gtest reads it
    if [[ "$name" == $pattern ]]; then matched=1; break; fi
  done
  ((matched)) || { echo "$list: $pattern matches no test of $tests" >&2; exit 1; }
  excluded+=("$pattern")
done <"$list"
filter="-$(IFS=:; echo "${excluded[*]}")"

trap wine_prefix_remove EXIT
wine_prefix_make
ZCRM_WINDOWS_HOST=$(realpath "$exe")
export ZCRM_WINDOWS_HOST
# As ctest runs the Linux ones (tests/CMakeLists.txt): no host reaches the desktop session's bus.
export XDG_RUNTIME_DIR=
unset DBUS_SESSION_BUS_ADDRESS
"$tests" --gtest_filter="$filter" "$@"
