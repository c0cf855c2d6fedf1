#include "protocol/messages.hpp"

#include <array>

namespace zcrm::protocol {

bool IsDataCentre(std::string_view code) {
  static constexpr std::array<std::string_view, 9> kCodes = {"us", "eu", "in", "au", "jp", "ca", "sa", "uk", "cn"};
  for (auto c : kCodes) {
    if (c == code) return true;
  }
  return false;
}

std::string_view BudgetKindName(BudgetKind kind) { return kind == BudgetKind::kLogin ? "login" : "refresh"; }

nlohmann::json AccountToJson(const Account& account) {
  nlohmann::json j = {{"id", account.id}, {"name", account.name}, {"kind", account.kind}};
  if (account.module) j["module"] = *account.module;
  return j;
}

}  // namespace zcrm::protocol
