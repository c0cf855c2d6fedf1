#!/usr/bin/env bash
# Builds the per-user MSI of the Windows host with wixl (Debian package wixl, installer/deps.sh --windows) from
# installer/windows/zcrm-bridge.wxs and a cross-built zcrm-bridge.exe (preset windows).
#   installer/windows/build-msi.sh [HOST.exe [OUT.msi]]
#     defaults: build-windows/host/zcrm-bridge.exe and build-windows/zcrm-bridge.msi
# The host manifests and config.json are filled in from manifests/*.json.in with the names of
# manifests/identity.env, like install.sh and install.ps1 fill them; the version is CMakeLists.txt's project().
# What the MSI holds is checked by tests/windows/msi-contents.test.mjs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
exe=$(realpath -m "${1:-$repo/build-windows/host/zcrm-bridge.exe}")
out=$(realpath -m "${2:-$repo/build-windows/zcrm-bridge.msi}")
command -v wixl >/dev/null || { echo "build-msi.sh: wixl is missing (installer/deps.sh --windows)" >&2; exit 1; }
[ -f "$exe" ] || { echo "build-msi.sh: no $exe (cmake --preset windows && cmake --build --preset windows)" >&2; exit 1; }

# shellcheck source-path=SCRIPTDIR/../.. source=manifests/identity.env
. "$repo/manifests/identity.env"
version=$(sed -n 's/^project(zcrm-bridge VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
[ -n "$version" ] || { echo "build-msi.sh: no version in CMakeLists.txt's project()" >&2; exit 1; }

# wixl finds each File's Source relative to the folder it runs in: the stage holds all of them.
stage=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-msi-XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp "$exe" "$stage/zcrm-bridge.exe"
# The host's path relative to the manifest's folder (the MSI puts both in one folder): see zcrm-bridge.wxs.
fill() {  # template (in manifests/) -> file in the stage
  sed -e "s|@ZCRM_HOST_NAME@|$ZCRM_HOST_NAME|g" -e "s|@ZCRM_HOST_PATH@|zcrm-bridge.exe|g" \
    -e "s|@ZCRM_CHROMIUM_EXTENSION_ID@|$ZCRM_CHROMIUM_EXTENSION_ID|g" -e "s|@ZCRM_GECKO_ID@|$ZCRM_GECKO_ID|g" \
    "$repo/manifests/$1" >"$stage/$2"
  if grep -q '@ZCRM_' "$stage/$2"; then echo "build-msi.sh: $1 has a placeholder left" >&2; exit 1; fi
}
fill chromium.json.in chromium.json
fill firefox.json.in firefox.json
fill config.json.in config.json

mkdir -p "$(dirname "$out")"
(cd "$stage" && wixl -a x64 -o "$out" -D Version="$version" -D HostName="$ZCRM_HOST_NAME" \
  "$repo/installer/windows/zcrm-bridge.wxs")
echo "MSI: $out (zcrm-bridge $version, per user)"
