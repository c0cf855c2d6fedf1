#include "handlers/dispatch.hpp"

#include "handlers/handlers.hpp"

namespace zcrm::handlers {

std::string TokenRecordName(const std::string& caller, const protocol::Scope& scope) {
  return "token/" + caller + "/" + scope.client_id + "/" + scope.dc;
}
std::string AccountRecordName(const protocol::Scope& scope, const std::optional<std::string>& org) {
  // An org ID is digits only (protocol/parse.cpp), so it can never make one name look like another.
  auto name = "account/" + scope.client_id + "/" + scope.dc;
  return org ? name + "/" + *org : name;
}
std::string BudgetRecordName(const std::string& client_id) {
  return "budget/" + client_id;
}
std::string HandoutRecordName(const protocol::Scope& scope) {
  return "handouts/" + scope.client_id + "/" + scope.dc;
}

std::string RequestLogRecordName(const std::string& caller, const protocol::Scope& scope) {
  return "requests/" + caller + "/" + scope.client_id + "/" + scope.dc;
}

nlohmann::json Dispatch(Context& ctx, const protocol::Request& request) {
  return std::visit([&](const auto& r) { return Handle(ctx, r); }, request);
}

}  // namespace zcrm::handlers
