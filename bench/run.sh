#!/usr/bin/env bash
# The zcrm-bridge benchmarks in one command (see bench/README.md):
#   bench/run.sh            full run (a few minutes): writes bench/results/latest.md and latest.json
#   bench/run.sh --quick    smoke test (~30 s after the build): proves the benchmark works; writes quick.md/quick.json.
#                           CI runs this one and must not judge its numbers.
# Options: --no-browser (skip the Chromium round trips), --no-windows (skip zcrm-bridge.exe under wine),
#          --sizes 1,100,10000 (vault sizes), --out DIR (results).
# Builds the host in Release, the C echo floor and the driver with the `bench` CMake preset (in build-bench/),
# then measures host and floor in the same run, interleaved. Everything runs on loopback, in temp dirs, with HOME
# pointing at a temp dir.
# Exits non-zero only when something could not be built or run; a missed target is a result, not a failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD="$ROOT/build-bench"
OUT="$BENCH/results"
QUICK=0
BROWSER=1
WINDOWS=1
SIZES=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-browser) BROWSER=0 ;;
    --no-windows) WINDOWS=0 ;;
    --sizes) SIZES="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-bench.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
# Never the real home: the host, Node and Chromium only ever see this one.
export HOME="$WORK/home"
mkdir -p "$HOME" "$OUT"
unset ZCRM_BRIDGE_HOME XDG_CONFIG_HOME
# The targets are for the key file; no desktop session bus, so the host never puts the key in the keyring.
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR

CXX=${CXX:-c++}
JOBS=$(nproc 2>/dev/null || echo 2)

echo "== building the host (Release), the echo floor and the driver (-O2), warnings as errors: preset bench, $BUILD" >&2
(cd "$ROOT" && cmake --preset bench) >"$WORK/cmake-configure.log" 2>&1 ||
  { cat "$WORK/cmake-configure.log" >&2; exit 1; }
(cd "$ROOT" && cmake --build --preset bench -j"$JOBS") >"$WORK/cmake-build.log" 2>&1 ||
  { tail -50 "$WORK/cmake-build.log" >&2; exit 1; }
HOST="$BUILD/host/zcrm-bridge"
DRIVER="$BUILD/bench/bench-driver"
FLOOR="$BUILD/bench/echo-floor"

MODE=full
NAME=latest
DRIVER_ARGS=()
NODE_ARGS=()
if [[ $QUICK == 1 ]]; then
  MODE=quick
  NAME=quick
  DRIVER_ARGS+=(--quick)
  NODE_ARGS+=(--quick)
fi
[[ -n $SIZES ]] && DRIVER_ARGS+=(--sizes "$SIZES")

# The compiler CMake chose for the build folder (it may differ from $CXX when build-bench was configured before).
CMAKE_CXX=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
COMPILER=$("${CMAKE_CXX:-$CXX}" --version | head -1)
GIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain -- host CMakeLists.txt 2>/dev/null | head -1)
NOTE="Host built from commit $GIT${DIRTY:+ plus uncommitted changes in host/} with $COMPILER (Release: -O3 -DNDEBUG)."

echo "== host benchmark ($MODE)" >&2
"$DRIVER" --host "$HOST" --floor "$FLOOR" --work "$WORK/run" "${DRIVER_ARGS[@]}" \
  --note "$NOTE" --json "$WORK/host.json" --md "$WORK/host.md" >/dev/null

echo "== extension: account search" >&2
node "$BENCH/extension/search-bench.mjs" "${NODE_ARGS[@]}" --json "$WORK/search.json" --md "$WORK/search.md" >/dev/null

echo "== extension: account index memory" >&2
node --expose-gc "$BENCH/extension/index-memory.mjs" "${NODE_ARGS[@]}" --json "$WORK/memory.json" \
  --md "$WORK/memory.md" >/dev/null

echo "== extension: cold start from the encrypted account cache" >&2
node "$BENCH/extension/cold-start.mjs" "${NODE_ARGS[@]}" --json "$WORK/cold.json" --md "$WORK/cold.md" >/dev/null

WEBAPP_STATUS=skipped
if [[ $BROWSER == 1 ]]; then
  CHROMIUM_BIN=${CHROMIUM:-/usr/bin/chromium}
  if [[ -x $CHROMIUM_BIN ]] && [[ -d $ROOT/node_modules/playwright-core ]]; then
    echo "== extension: web app round trip in headless Chromium" >&2
    ZCRM_BUILD_DIR="$BUILD" node "$BENCH/extension/webapp-roundtrip.mjs" "${NODE_ARGS[@]}" \
      --json "$WORK/webapp.json" --md "$WORK/webapp.md" >/dev/null
    WEBAPP_STATUS=ran
    echo "== extension: web app → Zoho CRM through the proxy vs directly, in headless Chromium" >&2
    ZCRM_BUILD_DIR="$BUILD" node "$BENCH/extension/crm-proxy-roundtrip.mjs" "${NODE_ARGS[@]}" \
      --json "$WORK/crmproxy.json" --md "$WORK/crmproxy.md" >/dev/null
    echo "== extension: popup opened → chooser shown, against a bare page, in headless Chromium" >&2
    ZCRM_BUILD_DIR="$BUILD" node "$BENCH/extension/popup-vs-bare.mjs" "${NODE_ARGS[@]}" \
      --json "$WORK/popup.json" --md "$WORK/popup.md" >/dev/null
    echo "== extension: first results in the popup after a browser restart, in headless Chromium" >&2
    ZCRM_BUILD_DIR="$BUILD" node "$BENCH/extension/popup-first-results.mjs" "${NODE_ARGS[@]}" \
      --json "$WORK/first.json" --md "$WORK/first.md" >/dev/null
  else
    echo "== extension: web app round trip SKIPPED (needs $CHROMIUM_BIN and npm ci for playwright-core)" >&2
  fi
fi
if [[ $WEBAPP_STATUS != ran ]]; then
  printf '## Extension: web app → chosen account round trip\n\nNot run (%s).\n' \
    "$([[ $BROWSER == 0 ]] && echo '--no-browser' || echo 'no Chromium or playwright-core')" >"$WORK/webapp.md"
  echo 'null' >"$WORK/webapp.json"
  printf '## Extension: web app → Zoho CRM through the proxy vs directly\n\nNot run (%s).\n' \
    "$([[ $BROWSER == 0 ]] && echo '--no-browser' || echo 'no Chromium or playwright-core')" >"$WORK/crmproxy.md"
  echo 'null' >"$WORK/crmproxy.json"
  printf '## Extension: popup opened → chooser shown, against a bare page\n\nNot run (%s).\n' \
    "$([[ $BROWSER == 0 ]] && echo '--no-browser' || echo 'no Chromium or playwright-core')" >"$WORK/popup.md"
  echo 'null' >"$WORK/popup.json"
  printf '## Extension: first results in the popup after a browser restart\n\nNot run (%s).\n' \
    "$([[ $BROWSER == 0 ]] && echo '--no-browser' || echo 'no Chromium or playwright-core')" >"$WORK/first.md"
  echo 'null' >"$WORK/first.json"
fi

# Issue 18: the Windows host under wine against the echo floor built for Windows (bench/windows/cold-hello.sh).
# It exits 77 with one SKIP line when wine64, the cross compiler or build-windows-deps is missing.
WINDOWS_SKIP="--no-windows"
if [[ $WINDOWS == 1 ]]; then
  windows_status=0
  "$BENCH/windows/cold-hello.sh" "${NODE_ARGS[@]}" --json "$WORK/windows.json" --md "$WORK/windows.md" \
    >/dev/null 2>"$WORK/windows.log" || windows_status=$?
  if [[ $windows_status == 77 ]]; then
    WINDOWS_SKIP=$(sed -n 's/^SKIP: //p' "$WORK/windows.log" | head -1)
    echo "== Windows host under wine SKIPPED: $WINDOWS_SKIP" >&2
  elif [[ $windows_status != 0 ]]; then
    cat "$WORK/windows.log" >&2
    exit 1
  else
    grep '^== ' "$WORK/windows.log" >&2 || true
  fi
fi
if [[ ! -s $WORK/windows.md ]]; then
  printf '%s\n\nNot run (%s).\n' "## Windows host under wine: cold \`hello\` (issue 18)" "$WINDOWS_SKIP" >"$WORK/windows.md"
  echo 'null' >"$WORK/windows.json"
fi

{
  cat "$WORK/host.md"
  echo
  cat "$WORK/search.md"
  echo
  cat "$WORK/memory.md"
  echo
  cat "$WORK/cold.md"
  echo
  cat "$WORK/webapp.md"
  echo
  cat "$WORK/crmproxy.md"
  echo
  cat "$WORK/popup.md"
  echo
  cat "$WORK/first.md"
  echo
  cat "$WORK/windows.md"
  echo
  echo "Reproduce: \`bench/run.sh$([[ $QUICK == 1 ]] && echo ' --quick')\` ($(date -u +%Y-%m-%dT%H:%M:%SZ))."
} >"$OUT/$NAME.md"
node -e '
  const fs = require("fs");
  const [host, search, memory, cold, webapp, crmProxy, popup, first, windows, out] = process.argv.slice(1);
  const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
  fs.writeFileSync(out, JSON.stringify({ generated_at: new Date().toISOString(), host: read(host),
    extension: { search: read(search), index_memory: read(memory), cold_start: read(cold), webapp: read(webapp),
      crm_proxy: read(crmProxy), popup_vs_bare: read(popup), popup_first_results: read(first) },
    windows_under_wine: read(windows) }, null, 1) + "\n");
' "$WORK/host.json" "$WORK/search.json" "$WORK/memory.json" "$WORK/cold.json" "$WORK/webapp.json" "$WORK/crmproxy.json" \
  "$WORK/popup.json" "$WORK/first.json" "$WORK/windows.json" "$OUT/$NAME.json"

cat "$OUT/$NAME.md"
echo >&2
echo "== written: ${OUT#"$ROOT"/}/$NAME.md and ${OUT#"$ROOT"/}/$NAME.json" >&2
