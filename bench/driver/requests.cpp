#include "requests.hpp"

#include <nlohmann/json.hpp>

#include "die.hpp"

namespace zcrm::bench {
namespace {

// Insertion order kept, so a request reads like the protocol's examples (id and type first).
using Json = nlohmann::ordered_json;

Json Request(long id, const char* type) {
  return Json{{"id", id}, {"type", type}};
}

Json ForBenchClient(long id, const char* type) {
  Json r = Request(id, type);
  r["client_id"] = kClientId;
  r["dc"] = "us";
  return r;
}

// A realistic refresh answer from Zoho, about 320 bytes once encrypted; `serial` makes each one distinct.
Json StoreToken(long id, const std::string& client_id, long serial) {
  Json r = Request(id, "token.store");
  r["client_id"] = client_id;
  r["dc"] = "us";
  r["source"] = "refresh";
  r["token"] = Json{{"access_token", "1000." + std::to_string(serial) +
                                         "a3f9c0d2e4b6a8c0e2f4a6b8c0d2e4f6.0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"},
                    {"expires_in", "86400"},
                    {"api_domain", "https://www.zohoapis.com"},
                    {"location", "us"},
                    {"scope", "ZohoCRM.users.READ,ZohoCRM.modules.ALL"},
                    {"granted_for_session", "true"},
                    {"token_type", "Bearer"}};
  return r;
}

constexpr long kReserveRotation = 16;

}  // namespace

std::string HelloRequest(long id) {
  return Request(id, "hello").dump();
}

std::string TokenGetRequest(long id) {
  return ForBenchClient(id, "token.get").dump();
}

std::string TokenGetForOriginRequest(long id) {
  Json r = ForBenchClient(id, "token.get");
  r["for_origin"] = "http://localhost";
  return r.dump();
}

std::string AccountGetRequest(long id) {
  return ForBenchClient(id, "account.get").dump();
}

std::string BudgetReserveRequest(long id) {
  Json r = Request(id, "budget.reserve");
  r["client_id"] = "1000.BUDGET" + std::to_string(id % kReserveRotation);
  r["kind"] = "refresh";
  return r.dump();
}

std::string StoreOwnTokenRequest(long id) {
  return StoreToken(id, kClientId, id).dump();
}

std::string StoreWriterTokenRequest(int writer, long id) {
  return StoreToken(id, "1000.W" + std::to_string(writer), id).dump();
}

std::string StoreFillerTokenRequest(long id) {
  return StoreToken(id, "1000.F" + std::to_string(id), id).dump();
}

std::string ChooseAccountRequest() {
  Json r = ForBenchClient(1, "account.choose");
  r["account"] =
      Json{{"id", "4150868000000225013"}, {"name", "Zylker Inc"}, {"kind", "record"}, {"module", "Accounts"}};
  return r.dump();
}

std::string BenchConfig() {
  const Json window{{"max", 10000}, {"window_s", 1}};
  return Json{{"allowed_extensions", Json::array({kExtensionId})},
              {"limits", Json{{"login", window}, {"refresh", window}}}}
      .dump();
}

void CheckOk(const std::string& answer, const std::string& what) {
  const Json parsed = Json::parse(answer, nullptr, /*allow_exceptions=*/false);
  const bool ok = parsed.is_object() && parsed.contains("ok") && parsed["ok"] == true;
  if (!ok) Die("%s answered: %s", what.c_str(), answer.c_str());
}

void CheckHelloNamesCaller(const std::string& answer) {
  const Json parsed = Json::parse(answer, nullptr, /*allow_exceptions=*/false);
  const std::string expected = std::string("chromium:") + kExtensionId;
  if (!parsed.is_object() || parsed.value("caller", Json()) != expected) {
    Die("hello does not name the caller: %s", answer.c_str());
  }
}

}  // namespace zcrm::bench
