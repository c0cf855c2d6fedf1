#!/usr/bin/env bash
# The program integration_wine_tests starts for every host (tests/CMakeLists.txt, ZCRM_HOST_BINARY): zcrm-bridge.exe
# under wine64, started as a browser on Windows starts it, in the wine prefix tests/windows/integration-under-wine.sh
# made (WINEPREFIX, its wineserver already running).
#   - ZCRM_BRIDGE_HOME, the test's Linux temp folder, is passed as its Windows name (wine maps / to Z:).
#   - Chromium on Windows passes --parent-window=<window handle> after the origin; Firefox passes the manifest's
#     Windows path. The tests give the Linux form (tests/integration/state_dir.cpp, ChromiumArgs/FirefoxArgs).
#   - exec, so the pid the test holds is the Windows process itself: kill -9 and the exit status are the host's.
# ZCRM_WINDOWS_HOST names another .exe (default: build-windows/host/zcrm-bridge.exe of this clone).
set -euo pipefail
: "${WINEPREFIX:?host-under-wine.sh runs inside tests/windows/integration-under-wine.sh}"
exe=${ZCRM_WINDOWS_HOST:-$(dirname "$0")/../../build-windows/host/zcrm-bridge.exe}

windows_path() {
  local path=$1
  printf 'Z:%s' "${path//\//\\}"
}

if [ -n "${ZCRM_BRIDGE_HOME-}" ]; then ZCRM_BRIDGE_HOME=$(windows_path "$ZCRM_BRIDGE_HOME"); fi
args=("$@")
case "${1-}" in
  chrome-extension://*) if (($# == 1)); then args+=(--parent-window=0); fi ;;
  /*.json) if (($# == 2)); then args[0]=$(windows_path "$1"); fi ;;
esac
exec wine "$exe" "${args[@]}"
