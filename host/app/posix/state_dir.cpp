#include <cstdlib>

#include "app/config.hpp"

namespace zcrm::app {

std::filesystem::path SystemConfigPath() {
  return "/etc/zcrm-bridge/config.json";
}

std::filesystem::path StateDir() {
  if (const char* dir = std::getenv("ZCRM_BRIDGE_HOME"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "zcrm-bridge";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/") / ".config" / "zcrm-bridge";
}

}  // namespace zcrm::app
