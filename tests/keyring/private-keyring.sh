#!/usr/bin/env bash
# Runs a command with a Secret Service of its own: a private D-Bus session bus and a gnome-keyring-daemon whose
# login keyring lives in a temporary HOME, unlocked with a throwaway password. Nothing reaches the real session
# bus, keyring or $HOME; the folder is removed afterwards.
#
#   tests/keyring/private-keyring.sh COMMAND [ARGS...]
#
# The command sees ZCRM_TEST_KEYRING_PASSWORD (to restart the daemon unlocked) and a normal session environment.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "private-keyring.sh: $tool is missing (installer/deps.sh installs it)" >&2; exit 2; }
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/zcrm-keyring-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
mkdir -m 700 "$scratch/home" "$scratch/run"
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/.local/share XDG_CONFIG_HOME=$scratch/home/.config
export XDG_CACHE_HOME=$scratch/home/.cache XDG_RUNTIME_DIR=$scratch/run
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DISPLAY WAYLAND_DISPLAY
# Not a secret: it unlocks a keyring that exists only for this run.
export ZCRM_TEST_KEYRING_PASSWORD=zcrm-test-keyring
# Not exec: this shell must outlive the command, so that the EXIT trap above removes the scratch folder.
# shellcheck disable=SC2016  # expanded by the inner shell
dbus-run-session -- bash -c '
  printf %s "$ZCRM_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' private-keyring "$@"
