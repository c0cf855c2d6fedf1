#!/usr/bin/env bash
# Registers the zcrm-bridge native messaging host with the browsers on this machine (Linux; macOS paths too).
# Per user by default, system-wide with --system. Every file it writes is listed in <state>/installed-files so
# --uninstall removes exactly those (and puts back anything it had replaced). Folders come from browsers.tsv.
# Bash and POSIX tools, and python3 for JSON (config.json, --managed); table look-ups are bash builtins (a fork
# costs ~40 ms on a busy machine).
set -euo pipefail
umask 022

usage() {
  cat <<'EOF'
Usage: install.sh [options]
  --browser NAME    a browser of installer/browsers.tsv (chrome, chrome-beta, chromium, brave, edge, firefox, zen,
                    ...; an unknown name lists them all); repeatable.
                    Default: every browser found (its program on PATH or its settings folder present).
  --system          for every user (needs root): system folders and /etc/zcrm-bridge/config.json
  --host PATH       the host program (default: build/host/zcrm-bridge, else /usr/lib/zcrm-bridge/zcrm-bridge)
  --profile-dir DIR also register in DIR/NativeMessagingHosts: a Chromium started with --user-data-dir=DIR
                    reads only that folder and the system one; repeatable
  --install-host    copy the host (and the keyring helper beside it) to ~/.local/lib/zcrm-bridge, link
                    ~/.local/bin/zcrm-bridge to it, and register that copy: the browsers no longer depend on the
                    folder it was built in; this installer and uninstall.sh go to ~/.local/share/zcrm-bridge
                    (with --system: /usr/local/lib, /usr/local/bin, /usr/local/share)
  --extension DIR   with --install-host: also copy the release packages built in DIR (build/extension) to
                    ~/.local/share/zcrm-bridge/extension (chromium/ to load unpacked, the Firefox zip)
  --dry-run         print every file and folder it would write (or remove); change nothing
  --uninstall       remove everything an earlier install wrote (per user; with --system, system-wide)
  --os linux|macos  whose folders to use (--macos = --os macos); another system's only with --dry-run
  --managed FILE    an organisation's settings (a JSON object, docs/MANAGED.md): write them as browser policy
                    for chrome, chromium, edge, brave and firefox (needs root); with --system also register the host
  --update-url URL  with --managed: also force-install the extension in the Chromium family from URL
  --install-url URL with --managed: also force-install the add-on in Firefox from URL (an .xpi)
  --managed-remove  remove exactly the policy an earlier --managed wrote (needs root)
  -h, --help        this help
State folder (config.json, installed-files): $ZCRM_BRIDGE_HOME, else $XDG_CONFIG_HOME/zcrm-bridge,
else ~/.config/zcrm-bridge; with --system /etc/zcrm-bridge.
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

case "$0" in */*) HERE=${0%/*} ;; *) HERE=. ;; esac
HERE=$(cd "$HERE" && pwd -P)
TABLE="$HERE/browsers.tsv"
TEMPLATES="$HERE/../manifests"
[ -r "$TABLE" ] || die "missing $TABLE"
[ -r "$TEMPLATES/identity.env" ] || die "missing $TEMPLATES/identity.env"

ORIGINAL_ARGS=("$@")
scope=user dry=0 uninstall=0 host="" os="" browsers=() profiles=() install_host=0 extension=""
managed="" managed_remove=0 update_url="" install_url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --browser) [ $# -ge 2 ] || die "--browser needs a name"; browsers+=("$2"); shift ;;
    --browser=*) browsers+=("${1#*=}") ;;
    --system) scope=system ;;
    --host) [ $# -ge 2 ] || die "--host needs a path"; host="$2"; shift ;;
    --profile-dir) [ $# -ge 2 ] || die "--profile-dir needs a folder"; profiles+=("$2"); shift ;;
    --install-host) install_host=1 ;;
    --extension) [ $# -ge 2 ] || die "--extension needs the folder the packages were built in"; extension="$2"; shift ;;
    --dry-run) dry=1 ;;
    --uninstall) uninstall=1 ;;
    --os) [ $# -ge 2 ] || die "--os needs linux or macos"; os="$2"; shift ;;
    --macos) os=macos ;;
    --managed) [ $# -ge 2 ] || die "--managed needs a settings file"; managed="$2"; shift ;;
    --managed-remove) managed_remove=1 ;;
    --update-url) [ $# -ge 2 ] || die "--update-url needs a URL"; update_url="$2"; shift ;;
    --install-url) [ $# -ge 2 ] || die "--install-url needs a URL"; install_url="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  shift
done

case "${OSTYPE:-}" in
  linux*) real_os=linux ;;
  darwin*) real_os=macos ;;
  *) die "this system is not supported here; on Windows run installer/windows/install.ps1" ;;
esac
os=${os:-$real_os}
case "$os" in linux|macos) ;; *) die "--os must be linux or macos" ;; esac
[ "$os" = "$real_os" ] || [ "$dry" = 1 ] || die "--os $os on $real_os works only with --dry-run"
[ -n "${HOME:-}" ] || die "HOME is not set"
CONFIG_HOME=${XDG_CONFIG_HOME:-$HOME/.config}

# ---------------------------------------------------------------- identity and table (read once, no forks)
HOST_NAME="" CHROMIUM_ID="" GECKO_ID=""
while IFS='=' read -r key value; do
  case "$key" in
    ZCRM_HOST_NAME) HOST_NAME=$value ;;
    ZCRM_CHROMIUM_EXTENSION_ID) CHROMIUM_ID=$value ;;
    ZCRM_GECKO_ID) GECKO_ID=$value ;;
  esac
done <"$TEMPLATES/identity.env"
if [ -z "$HOST_NAME" ] || [ -z "$CHROMIUM_ID" ] || [ -z "$GECKO_ID" ]; then die "incomplete $TEMPLATES/identity.env"; fi

T_BROWSER=() T_FAMILY=() T_OS=() T_KIND=() T_VALUE=()
while IFS=$'\t' read -r b f o k v _ || [ -n "$b" ]; do
  case "$b" in ''|'#'*) continue ;; esac
  T_BROWSER+=("$b") T_FAMILY+=("$f") T_OS+=("$o") T_KIND+=("$k") T_VALUE+=("${v%$'\r'}")
done <"$TABLE"
slurp() { SLURPED=""; IFS= read -r -d '' SLURPED <"$1" || true; }  # a whole file, without forking

in_list() { local x=$1; shift; local y; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }
# Sets ROWS to the values of browser/os/kind, in table order.
rows() {
  ROWS=(); local i
  for i in "${!T_BROWSER[@]}"; do
    [ "${T_BROWSER[i]}" = "$1" ] && [ "${T_OS[i]}" = "$2" ] && [ "${T_KIND[i]}" = "$3" ] && ROWS+=("${T_VALUE[i]}")
  done
  return 0
}
family_of() { local i; for i in "${!T_BROWSER[@]}"; do [ "${T_BROWSER[i]}" = "$1" ] && { FAMILY=${T_FAMILY[i]}; return 0; }; done; FAMILY=""; }
# shellcheck disable=SC2016  # the table's literal ${CONFIG} and ${HOME}, not shell expansions
expand() { REPLY=${1//'${CONFIG}'/$CONFIG_HOME}; REPLY=${REPLY//'${HOME}'/$HOME}; }

known=()
for b in "${T_BROWSER[@]}"; do in_list "$b" ${known[@]+"${known[@]}"} || known+=("$b"); done
for b in ${browsers[@]+"${browsers[@]}"}; do
  in_list "$b" "${known[@]}" || die "unknown browser '$b' (known: ${known[*]})"
done

if [ "$scope" = system ]; then
  STATE=/etc/zcrm-bridge
  [ "$dry" = 1 ] || [ "$EUID" = 0 ] || die "--system needs root: sudo $0 --system ..."
else
  STATE=${ZCRM_BRIDGE_HOME:-$CONFIG_HOME/zcrm-bridge}
fi
RECORD="$STATE/installed-files"
BACKUPS="$STATE/installer-backup"

# ---------------------------------------------------------------- record of what was written
# Lines: "file<TAB>path<TAB>checksum", "dir<TAB>path" (a folder it created), "backup<TAB>path<TAB>copy".
REC_KIND=() REC_PATH=() REC_EXTRA=()
if [ -f "$RECORD" ]; then
  while IFS=$'\t' read -r k p x; do REC_KIND+=("$k") REC_PATH+=("$p") REC_EXTRA+=("$x"); done <"$RECORD"
fi
recorded() {  # kind path -> index in REC_INDEX
  local i
  for i in ${REC_KIND[@]+"${!REC_KIND[@]}"}; do
    [ "${REC_KIND[i]}" = "$1" ] && [ "${REC_PATH[i]}" = "$2" ] && { REC_INDEX=$i; return 0; }
  done
  return 1
}
record() {  # kind path [extra]; replaces the extra of an existing entry
  if recorded "$1" "$2"; then REC_EXTRA[REC_INDEX]=${3:-}; else REC_KIND+=("$1") REC_PATH+=("$2") REC_EXTRA+=("${3:-}"); fi
  save_record
}
save_record() {
  local i out=""
  for i in ${REC_KIND[@]+"${!REC_KIND[@]}"}; do
    [ "${REC_KIND[i]}" != gone ] || continue
    out+="${REC_KIND[i]}"$'\t'"${REC_PATH[i]}"${REC_EXTRA[i]:+$'\t'"${REC_EXTRA[i]}"}$'\n'
  done
  printf '%s' "$out" >"$RECORD.tmp" && mv -f "$RECORD.tmp" "$RECORD"
}
checksum() { local sum size _; read -r sum size _ < <(cksum <"$1"); REPLY="$sum-$size"; }

# ---------------------------------------------------------------- writing
PLANNED=()
make_dir() {  # dir mode: creates each missing level (recorded); the last one with mode
  local dir=$1 mode=$2
  [ -d "$dir" ] && return 0
  in_list "$dir" ${PLANNED[@]+"${PLANNED[@]}"} && return 0
  [ "${dir%/*}" = "" ] || make_dir "${dir%/*}" 755
  if [ "$dry" = 1 ]; then say "would create folder $dir (mode $mode)"; PLANNED+=("$dir"); return 0; fi
  mkdir -m "$mode" "$dir"
  if [ -f "$RECORD" ]; then record dir "$dir"; else PENDING_DIRS+=("$dir"); fi
}
PENDING_DIRS=()

ensure_state() {  # the state folder (0700 per user: it will hold the key) and the record
  if [ ! -d "$STATE" ]; then
    if [ "$scope" = system ]; then make_dir "$STATE" 755; else make_dir "$STATE" 700; fi
  elif [ "$scope" = user ]; then
    local perms; perms=$(ls -ld "$STATE"); perms=${perms:4:6}
    [ "$perms" = "------" ] ||
      echo "warning: other users can enter $STATE; the host refuses it until you run: chmod 700 '$STATE'" >&2
  fi
  [ "$dry" = 1 ] && return 0
  [ -f "$RECORD" ] || { : >"$RECORD"; chmod 600 "$RECORD"; }
  local d; for d in ${PENDING_DIRS[@]+"${PENDING_DIRS[@]}"}; do record dir "$d"; done
  PENDING_DIRS=()
}

write_file() {  # path content: writes content + newline unless the file already holds exactly that
  local path=$1 content=$2
  if [ -f "$path" ]; then slurp "$path"; [ "$SLURPED" != "$content"$'\n' ] || { say "up to date $path"; return 0; }; fi
  if in_list "$path" ${PLANNED[@]+"${PLANNED[@]}"}; then return 0; fi
  make_dir "${path%/*}" 755
  if [ "$dry" = 1 ]; then say "would write $path"; PLANNED+=("$path"); return 0; fi
  keep_earlier "$path"
  printf '%s\n' "$content" >"$path.zcrm-tmp.$$" && mv -f "$path.zcrm-tmp.$$" "$path"
  checksum "$path"
  record file "$path" "$REPLY"
  say "wrote $path"
}

keep_earlier() {  # path: a file there that this installer did not write is copied aside, put back by --uninstall
  local path=$1
  if { [ -e "$path" ] || [ -L "$path" ]; } && ! recorded file "$path" && ! recorded link "$path" && ! recorded backup "$path"; then
    [ -d "$BACKUPS" ] || mkdir -m 700 "$BACKUPS"
    local copy="$BACKUPS/${EPOCHSECONDS:-0}-$$-$RANDOM"
    cp -pP "$path" "$copy"
    record backup "$path" "$copy"
  fi
}

COPIED=0  # files copy_file wrote (quiet ones included)
copy_file() {  # source path mode [quiet]: the bytes of source at path, unless path already holds exactly them
  local source=$1 path=$2 mode=$3 quiet=${4:-} want
  checksum "$source"; want=$REPLY
  if [ -f "$path" ] && [ ! -L "$path" ]; then checksum "$path"; [ "$REPLY" != "$want" ] || { [ -n "$quiet" ] || say "up to date $path"; return 0; }; fi
  if in_list "$path" ${PLANNED[@]+"${PLANNED[@]}"}; then return 0; fi
  make_dir "${path%/*}" 755
  COPIED=$((COPIED + 1))
  if [ "$dry" = 1 ]; then [ -n "$quiet" ] || say "would write $path"; PLANNED+=("$path"); return 0; fi
  keep_earlier "$path"
  # A new file moved into place: a host that is running keeps its old copy, the next start gets this one.
  cp "$source" "$path.zcrm-tmp.$$" && chmod "$mode" "$path.zcrm-tmp.$$" && mv -f "$path.zcrm-tmp.$$" "$path"
  record file "$path" "$want"
  [ -n "$quiet" ] || say "wrote $path"
}

link_file() {  # target path: a symbolic link at path to target
  local target=$1 path=$2
  if [ -L "$path" ] && [ "$(readlink "$path")" = "$target" ]; then say "up to date $path"; return 0; fi
  make_dir "${path%/*}" 755
  if [ "$dry" = 1 ]; then say "would write $path"; PLANNED+=("$path"); return 0; fi
  keep_earlier "$path"
  rm -f "$path.zcrm-tmp.$$" && ln -s "$target" "$path.zcrm-tmp.$$" && mv -f "$path.zcrm-tmp.$$" "$path"
  record link "$path" "$target"
  say "wrote $path"
}

# ---------------------------------------------------------------- manifests and config
fill() {  # template -> FILLED, the placeholders replaced literally
  local p=${HOST_PATH//\\/\\\\}; p=${p//\"/\\\"}
  slurp "$1"; FILLED=${SLURPED%$'\n'}
  FILLED=${FILLED//@ZCRM_HOST_NAME@/$HOST_NAME}
  FILLED=${FILLED//@ZCRM_HOST_PATH@/$p}
  FILLED=${FILLED//@ZCRM_CHROMIUM_EXTENSION_ID@/$CHROMIUM_ID}
  FILLED=${FILLED//@ZCRM_GECKO_ID@/$GECKO_ID}
}

# config.json: allowed_extensions gets both IDs first (others kept); every other key stays as it was. Parsed and
# written by python3's json (a real parser: strings with brackets or quotes in them, nested values, any layout);
# the result is indented JSON with the keys in their original order. Fails (1) unless the file holds a JSON object
# whose allowed_extensions, if present, is a list.
merged_config() {
  local file=$1
  if [ ! -s "$file" ]; then fill "$TEMPLATES/config.json.in"; MERGED=$FILLED; return 0; fi
  command -v python3 >/dev/null 2>&1 || die "merging $file needs python3 (Debian: apt-get install python3)"
  MERGED=$(python3 - "$file" "$CHROMIUM_ID" "$GECKO_ID" <<'PY'
import json, sys
path, *ours = sys.argv[1:]
try:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    original = json.loads(text)
except (OSError, ValueError):
    sys.exit(1)
if not isinstance(original, dict) or not isinstance(original.get("allowed_extensions", []), list):
    sys.exit(1)
ids = ours + [i for i in original.get("allowed_extensions", []) if i not in ours]
config = {"allowed_extensions": None, **original}
config["allowed_extensions"] = ids
# Nothing to add: the file stays exactly as it is (a second run writes nothing).
print(text.rstrip("\n") if config == original else json.dumps(config, indent=2, ensure_ascii=False))
PY
) || return 1
}

# ---------------------------------------------------------------- detection and sandboxed browsers
on_path() { local n; for n in $1; do command -v "$n" >/dev/null 2>&1 && return 0; done; return 1; }
# A browser is found by its programs on PATH, else by its profile folder (kind profile), else by the parent of its
# user folder, unless a browser listed earlier reads that same folder (Zen reads Firefox's): then that is no sign.
detect() {
  FOUND=(); local b p here folder seen=()
  for b in "${known[@]}"; do
    here=0
    rows "$b" linux bin
    if [ ${#ROWS[@]} -gt 0 ] && on_path "${ROWS[0]}"; then here=1; fi
    rows "$b" "$os" user; folder=${ROWS[0]:-}
    rows "$b" "$os" profile
    if [ ${#ROWS[@]} -gt 0 ]; then
      for p in "${ROWS[@]}"; do expand "$p"; [ -d "$REPLY" ] && here=1; done
    elif [ -n "$folder" ] && ! in_list "$folder" ${seen[@]+"${seen[@]}"}; then
      expand "$folder"; [ -d "${REPLY%/*}" ] && here=1
    fi
    [ -z "$folder" ] || seen+=("$folder")
    [ "$here" = 0 ] || FOUND+=("$b")
  done
  return 0
}

SNAP_BIN=${ZCRM_INSTALLER_SNAP_BIN:-/snap/bin}
sandboxed_advice() {
  local b id inner apps="" wrapper target=${HOST_PATH:-/path/to/zcrm-bridge}
  command -v flatpak >/dev/null 2>&1 && apps=$(flatpak list --app --columns=application 2>/dev/null || true)
  for b in "${known[@]}"; do
    rows "$b" linux flatpak; id=${ROWS[0]:-}
    if [ -n "$id" ] && { [ -d "$HOME/.var/app/$id" ] || [[ $'\n'"$apps"$'\n' == *$'\n'"$id"$'\n'* ]]; }; then
      family_of "$b"; rows "$b" linux user
      # shellcheck disable=SC2016  # the table's literal ${HOME} and ${CONFIG}, not shell expansions
      if [ "$FAMILY" = firefox ]; then inner="$HOME/.var/app/$id/${ROWS[0]#'${HOME}/'}"
      else inner="$HOME/.var/app/$id/config/${ROWS[0]#'${CONFIG}/'}"; fi
      wrapper="$HOME/.var/app/$id/zcrm-bridge-host.sh"
      cat <<EOF
warning: $b is installed as the Flatpak $id. A Flatpak browser cannot start programs outside its sandbox, so
  the manifest written for a regular $b does not reach it. Install $b from your distribution or the vendor's
  .deb/.rpm instead, or let the sandbox start the host through flatpak-spawn:
    flatpak override --user --talk-name=org.freedesktop.Flatpak $id
    printf '#!/bin/sh\nexec flatpak-spawn --host $target "\$@"\n' > '$wrapper'; chmod 755 '$wrapper'
    mkdir -p '$inner/' and copy the $b manifest there with "path": "$wrapper"
EOF
    fi
    rows "$b" linux snap; id=${ROWS[0]:-}
    if [ -n "$id" ] && [ -e "$SNAP_BIN/$id" ]; then
      family_of "$b"
      if [ "$FAMILY" = firefox ]; then
        say "note: $b is a Snap. It starts hosts through the WebExtensions portal (xdg-desktop-portal 1.15+,"
        say "  Firefox 106+): keep the manifest in ~/.mozilla/native-messaging-hosts (written here) and allow it when asked."
      else
        say "warning: $b is a Snap ($SNAP_BIN/$id). Snap confinement stops it from starting host programs;"
        say "  install the vendor's .deb (or your distribution's non-Snap package) of $b and run this installer again."
      fi
    fi
  done
}

# ---------------------------------------------------------------- uninstall
do_uninstall() {
  [ -f "$RECORD" ] || { say "Nothing to remove: $RECORD does not exist."; return 0; }
  local i kept=() dirs=()
  for i in ${REC_KIND[@]+"${!REC_KIND[@]}"}; do
    local path=${REC_PATH[i]}
    case "${REC_KIND[i]}" in
      file)
        [ -e "$path" ] || continue
        checksum "$path"
        if [ "$REPLY" != "${REC_EXTRA[i]}" ]; then say "kept $path: changed since it was installed"; kept+=("$path"); continue; fi
        if [ "$dry" = 1 ]; then say "would remove $path"; else rm -f "$path"; say "removed $path"; fi ;;
      link)
        [ -L "$path" ] || continue
        if [ "$(readlink "$path")" != "${REC_EXTRA[i]}" ]; then say "kept $path: changed since it was installed"; kept+=("$path"); continue; fi
        if [ "$dry" = 1 ]; then say "would remove $path"; else rm -f "$path"; say "removed $path"; fi ;;
      dir) dirs=("$path" ${dirs[@]+"${dirs[@]}"}) ;;
    esac
  done
  for i in ${REC_KIND[@]+"${!REC_KIND[@]}"}; do
    [ "${REC_KIND[i]}" = backup ] || continue
    if in_list "${REC_PATH[i]}" ${kept[@]+"${kept[@]}"}; then say "kept ${REC_EXTRA[i]}: the earlier ${REC_PATH[i]}"; continue; fi
    if [ "$dry" = 1 ]; then say "would put back ${REC_PATH[i]}"; continue; fi
    cp -p "${REC_EXTRA[i]}" "${REC_PATH[i]}" && rm -f "${REC_EXTRA[i]}" && say "put back ${REC_PATH[i]}"
  done
  if [ "$dry" = 1 ]; then
    for i in ${dirs[@]+"${dirs[@]}"}; do say "would remove folder $i (when empty)"; done
    return 0
  fi
  rm -f "$RECORD"
  [ ${#kept[@]} -gt 0 ] || [ ! -d "$BACKUPS" ] || rmdir "$BACKUPS" 2>/dev/null || true
  for i in ${dirs[@]+"${dirs[@]}"}; do
    if rmdir "$i" 2>/dev/null; then say "removed folder $i"; elif [ -d "$i" ]; then say "kept folder $i: not empty"; fi
  done
}

# ---------------------------------------------------------------- managed settings (docs/MANAGED.md)
# Browser policy is machine-wide: Chrome, Chromium, Edge and Brave on Linux read it only from folders under /etc,
# Firefox from /etc/firefox/policies or its installation folder. installer/managed-policy.py parses and writes the
# JSON and records what it wrote. ZCRM_POLICY_ROOT puts those folders under another root (tests, image builds).
managed_policy() {  # write|remove
  local root=${ZCRM_POLICY_ROOT:-/} args=() b names
  [ "$os" = linux ] || die "--managed writes the Linux policy folders; on macOS use a configuration profile (docs/MANAGED.md)"
  if [ "$root" = / ] && [ "$dry" = 0 ] && [ "$EUID" != 0 ]; then
    die "--managed needs root. Browser policy is machine-wide: Chrome, Chromium, Edge and Brave on Linux read it only from
  system folders (/etc/opt/chrome/policies/managed, /etc/chromium/policies/managed, ...) and Firefox from
  /etc/firefox/policies; there is no per-user policy, so nothing was written. Run: sudo $0 ${ORIGINAL_ARGS[*]}"
  fi
  command -v python3 >/dev/null 2>&1 || die "--managed needs python3 (Debian: apt-get install python3)"
  args=(--root "$root")
  [ "$dry" = 1 ] && args+=(--dry-run)
  if [ "$1" = remove ]; then python3 "$HERE/managed-policy.py" remove "${args[@]}"; return; fi
  [ -f "$managed" ] || die "--managed $managed: no such file"
  if [ ${#browsers[@]} -eq 0 ]; then
    for b in chrome chromium edge brave firefox; do
      rows "$b" linux bin; names=${ROWS[*]:-}
      [ -n "$names" ] && on_path "$names" && args+=(--browser "$b")
    done
    [ ${#args[@]} -gt 2 ] || die "no browser with a known policy folder found; name them: --browser chrome|chromium|edge|brave|firefox"
  else
    for b in "${browsers[@]}"; do args+=(--browser "$b"); done
  fi
  [ -z "$update_url" ] || args+=(--update-url "$update_url")
  [ -z "$install_url" ] || args+=(--install-url "$install_url")
  python3 "$HERE/managed-policy.py" write "$managed" --table "$HERE/policies.tsv" --schema "$HERE/../extension/managed_schema.json" \
    --extension-lib "$HERE/../extension/lib" --chromium-id "$CHROMIUM_ID" --gecko-id "$GECKO_ID" "${args[@]}"
}

# ---------------------------------------------------------------- the per-user copy (--install-host)
# The browsers then start <prefix>/lib/zcrm-bridge/zcrm-bridge, not the build folder's: moving or deleting the
# clone breaks nothing. The keyring helper goes beside it, where the host looks for it.
install_host_copy() {
  local lib="$PREFIX/lib/zcrm-bridge" built=$HOST_PATH f name want=()
  copy_file "$built" "$lib/zcrm-bridge" 755
  if [ -f "${built%/*}/zcrm-bridge-keyring" ]; then
    copy_file "${built%/*}/zcrm-bridge-keyring" "$lib/zcrm-bridge-keyring" 755
  else
    echo "note: no zcrm-bridge-keyring beside $built; the vault key stays in a key file" >&2
  fi
  link_file "$lib/zcrm-bridge" "$PREFIX/bin/zcrm-bridge"
  HOST_PATH="$lib/zcrm-bridge"
  # This installer and uninstall.sh beside the copy (the .deb's layout): removing it all needs no clone.
  local kit="$PREFIX/share/zcrm-bridge"
  for f in install.sh uninstall.sh; do [ ! -f "$HERE/$f" ] || copy_file "$HERE/$f" "$kit/installer/$f" 755; done
  copy_file "$TABLE" "$kit/installer/browsers.tsv" 644
  # What --managed-remove needs, so the uninstall can take back the policy setup wrote.
  for f in managed-policy.py policies.tsv; do [ ! -f "$HERE/$f" ] || copy_file "$HERE/$f" "$kit/installer/$f" 644; done
  for f in chromium.json.in firefox.json.in config.json.in identity.env; do
    copy_file "$TEMPLATES/$f" "$kit/manifests/$f" 644
  done
  [ -n "$extension" ] || return 0
  local share="$kit/extension"
  COPIED=0
  while IFS= read -r -d '' f; do
    name=chromium/${f#"$extension/chromium/"}
    want+=("$share/$name")
    copy_file "$f" "$share/$name" 644 quiet
  done < <(find "$extension/chromium" -type f -print0 | sort -z)
  if [ "$COPIED" = 0 ]; then say "up to date $share/chromium (${#want[@]} files)"
  elif [ "$dry" = 1 ]; then say "would write $share/chromium ($COPIED of ${#want[@]} files)"
  else say "wrote $share/chromium ($COPIED of ${#want[@]} files)"; fi
  for f in "$extension"/zcrm-bridge-firefox-[0-9]*.zip; do
    [ -f "$f" ] || continue
    want+=("$share/zcrm-bridge-firefox.zip")
    copy_file "$f" "$share/zcrm-bridge-firefox.zip" 644
  done
  # Files of an earlier package that this one no longer has go, so the unpacked extension is exactly this one.
  local i
  for i in ${REC_KIND[@]+"${!REC_KIND[@]}"}; do
    [[ ${REC_KIND[i]} == file && ${REC_PATH[i]} == "$share/"* ]] || continue
    in_list "${REC_PATH[i]}" ${want[@]+"${want[@]}"} && continue
    if [ "$dry" = 1 ]; then say "would remove ${REC_PATH[i]}"; continue; fi
    rm -f "${REC_PATH[i]}" && say "removed ${REC_PATH[i]}"
    REC_KIND[i]=gone
  done
  [ "$dry" = 1 ] || save_record
}

path_advice() {  # whether `zcrm-bridge` now runs the copy from a shell
  [ "$install_host" = 1 ] && [ "$dry" = 0 ] || return 0
  case ":$PATH:" in
    *":$PREFIX/bin:"*) say "zcrm-bridge is on your PATH ($PREFIX/bin/zcrm-bridge)." ;;
    *) say "note: $PREFIX/bin is not on your PATH, so the command zcrm-bridge is not found yet. Debian's ~/.profile"
       say "  adds ~/.local/bin at your next login once it exists; until then run $PREFIX/bin/zcrm-bridge, or add it:"
       say "  echo 'PATH=\"\$HOME/.local/bin:\$PATH\"' >> ~/.profile" ;;
  esac
}

# ---------------------------------------------------------------- main
if [ -n "$update_url$install_url" ] && [ -z "$managed" ]; then die "--update-url and --install-url go with --managed"; fi
if [ "$managed_remove" = 1 ]; then
  if [ -n "$managed" ] || [ "$uninstall" != 0 ]; then die "--managed-remove goes alone"; fi
  managed_policy remove
  exit 0
fi
if [ -n "$managed" ]; then
  [ "$uninstall" = 0 ] || die "--managed writes policy; to remove it use --managed-remove"
  managed_policy write
  # Policy only, unless the host is to be registered for every user as well.
  [ "$scope" = system ] || exit 0
fi

if [ "$uninstall" = 1 ]; then
  [ ${#browsers[@]} -eq 0 ] || die "--uninstall removes everything installed; it takes no --browser"
  do_uninstall
  exit 0
fi

if [ -z "$host" ]; then
  for h in "${ZCRM_BUILD_DIR:-$HERE/../build}/host/zcrm-bridge" /usr/lib/zcrm-bridge/zcrm-bridge; do
    [ -x "$h" ] && { host=$h; break; }
  done
  [ -n "$host" ] || die "no host program found: build it (cmake --preset default && cmake --build --preset default) or pass --host"
fi
[ -f "$host" ] || die "--host $host: no such file"
[ -x "$host" ] || die "--host $host is not executable: chmod 755 '$host'"
case "$host" in */*) ;; *) host="./$host" ;; esac
HOST_PATH="$(cd "${host%/*}" && pwd -P)/${host##*/}"
case "$HOST_PATH" in *[[:cntrl:]]*) die "the host path contains control characters" ;; esac
if [ "$scope" = system ]; then PREFIX=/usr/local; else PREFIX=$HOME/.local; fi
[ -z "$extension" ] || [ "$install_host" = 1 ] || die "--extension goes with --install-host"
if [ -n "$extension" ]; then
  extension=$(cd "$extension" 2>/dev/null && pwd -P) || die "--extension: no such folder"
  [ -f "$extension/chromium/manifest.json" ] || die "--extension $extension: no chromium/ package (node extension/tools/package.mjs)"
fi

for i in ${profiles[@]+"${!profiles[@]}"}; do
  abs=$(cd "${profiles[i]}" 2>/dev/null && pwd -P) || die "--profile-dir ${profiles[i]}: no such folder"
  profiles[i]=$abs
done

if [ ${#browsers[@]} -eq 0 ]; then
  detect
  [ ${#FOUND[@]} -gt 0 ] || { sandboxed_advice; die "no supported browser found; name one with --browser (${known[*]})"; }
  browsers=("${FOUND[@]}")
  say "Browsers found: ${browsers[*]}"
fi
[ "$scope" = user ] || [ ! -e /var/lib/dpkg/info/zcrm-bridge.list ] ||
  say "note: the zcrm-bridge package already registers the host system-wide for chrome, chromium, edge and firefox"

if [ -f "$STATE/config.json" ] && ! merged_config "$STATE/config.json"; then
  die "$STATE/config.json is not a JSON object (with allowed_extensions a list); fix it or move it away, then run again"
fi
ensure_state
[ "$install_host" = 0 ] || install_host_copy
for b in "${browsers[@]}"; do
  family_of "$b"
  fill "$TEMPLATES/$FAMILY.json.in"
  manifest=$FILLED
  rows "$b" "$os" "$scope"
  if [ ${#ROWS[@]} -gt 0 ]; then
    expand "${ROWS[0]}"; write_file "$REPLY/$HOST_NAME.json" "$manifest"
  else
    echo "note: no $scope-wide folder is known for $b on $os; skipped" >&2
  fi
  if [ "$FAMILY" = chromium ]; then
    for p in ${profiles[@]+"${profiles[@]}"}; do write_file "$p/NativeMessagingHosts/$HOST_NAME.json" "$manifest"; done
  fi
done
merged_config "$STATE/config.json"
write_file "$STATE/config.json" "$MERGED"
sandboxed_advice
if [ "$dry" = 1 ]; then
  say "Dry run: nothing was written."
else
  check="$HOST_PATH doctor"
  for b in "${browsers[@]}"; do check+=" --browser $b"; done
  path_advice
  say "Done. Check it with: $check"
fi
