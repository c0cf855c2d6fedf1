// Builders for the requests of docs/PROTOCOL.md, so tests read as the conversation they have with the host.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "host_process.hpp"

namespace zcrm::integration {

inline constexpr const char* kClient = "1000.ITEST";
inline constexpr const char* kDc = "us";

inline Json Hello(const Json& id) {
  return {{"id", id}, {"type", "hello"}};
}

// Any message that takes client_id and dc: token.get/status/forget, account.get/clear/recent.
inline Json Scoped(const Json& id, const std::string& type, const std::string& client = kClient,
                   const std::string& dc = kDc) {
  return {{"id", id}, {"type", type}, {"client_id", client}, {"dc", dc}};
}

// token.store with the fragment as Zoho sends it: every value a string.
inline Json TokenStore(const Json& id, const std::string& access_token, const std::string& client = kClient,
                       const std::string& dc = kDc, const std::string& expires_in = "3600",
                       const std::string& source = "login") {
  return {{"id", id},
          {"type", "token.store"},
          {"client_id", client},
          {"dc", dc},
          {"source", source},
          {"token",
           {{"access_token", access_token},
            {"expires_in", expires_in},
            {"api_domain", "https://www.zohoapis.com"},
            {"scope", "ZohoCRM.users.READ"},
            {"granted_for_session", "true"},
            {"token_type", "Bearer"}}}};
}

inline Json AccountChoose(const Json& id, const std::string& account_id, const std::string& name,
                          const std::string& client = kClient, const std::string& dc = kDc) {
  return {{"id", id},
          {"type", "account.choose"},
          {"client_id", client},
          {"dc", dc},
          {"account", {{"id", account_id}, {"name", name}, {"kind", "record"}, {"module", "Accounts"}}}};
}

inline Json BudgetReserve(const Json& id, const std::string& kind, const std::string& client = kClient) {
  return {{"id", id}, {"type", "budget.reserve"}, {"client_id", client}, {"kind", kind}};
}

inline Json BudgetGet(const Json& id, const std::string& client = kClient) {
  return {{"id", id}, {"type", "budget.get"}, {"client_id", client}};
}

inline Json BudgetBlock(const Json& id, const std::string& kind, const std::string& client = kClient) {
  return {{"id", id}, {"type", "budget.block"}, {"client_id", client}, {"kind", kind}};
}

// One entry of request.record: a CRM call the extension made for a web app.
inline Json CrmCall(const std::string& origin, const std::string& method, const std::string& path,
                    int status) {
  return {{"origin", origin}, {"method", method}, {"path", path}, {"status", status}};
}

inline Json RequestRecord(const Json& id, const Json& entries, const std::string& client = kClient,
                          const std::string& dc = kDc) {
  Json request = Scoped(id, "request.record", client, dc);
  request["entries"] = entries;
  return request;
}

inline std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace zcrm::integration
