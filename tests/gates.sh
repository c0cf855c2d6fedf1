#!/usr/bin/env bash
# The source gates of the README's test command (tests/run-all.sh), each naming the files that fail it:
#   format  every C++ file of host/, tests/ and bench/ is as .clang-format lays it out (fix: clang-format -i FILE)
#   shell   every shell script of the repository passes shellcheck, all severities (info and style too)
#   lint    the JavaScript of extension/, tests/ and bench/ passes eslint (eslint.config.js)
# Usage: tests/gates.sh [format] [shell] [lint]     (all three when none is named; all run even when one fails)
# Needs clang-format, shellcheck (installer/deps.sh) and node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
gates=("$@")
((${#gates[@]})) || gates=(format shell lint)

# Files of the repository: what git tracks in a clone, else what is on disk outside build folders and node_modules.
tracked() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z -- "$@" | tr '\0' '\n'
  else
    find "$@" -type f -not -path '*/node_modules/*' -not -path './build*' 2>/dev/null | sed 's|^\./||'
  fi
}

gate_format() {
  local files=() out bad=()
  mapfile -t files < <(tracked host tests bench | grep -E '\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$')
  if out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
    echo "format: ${#files[@]} C/C++ files as .clang-format lays them out"
    return 0
  fi
  mapfile -t bad < <(printf '%s\n' "$out" | sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: .*/\1/p' | sort -u)
  printf 'format: not as .clang-format lays it out (fix: clang-format -i FILE): %s\n' "${bad[@]}" >&2
  return 1
}

gate_shell() {
  local scripts=() f first bad=()
  # Shell scripts by name, or by their #! line when the name has no extension (.ci/run).
  while IFS= read -r f; do
    if [[ "$f" == *.sh || "$f" == *.bash ]]; then
      scripts+=("$f")
    elif [[ "${f##*/}" != *.* && -f "$f" ]]; then
      read -r first <"$f" || true
      [[ "$first" =~ ^\#!.*[/\ ](ba|da|k)?sh$ ]] && scripts+=("$f")
    fi
  done < <(tracked .)
  for f in "${scripts[@]}"; do
    if ! shellcheck --external-sources "$f" >&2; then bad+=("$f"); fi
  done
  if ((${#bad[@]})); then
    printf 'shell: shellcheck findings (above) in: %s\n' "${bad[@]}" >&2
    return 1
  fi
  echo "shell: ${#scripts[@]} shell scripts pass shellcheck"
}

gate_lint() {
  local out bad=()
  if out=$(npx --no-install eslint extension tests bench 2>&1); then
    echo "lint: extension/, tests/ and bench/ pass eslint"
    return 0
  fi
  printf '%s\n' "$out" >&2
  # eslint's default report heads each file's findings with the file's absolute path.
  mapfile -t bad < <(printf '%s\n' "$out" | sed -n "s|^$PWD/||p")
  printf 'lint: eslint findings in: %s\n' "${bad[@]}" >&2
  return 1
}

need() { command -v "$1" >/dev/null || { echo "tests/gates.sh: $1 is missing (installer/deps.sh installs it)" >&2; exit 1; }; }
need clang-format
need shellcheck
need npx

failed=()
for gate in "${gates[@]}"; do
  case "$gate" in
    format | shell | lint) "gate_$gate" || failed+=("$gate") ;;
    *) echo "tests/gates.sh: unknown gate '$gate' (format, shell, lint)" >&2; exit 64 ;;
  esac
done
if ((${#failed[@]})); then
  echo "tests/gates.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
