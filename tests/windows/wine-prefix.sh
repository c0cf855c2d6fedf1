#!/usr/bin/env bash
# Sourced by the scripts that run Windows programs under wine64 (run-under-wine.sh, integration-under-wine.sh):
# a wine prefix of their own in a temp folder, so nothing touches ~/.wine or the real $HOME.
#   wine_prefix_check      exit 77 with a message when wine64 is not installed (installer/deps.sh --windows)
#   wine_prefix_make       make the prefix, export WINEPREFIX, WINEDEBUG and WINEDLLOVERRIDES, run wineboot
#   wine_prefix_remove     end the prefix's wineserver (and every wine process in it), remove the folder
# Debian's wine64 package puts its loader and wineserver in /usr/lib/wine; `wine` is the launcher in PATH.

wine_server=$(command -v wineserver || echo /usr/lib/wine/wineserver)
wine_prefix=""

wine_prefix_check() {
  if ! command -v wine >/dev/null || { [ ! -x /usr/lib/wine/wine64 ] && ! command -v wine64 >/dev/null; }; then
    echo "SKIP: wine64 is not installed (installer/deps.sh --windows); $1 not run" >&2
    exit 77
  fi
}

# The prefix's wineserver is started first and kept until wine_prefix_remove (wineserver -p): each wine program
# started in between finds it running instead of starting its own, which saves most of a program's start.
wine_prefix_make() {
  wine_prefix=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-wine-XXXXXX")
  # WINEDEBUG=-all: wine's own chatter stays out of the programs' stderr, which tests read.
  export WINEPREFIX="$wine_prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  "$wine_server" -p
  # Making the prefix prints wine's setup chatter; only the programs' own output matters. HOME: wineboot links
  # the profile's folders (Desktop, Documents) to the home's; these stay inside the prefix.
  HOME="$wine_prefix" wine wineboot --init >/dev/null 2>&1
}

# The prefix's own wineserver must be gone before its folder is removed.
wine_prefix_remove() {
  [ -n "$wine_prefix" ] || return 0
  WINEPREFIX="$wine_prefix" "$wine_server" -k 2>/dev/null || true
  WINEPREFIX="$wine_prefix" "$wine_server" -w 2>/dev/null || true
  rm -rf "$wine_prefix"
  wine_prefix=""
}
