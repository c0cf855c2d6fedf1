// Runs one validated request and returns the answer's fields. Throws HostError.
#pragma once

#include <nlohmann/json.hpp>

#include "handlers/context.hpp"
#include "protocol/messages.hpp"

namespace zcrm::handlers {

nlohmann::json Dispatch(Context& ctx, const protocol::Request& request);

// Vault record names; one place so the CLI lists what the handlers write.
std::string TokenRecordName(const std::string& caller, const protocol::Scope& scope);
std::string AccountRecordName(const protocol::Scope& scope);
std::string BudgetRecordName(const std::string& client_id);
std::string HandoutRecordName(const protocol::Scope& scope);

}  // namespace zcrm::handlers
