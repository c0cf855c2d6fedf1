// Runs one validated request and returns the answer's fields. Throws HostError.
#pragma once

#include <nlohmann/json.hpp>

#include "handlers/context.hpp"
#include "protocol/messages.hpp"

namespace zcrm::handlers {

nlohmann::json Dispatch(Context& ctx, const protocol::Request& request);

}  // namespace zcrm::handlers
