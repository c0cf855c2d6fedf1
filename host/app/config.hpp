// config.json in the state directory: who may call, and the limits. Not secret; written by the installer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "handlers/context.hpp"

namespace zcrm::app {

struct Config {
  std::vector<std::string> allowed_extensions;
  handlers::Settings settings;
};

// The state directory: $ZCRM_BRIDGE_HOME, else $XDG_CONFIG_HOME/zcrm-bridge, else $HOME/.config/zcrm-bridge.
std::filesystem::path StateDir();

// A missing file gives the defaults with no allowed extension. Throws HostError CONFIG_INVALID naming the field.
Config LoadConfig(const std::filesystem::path& state_dir);

}  // namespace zcrm::app
