// Runs one validated request and returns the answer's fields. Throws HostError.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "handlers/context.hpp"
#include "protocol/messages.hpp"

namespace zcrm::handlers {

nlohmann::json Dispatch(Context& ctx, const protocol::Request& request);

// Vault record names; one place so the CLI lists what the handlers write.
std::string TokenRecordName(const std::string& caller, const protocol::Scope& scope);
// account/<client_id>/<dc>, or account/<client_id>/<dc>/<org id> for one org's choice: each org has a record
// of its own, and the record without org (written before orgs were known) stays as it was.
std::string AccountRecordName(const protocol::Scope& scope, const std::optional<std::string>& org);
std::string BudgetRecordName(const std::string& client_id);
std::string HandoutRecordName(const protocol::Scope& scope);
// requests/<caller>/<client_id>/<dc>: per caller, as the token the calls were made with.
std::string RequestLogRecordName(const std::string& caller, const protocol::Scope& scope);

}  // namespace zcrm::handlers
