#include "protocol/messages.hpp"

#include <algorithm>
#include <array>

namespace zcrm::protocol {

bool IsDataCentre(std::string_view code) {
  static constexpr std::array<std::string_view, 10> kCodes = {"us", "eu", "in", "au", "jp",
                                                              "ca", "sa", "uk", "cn", "ae"};
  for (auto c : kCodes) {
    if (c == code) return true;
  }
  return false;
}

bool IsWebOrigin(std::string_view origin) {
  if (origin.size() > kMaxOriginLength) return false;
  std::string_view rest;
  bool https = false;
  if (origin.rfind("https://", 0) == 0) {
    rest = origin.substr(8);
    https = true;
  } else if (origin.rfind("http://", 0) == 0) {
    rest = origin.substr(7);
  } else {
    return false;
  }
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) != std::string_view::npos)
    colon = std::string_view::npos;
  auto host = rest.substr(0, colon);
  if (colon != std::string_view::npos) {
    auto port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
  }
  if (host.empty()) return false;
  if (host == "[::1]") return true;
  const bool ok_chars = std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
  if (!ok_chars || host.front() == '.' || host.back() == '.') return false;
  return https || host == "localhost" || host == "127.0.0.1";
}

std::string_view BudgetKindName(BudgetKind kind) {
  return kind == BudgetKind::kLogin ? "login" : "refresh";
}

nlohmann::json AccountToJson(const Account& account) {
  nlohmann::json j = {{"id", account.id}, {"name", account.name}, {"kind", account.kind}};
  if (account.module) j["module"] = *account.module;
  return j;
}

nlohmann::json OrgToJson(const Org& org) {
  nlohmann::json j = {{"id", org.id}};
  if (org.name) j["name"] = *org.name;
  if (org.type) j["type"] = *org.type;
  return j;
}

}  // namespace zcrm::protocol
