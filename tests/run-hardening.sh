#!/usr/bin/env bash
# Hardening checks of zcrm-bridge (docs/SECURITY.md, "Testing"), in two build folders of their own:
#
#  1. sanitize  build-asan (preset asan): everything (host libraries, the zcrm-bridge binary that integration and
#               fault tests start, and the tests) built with -fsanitize=address,undefined; the whole ctest suite
#               (unit, integration, fault) runs with halt_on_error and LeakSanitizer on. Every sanitizer report of
#               every process goes to one folder, which must stay empty; a canary proves LeakSanitizer catches a leak
#               in a process set up like the host (not dumpable).
#  2. fuzz      build-fuzz (preset fuzz, clang): the libFuzzer targets fuzz_frame_reader, fuzz_request and
#               fuzz_record run ZCRM_FUZZ_SECONDS each (default 20) from their seed corpora, in libFuzzer's fork mode
#               on ZCRM_FUZZ_JOBS processes (default: ZCRM_JOBS) sharing one corpus; executions are printed.
#               A crash fails the run and leaves the input in artifacts/fuzz/ (add it to tests/fuzz/corpus/<target>/
#               once fixed; replaying it, `build-fuzz/tests/fuzz/fuzz_<target> <file>`, shows full stacks).
#
#  3. release   build-release-tests (preset release-tests): the product's release optimisation (-O3) with the tests;
#               GCC 12 warns at -O3 where -O2 is silent (-Wrestrict, -Warray-bounds), and warnings are errors, so
#               this is the build that proves a Release build with tests compiles; then the whole ctest suite on it.
#
# Usage: tests/run-hardening.sh [sanitize] [fuzz] [release]     (all three when none is named)
# Environment: ZCRM_FUZZ_SECONDS (default 20), ZCRM_JOBS (default 2), ZCRM_FUZZ_JOBS (default ZCRM_JOBS),
#   ZCRM_FUZZ_TARGETS (default "frame_reader request record"; e.g. "request" for one long run of that target).
# Budget: about 20-25 minutes on 2 cores from a clean tree, most of it compiling build-asan and build-release-tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${ZCRM_JOBS:-2}
fuzz_seconds=${ZCRM_FUZZ_SECONDS:-20}
fuzz_jobs=${ZCRM_FUZZ_JOBS:-$jobs}
read -r -a fuzz_targets <<<"${ZCRM_FUZZ_TARGETS:-frame_reader request record}"
# ASan while fuzzing records no allocation stacks: recording one for every malloc was a fifth of fuzz_request's
# CPU time. Errors are still caught; replaying the saved input gives the full stacks. ASAN_OPTIONS overrides it.
fuzz_asan_options=${ASAN_OPTIONS:-malloc_context_size=0}
parts=("$@")
((${#parts[@]})) || parts=(sanitize fuzz release)
started=$SECONDS

say() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - started)); }
fail() { printf '\nrun-hardening: FAILED: %s\n' "$*" >&2; exit 1; }

# Packages beyond installer/deps.sh's (tests/fuzz/packages.txt), installed the same idempotent way.
ensure_packages() {
  local missing=() p
  while read -r p; do
    [[ -z "$p" || "$p" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done < tests/fuzz/packages.txt
  if ((${#missing[@]})); then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

run_sanitize() {
  say "sanitize: configure and build build-asan (the asan preset: address,undefined for every target)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ldd build-asan/host/zcrm-bridge | grep -q libasan ||
    fail "build-asan/host/zcrm-bridge is not linked with ASan: the integration tests would run an unchecked host"

  local reports
  reports=$(mktemp -d /tmp/zcrm-sanitizer-reports-XXXXXX)
  # An interrupted run leaves no empty folder behind. The path is expanded now: $reports is local to this function,
  # and under set -u the trap would fail the whole script at exit.
  # shellcheck disable=SC2064
  trap "rmdir $(printf %q "$reports") 2>/dev/null || true" EXIT
  say "sanitize: LeakSanitizer canary (must report its deliberate leak)"
  local canary_log=$reports/canary.log code=0
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 build-asan/tests/fault/lsan_canary >"$canary_log" 2>&1 || code=$?
  if [ "$code" -eq 0 ] || ! grep -q "LeakSanitizer: detected memory leaks" "$canary_log"; then
    cat "$canary_log"
    fail "LeakSanitizer did not catch the canary's leak (exit $code): leak checking is not effective here"
  fi
  echo "LeakSanitizer caught the canary's leak (exit $code)."
  rm -f "$canary_log"

  say "sanitize: the whole C++ suite (unit, integration, fault) under ASan+UBSan+LSan"
  # Child processes (every host a test starts) inherit these, so their reports land in $reports too.
  export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=0:strict_string_checks=1:log_path=$reports/asan"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1:log_path=$reports/ubsan"
  export LSAN_OPTIONS="report_objects=1"
  local ctest_code=0
  ctest --preset asan -j "$jobs" || ctest_code=$?
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  if compgen -G "$reports/*" >/dev/null; then
    for f in "$reports"/*; do printf '\n--- %s\n' "$f"; head -c 20000 "$f"; done
    fail "sanitizer reports above ($(find "$reports" -mindepth 1 -maxdepth 1 | wc -l) files in $reports)"
  fi
  rmdir "$reports"
  ((ctest_code == 0)) || fail "ctest under sanitizers exited $ctest_code"
  echo "Sanitizers: 0 reports."
}

run_fuzz() {
  say "fuzz: configure and build build-fuzz (the fuzz preset: clang, libFuzzer + address,undefined)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$jobs"

  local artifacts=$root/artifacts/fuzz
  mkdir -p "$artifacts"
  local summary=() target
  for target in "${fuzz_targets[@]}"; do
    [ -x "build-fuzz/tests/fuzz/fuzz_$target" ] || fail "no fuzz target fuzz_$target (ZCRM_FUZZ_TARGETS)"
    say "fuzz: fuzz_$target for ${fuzz_seconds}s"
    local work log code=0 dict=()
    work=$(mktemp -d "/tmp/zcrm-fuzz-$target-XXXXXX")
    mkdir "$work/corpus"
    log=$work.log
    [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="$root/tests/fuzz/$target.dict")
    # New inputs go to $work/corpus (the first folder); the committed seeds are only read.
    # Fork mode: fuzz_jobs processes fuzz at once, each restarted with the merged corpus (the first folder). Its
    # scratch folder goes to $work too, so nothing is left in /tmp. Fork mode would skip over timeouts and
    # running out of memory; here they fail the run as a crash does.
    (cd "$work" && TMPDIR=$work ASAN_OPTIONS=$fuzz_asan_options "$root/build-fuzz/tests/fuzz/fuzz_$target" \
      -fork="$fuzz_jobs" -ignore_timeouts=0 -ignore_ooms=0 -max_total_time="$fuzz_seconds" -rss_limit_mb=1024 \
      -timeout=10 -max_len=65536 \
      -artifact_prefix="$artifacts/$target-" "${dict[@]}" "$work/corpus" "$root/tests/fuzz/corpus/$target") \
      >"$log" 2>&1 || code=$?
    # The parent's status lines read "#<executions>: cov: ... exec/s <n> ..."; the last one holds the total.
    local execs
    execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    if [ "$code" -ne 0 ]; then
      tail -60 "$log"
      fail "fuzz_$target exited $code; the input is in $artifacts/ (log: $log)"
    fi
    echo "fuzz_$target: ${execs:-?} executions in ${fuzz_seconds}s on $fuzz_jobs processes ($((${execs:-0} / fuzz_seconds))/s), corpus $(find "$work/corpus" -mindepth 1 -maxdepth 1 | wc -l) new inputs, no crash"
    summary+=("fuzz_$target ${execs:-?} executions")
    rm -rf "$work" "$log"
  done
  say "fuzz: ${summary[*]}"
}

run_release() {
  say "release: configure and build build-release-tests (the release-tests preset: -O3, tests included)"
  cmake --preset release-tests >/dev/null
  cmake --build --preset release-tests -j "$jobs"
  say "release: the whole C++ suite on the -O3 build"
  tests/ctest.sh --preset release-tests
}

ensure_packages
for part in "${parts[@]}"; do
  case "$part" in
    sanitize) run_sanitize ;;
    fuzz) run_fuzz ;;
    release) run_release ;;
    *) fail "unknown part '$part' (sanitize, fuzz, release)" ;;
  esac
done
say "hardening checks passed"
