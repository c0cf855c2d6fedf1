// What a handler may use: the vault (opened on first use), the caller, the settings and the clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "budget/sliding_window.hpp"
#include "store/vault.hpp"

namespace zcrm::handlers {

struct Settings {
  // Refresh this long before expiry, so callers never refresh on every request nor race the expiry.
  std::int64_t refresh_margin_ms = 5 * 60 * 1000;
  // What Zoho users observe with the client-based flow.
  budget::Limit login{10, 10 * 60 * 1000};
  budget::Limit refresh{20, 20 * 60 * 1000};
  // How long Zoho refuses new tokens for a client ID that asked too often: "for the next ten minutes"
  // (zoho.com/analytics/api/v2/authentication/refresh-token.html), counted from the last refused attempt.
  std::int64_t zoho_block_ms = 10 * 60 * 1000;
};

struct Context {
  std::function<store::Vault&()> vault;  // throws HostError when the state cannot be opened
  std::string caller;                    // "chromium:<id>" or "firefox:<id>"
  Settings settings;
  std::function<std::int64_t()> now_ms;
};

}  // namespace zcrm::handlers
