// config.json in the state directory: who may call, and the limits. Not secret; written by the installer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "handlers/settings.hpp"
#include "store/key_store.hpp"

namespace zcrm::app {

struct Config {
  std::vector<std::string> allowed_extensions;
  handlers::Settings settings;
  // "key_store": where the first start puts the vault key ("auto", "keyring" or "file").
  store::KeyPreference key_store = store::KeyPreference::kAuto;
};

// The state directory: $ZCRM_BRIDGE_HOME, else $XDG_CONFIG_HOME/zcrm-bridge, else $HOME/.config/zcrm-bridge
// (app/posix/state_dir.cpp). Windows (app/windows/state_dir.cpp): %ZCRM_BRIDGE_HOME%, else
// %LOCALAPPDATA%\zcrm-bridge.
std::filesystem::path StateDir();

// Where a machine-wide install keeps the allowed callers for every user: /etc/zcrm-bridge/config.json
// (app/posix/state_dir.cpp); on Windows config.json beside zcrm-bridge.exe (app/windows/state_dir.cpp), which
// install.ps1 -System writes into %ProgramFiles%\zcrm-bridge. The MSI writes the per-user config.json.
std::filesystem::path SystemConfigPath();

// <state_dir>/config.json, else system_config when the state folder has none. No file at all gives the
// defaults with no allowed extension. Throws HostError CONFIG_INVALID naming the field, KEY_UNSAFE when
// <state_dir>/config.json is a symbolic link, STATE_UNAVAILABLE when it cannot be read.
Config LoadConfig(const std::filesystem::path& state_dir,
                  const std::filesystem::path& system_config = SystemConfigPath());

}  // namespace zcrm::app
