#!/usr/bin/env bash
# Benchmark (issue 18), not a test: cold `hello` of zcrm-bridge.exe under wine against the echo floor cross-built
# for Windows, in one wine prefix with one running wineserver. See bench/README.md, "Windows host under wine".
#   bench/windows/cold-hello.sh [--quick] [--runs N] [--floor-imports] [--json FILE] [--md FILE]
# --floor-imports: the floor also imports the DLLs the host imports (bench/windows/floor_imports.c).
# Builds the host with the `windows` CMake preset (needs build-windows-deps: installer/windows/build-libsodium.sh)
# and the floor from bench/echo_floor.c with x86_64-w64-mingw32-gcc -O2, then runs bench/windows/cold-hello.mjs.
# Exits 77, saying why, when wine64, the cross compiler or build-windows-deps is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARGS=()
FLOOR_SOURCES=("$ROOT/bench/echo_floor.c")
FLOOR_LIBS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ARGS+=(--quick) ;;
    --runs | --json | --md) ARGS+=("$1" "$2"); shift ;;
    --floor-imports)
      FLOOR_SOURCES+=("$ROOT/bench/windows/floor_imports.c")
      FLOOR_LIBS+=(-lshell32 -lole32 -lcrypt32 -ladvapi32)
      ARGS+=(--floor-name "echo floor + the host's DLL imports (.exe)") ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "cold-hello.sh: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

# shellcheck source=tests/windows/wine-prefix.sh
. "$ROOT/tests/windows/wine-prefix.sh"
wine_prefix_check "the Windows cold hello benchmark"
CC_WINDOWS=x86_64-w64-mingw32-gcc
if ! command -v "$CC_WINDOWS" >/dev/null; then
  echo "SKIP: $CC_WINDOWS is not installed (installer/deps.sh --windows); the Windows cold hello benchmark not run" >&2
  exit 77
fi
if [[ ! -d $ROOT/build-windows-deps/lib ]]; then
  echo "SKIP: no build-windows-deps (installer/windows/build-libsodium.sh); the Windows cold hello benchmark not run" >&2
  exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-bench-windows.XXXXXX")
cleanup() {
  wine_prefix_remove
  rm -rf "$WORK"
}
trap cleanup EXIT
# Never the real home (wine would link the prefix's profile folders to it).
export HOME="$WORK/home"
mkdir -p "$HOME"

echo "== building zcrm-bridge.exe: preset windows, build-windows" >&2
(cd "$ROOT" && cmake --preset windows && cmake --build --preset windows) >"$WORK/build.log" 2>&1 ||
  { tail -50 "$WORK/build.log" >&2; exit 1; }
# The floor is built here, not by a preset: one C file with no dependencies, compiled in well under a second, with
# the Linux floor's -O2; the windows preset stays the product's build.
"$CC_WINDOWS" -O2 -Wall -Wextra -Werror -o "$WORK/echo-floor.exe" "${FLOOR_SOURCES[@]}" "${FLOOR_LIBS[@]}"

echo "== making a wine prefix and starting its wineserver" >&2
wine_prefix_make
echo "== cold hello under wine: zcrm-bridge.exe and the echo floor, alternating" >&2
node "$ROOT/bench/windows/cold-hello.mjs" --host "$ROOT/build-windows/host/zcrm-bridge.exe" \
  --floor "$WORK/echo-floor.exe" "${ARGS[@]}"
