#!/usr/bin/env bash
# ctest as the README's test command runs it, with two checks of the run itself:
#   - readable test names: none carries a parameter printed as raw memory ("# GetParam() = 64-byte object <...>")
#     or runs past 200 characters;
#   - no temporary leftovers: the tests get a /tmp of their own (a private mount namespace with an empty tmpfs, so
#     nothing else on the machine writes there) and TMPDIR=/tmp; whatever is in it when ctest ends was left
#     behind by a test, and fails the run, named.
# Where no mount namespace can be made (no unshare, user namespaces off) it says so and runs ctest with a fresh
# TMPDIR instead, checked the same way (tests that write to /tmp by name are then not seen).
#   tests/ctest.sh [ctest arguments]      (default: --preset default)
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
((${#args[@]})) || args=(--preset default)

bad_names=$(ctest "${args[@]}" -N | awk '/^ *Test +#/ && (/GetParam\(\)|object </ || length($0) > 200)')
if [ -n "$bad_names" ]; then
  echo "tests/ctest.sh: test names that are not readable (give the parameter a name or a PrintTo):" >&2
  printf '%s\n' "$bad_names" | head -n 5 >&2
  exit 1
fi

# Runs inside the namespace: ctest, then the check of the private /tmp (which disappears with the namespace).
# shellcheck disable=SC2016  # expanded by the inner shell
# A clone that lives under /tmp itself (git clone … /tmp/x) stays where it is: the real /tmp is kept open as fd 9
# and the clone's top folder is bound back into the empty /tmp (--no-canonicalize: mount would resolve the fd
# path to the new /tmp), and left out of the check.
inner='
  exec 9</tmp
  mount -t tmpfs -o mode=1777,size=2g zcrm-ctest-tmp /tmp || exit 125
  keep=""
  case "$ZCRM_REPO/" in
    /tmp/*/) keep=${ZCRM_REPO#/tmp/}; keep=${keep%%/*}
             mkdir "/tmp/$keep" && mount --no-canonicalize --bind "/proc/self/fd/9/$keep" "/tmp/$keep" || exit 125 ;;
  esac
  exec 9<&-
  export TMPDIR=/tmp
  code=0
  ctest "$@" || code=$?
  left=$(ls -A /tmp | grep -vxF -- "$keep" || true)  # with no clone to keep, "" drops only empty lines
  if [ -n "$left" ]; then
    echo "tests/ctest.sh: the tests left these in /tmp:" >&2
    ls -lA /tmp >&2
    [ "$code" != 0 ] || code=1
  fi
  exit "$code"'
if [ "$(id -u)" = 0 ]; then ns=(unshare --mount --propagation private); else ns=(unshare --mount --map-root-user); fi
if "${ns[@]}" true 2>/dev/null; then
  code=0
  ZCRM_REPO=$PWD "${ns[@]}" bash -c "$inner" ctest-in-private-tmp "${args[@]}" || code=$?
  [ "$code" != 125 ] && exit "$code"
fi

echo "tests/ctest.sh: no private /tmp here (mount namespace refused); checking a fresh TMPDIR only" >&2
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-ctest-XXXXXX")
export TMPDIR
code=0
ctest "${args[@]}" || code=$?
if [ -n "$(ls -A "$TMPDIR")" ]; then
  echo "tests/ctest.sh: the tests left these in $TMPDIR:" >&2
  ls -lA "$TMPDIR" >&2
  [ "$code" != 0 ] || code=1
else
  rmdir "$TMPDIR"
fi
exit "$code"
