#!/usr/bin/env bash
# Removes what installer/setup.sh and installer/install.sh wrote for this user: the browser manifests, the copy of
# the host in ~/.local/lib/zcrm-bridge and its link ~/.local/bin/zcrm-bridge, the extension packages and this
# installer in ~/.local/share/zcrm-bridge, config.json and the settings setup wrote; a file there that was changed
# since is kept and named, and anything the installer had replaced is put back. The browser policy setup wrote for
# your organisation's settings is removed too (that needs root). Works from the clone or from the copy in
# ~/.local/share/zcrm-bridge/installer (the clone may be gone).
#
#   installer/uninstall.sh [--purge] [--dry-run]
#
# The state folder stays when the host stored something in it (your sign-ins, encrypted, and the vault key): the
# next install finds them. --purge removes it too, after taking the vault key out of the desktop keyring.
# Left alone: the Debian packages (README.md lists them), npm's cache ~/.npm, and the clone with its build/,
# node_modules/ and artifacts/.
set -euo pipefail

case "$0" in */*) HERE=${0%/*} ;; *) HERE=. ;; esac
HERE=$(cd "$HERE" && pwd -P)
purge=0 dry=0
for a in "$@"; do
  case "$a" in
    --purge) purge=1 ;;
    --dry-run) dry=1 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option '$a' (--purge, --dry-run)" >&2; exit 64 ;;
  esac
done
[ -n "${HOME:-}" ] || { echo "uninstall.sh: HOME is not set" >&2; exit 1; }
state=${ZCRM_BRIDGE_HOME:-${XDG_CONFIG_HOME:-$HOME/.config}/zcrm-bridge}
host="$HOME/.local/lib/zcrm-bridge/zcrm-bridge"
say() { printf '%s\n' "$*"; }

# The policy setup wrote with `install.sh --managed` (machine-wide, so root), then its marker. Whatever happens
# there, the rest is still removed; the exit status then says it was not all.
status=0
if [ -f "$state/policy-written-by-setup" ]; then
  if [ "$dry" = 1 ]; then
    say "would remove the browser policy setup wrote (sudo $HERE/install.sh --managed-remove)"
  else
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    if $sudo "$HERE/install.sh" --managed-remove; then
      rm -f "$state/policy-written-by-setup"
    else
      echo "uninstall.sh: the browser policy setup wrote is still there; remove it with: sudo $HERE/install.sh --managed-remove" >&2
      status=1
    fi
  fi
fi
if [ -f "$state/settings.json" ]; then
  if [ "$dry" = 1 ]; then say "would remove $state/settings.json"; else rm -f "$state/settings.json"; say "removed $state/settings.json"; fi
fi

# With --purge, the key leaves the keyring while the host that can move it is still there.
if [ "$purge" = 1 ] && [ -x "$host" ] && [ -f "$state/key.keyring" ]; then
  if [ "$dry" = 1 ]; then say "would take the vault key out of the desktop keyring"; else ZCRM_BRIDGE_HOME=$state "$host" key move file; fi
fi

# With --purge, everything the host stored goes before the installer removes its own files and folders.
if [ "$purge" = 1 ] && [ -d "$state" ]; then
  for f in "$state"/* "$state"/.[!.]*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    case "${f##*/}" in installed-files|installer-backup) continue ;; esac
    if [ "$dry" = 1 ]; then say "would remove $f"; else rm -rf "$f"; say "removed $f"; fi
  done
fi

args=(--uninstall)
[ "$dry" = 0 ] || args+=(--dry-run)
"$HERE/install.sh" "${args[@]}"

if [ -d "$state" ]; then
  if [ "$purge" = 1 ]; then
    [ "$dry" = 1 ] || rmdir "$state" 2>/dev/null || true
  elif [ -n "$(ls -A "$state")" ]; then
    say "kept $state: it holds your encrypted sign-ins and the vault key; installer/uninstall.sh --purge removes it"
  fi
fi
exit "$status"
