// What a handler may use: the vault (opened on first use), the caller, the settings and the clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "handlers/settings.hpp"
#include "store/vault.hpp"

namespace zcrm::handlers {

struct Context {
  std::function<store::Vault&()> vault;  // throws HostError when the state cannot be opened
  std::string caller;                    // "chromium:<id>" or "firefox:<id>"
  Settings settings;
  std::function<std::int64_t()> now_ms;
};

}  // namespace zcrm::handlers
