// Builds answer frames. Never returns a body over the outbound frame limit.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "error/host_error.hpp"

namespace zcrm::protocol {

// Matches wire::kMaxOutboundFrame; browsers close the port on anything larger.
inline constexpr std::size_t kMaxResponseBytes = 1024 * 1024;

// fields must be an object; its keys are merged next to "id" and "ok".
std::string OkResponse(const nlohmann::json& id, nlohmann::json fields);
std::string ErrorResponse(const nlohmann::json& id, const HostError& error);

}  // namespace zcrm::protocol
