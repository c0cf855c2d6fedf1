#include "protocol/parse.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "error/host_error.hpp"
#include "protocol/fields.hpp"

namespace zcrm::protocol {
namespace {

using Json = nlohmann::json;

bool IsUrlOnLoopback(std::string_view url) {
  for (std::string_view p : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    if (url.substr(0, p.size()) == p && (url.size() == p.size() || url[p.size()] == ':' || url[p.size()] == '/')) {
      return true;
    }
  }
  return false;
}

Scope ReadScope(const Fields& f) { return Scope{f.ClientId(), f.Dc()}; }

TokenFields ReadToken(const Json& object) {
  Fields f(object, "token.");
  TokenFields t;
  t.access_token = f.RequiredString("access_token", 1, 4096);
  if (std::any_of(t.access_token.begin(), t.access_token.end(), [](char c) { return c == ' '; })) {
    f.Fail("access_token", "must not contain spaces");
  }
  t.expires_in_s = f.RequiredInteger("expires_in", 1, 86400);
  t.api_domain = f.OptionalString("api_domain", 256);
  // Zoho's API domains are https; plain http is accepted only on loopback, for local fakes and proxies.
  if (t.api_domain && t.api_domain->rfind("https://", 0) != 0 && !IsUrlOnLoopback(*t.api_domain)) {
    f.Fail("api_domain", "must be an https:// URL");
  }
  t.location = f.OptionalString("location", 8);
  if (t.location && !IsDataCentre(*t.location)) f.Fail("location", "is not a data centre this host knows");
  t.scope = f.OptionalString("scope", 2048);
  t.granted_for_session = f.OptionalBool("granted_for_session");
  t.token_type = f.OptionalString("token_type", 32);
  return t;
}

Account ReadAccount(const Json& object) {
  Fields f(object, "account.");
  Account a;
  a.id = f.RequiredString("id", 1, 64);
  a.name = f.RequiredString("name", 1, 256);
  a.kind = f.RequiredString("kind", 1, 16);
  if (a.kind != "user" && a.kind != "record") f.Fail("kind", "must be \"user\" or \"record\"");
  a.module = f.OptionalString("module", 64);
  if (a.kind == "record" && (!a.module || a.module->empty())) f.Fail("module", "is required for a record");
  if (a.kind == "user" && a.module) f.Fail("module", "must be absent for a user");
  return a;
}

using Parser = std::function<Request(const Json&, const Fields&)>;

const std::unordered_map<std::string, Parser>& Parsers() {
  static const std::unordered_map<std::string, Parser> kParsers = {
      {"hello", [](const Json&, const Fields&) -> Request { return Hello{}; }},
      {"token.store",
       [](const Json&, const Fields& f) -> Request {
         auto source = f.RequiredString("source", 1, 16);
         if (source != "login" && source != "refresh") f.Fail("source", "must be \"login\" or \"refresh\"");
         return TokenStore{ReadScope(f), source == "login" ? TokenSource::kLogin : TokenSource::kRefresh,
                           ReadToken(f.RequiredObject("token")), f.OptionalInteger("refresh_margin_s", 0, 3600)};
       }},
      {"token.get", [](const Json&, const Fields& f) -> Request { return TokenGet{ReadScope(f)}; }},
      {"token.status", [](const Json&, const Fields& f) -> Request { return TokenStatus{ReadScope(f)}; }},
      {"token.forget", [](const Json&, const Fields& f) -> Request { return TokenForget{ReadScope(f)}; }},
      {"budget.reserve",
       [](const Json&, const Fields& f) -> Request {
         auto client_id = f.ClientId();
         auto kind = f.RequiredString("kind", 1, 16);
         if (kind != "login" && kind != "refresh") f.Fail("kind", "must be \"login\" or \"refresh\"");
         return BudgetReserve{client_id, kind == "login" ? BudgetKind::kLogin : BudgetKind::kRefresh};
       }},
      {"budget.get", [](const Json&, const Fields& f) -> Request { return BudgetGet{f.ClientId()}; }},
      {"account.choose",
       [](const Json&, const Fields& f) -> Request {
         return AccountChoose{ReadScope(f), ReadAccount(f.RequiredObject("account"))};
       }},
      {"account.get", [](const Json&, const Fields& f) -> Request { return AccountGet{ReadScope(f)}; }},
      {"account.recent",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         auto limit = f.OptionalInteger("limit", 1, kMaxRecentAccounts).value_or(kMaxRecentAccounts);
         return AccountRecent{scope, static_cast<int>(limit)};
       }},
      {"account.clear", [](const Json&, const Fields& f) -> Request { return AccountClear{ReadScope(f)}; }},
  };
  return kParsers;
}

}  // namespace

void ParseEnvelope(std::string_view frame, Envelope& envelope) {
  if (frame.empty()) throw HostError(ErrorCode::kInvalidJson, "The message is empty.");
  const auto too_deep = [](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxJsonDepth) {
      throw HostError(ErrorCode::kInvalidJson,
                      "The message nests deeper than " + std::to_string(kMaxJsonDepth) + " levels.");
    }
    return true;
  };
  try {
    envelope.body = Json::parse(frame.begin(), frame.end(), too_deep);
  } catch (const Json::exception& e) {
    throw HostError(ErrorCode::kInvalidJson, std::string("The message is not valid UTF-8 JSON: ") + e.what());
  }
  if (!envelope.body.is_object()) throw HostError(ErrorCode::kBadRequest, "The message must be a JSON object.");
  auto it = envelope.body.find("id");
  if (it == envelope.body.end()) throw HostError(ErrorCode::kBadRequest, "Field 'id' is required.");
  if (it->is_number_integer() || (it->is_string() && it->get_ref<const std::string&>().size() <= kMaxIdLength)) {
    envelope.id = *it;
  } else {
    throw HostError(ErrorCode::kBadRequest, "Field 'id' must be an integer or a string of at most 128 bytes.");
  }
}

Request ParseRequest(const Json& body) {
  Fields f(body);
  auto type = f.RequiredString("type", 1, 64);
  auto it = Parsers().find(type);
  if (it == Parsers().end()) {
    throw HostError(ErrorCode::kUnknownType, "Message type '" + type + "' is not part of protocol v1.");
  }
  return it->second(body, f);
}

}  // namespace zcrm::protocol
