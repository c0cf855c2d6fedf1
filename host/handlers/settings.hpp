// The limits the handlers apply, from config.json (app/config.cpp); defaults are what Zoho users observe.
#pragma once

#include <cstdint>

#include "budget/sliding_window.hpp"

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

}  // namespace zcrm::handlers
