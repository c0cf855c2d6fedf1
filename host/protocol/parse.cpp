#include "protocol/parse.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "error/host_error.hpp"
#include "protocol/fields.hpp"
#include "protocol/json_text.hpp"
#include "protocol/request_entries.hpp"

namespace zcrm::protocol {
namespace {

using Json = nlohmann::json;

// http://<loopback>[:port][/...] with nothing else in the authority (no user info that would hide another
// host).
bool IsUrlOnLoopback(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return false;
  auto authority = url.substr(kScheme.size());
  authority = authority.substr(0, authority.find_first_of("/?#"));
  for (std::string_view host : {"127.0.0.1", "localhost", "[::1]"}) {
    if (authority.substr(0, host.size()) != host) continue;
    auto port = authority.substr(host.size());
    if (port.empty()) return true;
    return port.size() >= 2 && port.size() <= 6 && port[0] == ':' &&
           std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

Scope ReadScope(const Fields& f) {
  return Scope{f.ClientId(), f.Dc(), f.Installation()};
}

TokenFields ReadToken(const Json& object) {
  Fields f(object, "token.");
  TokenFields t;
  t.access_token = f.RequiredString("access_token", 1, kMaxAccessTokenLength);
  if (std::any_of(t.access_token.begin(), t.access_token.end(), [](char c) { return c == ' '; })) {
    f.Fail("access_token", "must not contain spaces");
  }
  t.expires_in_s = f.RequiredInteger("expires_in", 1, kMaxTokenLifetimeSeconds);
  t.api_domain = f.OptionalString("api_domain", kMaxApiDomainLength);
  // Zoho's API domains are https; plain http is accepted only on loopback, for local fakes and proxies.
  if (t.api_domain && t.api_domain->rfind("https://", 0) != 0 && !IsUrlOnLoopback(*t.api_domain)) {
    f.Fail("api_domain", "must be an https:// URL");
  }
  t.location = f.OptionalString("location", kMaxDataCentreLength);
  if (t.location && !IsDataCentre(*t.location)) f.Fail("location", "is not a data centre this host knows");
  t.scope = f.OptionalString("scope", kMaxScopeLength);
  t.granted_for_session = f.OptionalBool("granted_for_session");
  t.token_type = f.OptionalString("token_type", kMaxTokenTypeLength);
  return t;
}

Account ReadAccount(const Json& object) {
  Fields f(object, "account.");
  Account a;
  a.id = f.RequiredString("id", 1, kMaxAccountIdLength);
  a.name = f.RequiredString("name", 1, kMaxAccountNameLength);
  a.kind = f.RequiredString("kind", 1, kMaxEnumWordLength);
  if (a.kind != "user" && a.kind != "record") f.Fail("kind", "must be \"user\" or \"record\"");
  a.module = f.OptionalString("module", kMaxModuleNameLength);
  if (a.kind == "record" && (!a.module || a.module->empty())) f.Fail("module", "is required for a record");
  if (a.kind == "user" && a.module) f.Fail("module", "must be absent for a user");
  return a;
}

// 1–kMaxOrgIdLength decimal digits. The ID becomes part of the account record's name, so nothing else passes.
std::optional<std::string> ReadOrgId(const Fields& f, std::string_view name) {
  auto id = f.OptionalString(name, kMaxOrgIdLength);
  if (!id) return std::nullopt;
  if (id->empty()) f.Fail(name, "must not be empty");
  if (!std::all_of(id->begin(), id->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    f.Fail(name, "may only hold the digits 0-9");
  }
  return id;
}

std::optional<Org> ReadOrg(const Fields& request) {
  const auto* object = request.OptionalObject("org");
  if (!object) return std::nullopt;
  Fields f(*object, "org.");
  Org org;
  auto id = ReadOrgId(f, "id");
  if (!id) f.Fail("id", "is required");
  org.id = *id;
  org.name = f.OptionalString("name", kMaxOrgNameLength);
  org.type = f.OptionalString("type", kMaxEnumWordLength);
  if (org.type && *org.type != "production" && *org.type != "sandbox" && *org.type != "developer") {
    f.Fail("type", "must be \"production\", \"sandbox\" or \"developer\"");
  }
  return org;
}

std::optional<User> ReadUser(const Fields& request) {
  const auto* object = request.OptionalObject("user");
  if (!object) return std::nullopt;
  Fields f(*object, "user.");
  User user{f.OptionalString("name", kMaxUserNameLength), f.OptionalString("email", kMaxUserEmailLength)};
  if (!user.name && !user.email) f.Fail("name", "or email is required");
  return user;
}

BudgetKind ReadBudgetKind(const Fields& f) {
  auto kind = f.RequiredString("kind", 1, kMaxEnumWordLength);
  if (kind != "login" && kind != "refresh") f.Fail("kind", "must be \"login\" or \"refresh\"");
  return kind == "login" ? BudgetKind::kLogin : BudgetKind::kRefresh;
}

using Parser = std::function<Request(const Json&, const Fields&)>;

const std::unordered_map<std::string, Parser>& Parsers() {
  static const std::unordered_map<std::string, Parser> kParsers = {
      {"hello", [](const Json&, const Fields&) -> Request { return Hello{}; }},
      {"token.store",
       [](const Json&, const Fields& f) -> Request {
         auto source = f.RequiredString("source", 1, kMaxEnumWordLength);
         if (source != "login" && source != "refresh") f.Fail("source", "must be \"login\" or \"refresh\"");
         return TokenStore{ReadScope(f),
                           source == "login" ? TokenSource::kLogin : TokenSource::kRefresh,
                           ReadToken(f.RequiredObject("token")),
                           f.OptionalInteger("refresh_margin_s", 0, kMaxRefreshMarginSeconds),
                           ReadOrg(f),
                           ReadUser(f)};
       }},
      {"token.get",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         return TokenGet{scope, f.OptionalOrigin("for_origin")};
       }},
      {"token.handouts",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         auto limit = f.OptionalInteger("limit", 1, kMaxHandouts).value_or(kMaxHandouts);
         return TokenHandouts{scope, static_cast<int>(limit)};
       }},
      {"token.status", [](const Json&, const Fields& f) -> Request { return TokenStatus{ReadScope(f)}; }},
      {"token.forget", [](const Json&, const Fields& f) -> Request { return TokenForget{ReadScope(f)}; }},
      {"token.list", [](const Json&, const Fields& f) -> Request { return TokenList{f.ClientId()}; }},
      {"budget.reserve",
       [](const Json&, const Fields& f) -> Request {
         auto client_id = f.ClientId();
         return BudgetReserve{client_id, ReadBudgetKind(f)};
       }},
      {"budget.get", [](const Json&, const Fields& f) -> Request { return BudgetGet{f.ClientId()}; }},
      {"budget.block",
       [](const Json&, const Fields& f) -> Request {
         auto client_id = f.ClientId();
         return BudgetBlock{client_id, ReadBudgetKind(f)};
       }},
      {"request.record",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         return RequestRecord{scope, ReadRequestEntries(f)};
       }},
      {"request.log",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         auto origin = f.OptionalOrigin("origin");
         auto limit = f.OptionalInteger("limit", 1, kMaxRequestLog).value_or(kMaxRequestLog);
         return RequestLog{scope, origin, static_cast<int>(limit)};
       }},
      {"account.choose",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         auto account = ReadAccount(f.RequiredObject("account"));
         return AccountChoose{scope, account, ReadOrgId(f, "org")};
       }},
      {"account.get",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         return AccountGet{scope, ReadOrgId(f, "org")};
       }},
      {"account.recent",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         auto limit = f.OptionalInteger("limit", 1, kMaxRecentAccounts).value_or(kMaxRecentAccounts);
         return AccountRecent{scope, static_cast<int>(limit), ReadOrgId(f, "org")};
       }},
      {"account.clear",
       [](const Json&, const Fields& f) -> Request {
         auto scope = ReadScope(f);
         return AccountClear{scope, ReadOrgId(f, "org")};
       }},
      {"index.key",
       [](const Json&, const Fields& f) -> Request {
         auto index = f.RequiredString("index", 1, kMaxIndexIdLength);
         const auto allowed = [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == ':' || c == '-';
         };
         if (!std::all_of(index.begin(), index.end(), allowed))
           f.Fail("index", "may hold only A-Za-z0-9._:-");
         return IndexKey{index};
       }},
  };
  return kParsers;
}

}  // namespace

void ParseEnvelope(std::string_view frame, Envelope& envelope) {
  if (frame.empty()) throw HostError(ErrorCode::kInvalidJson, "The message is empty.");
  // The parser stops at a NUL byte as if the text ended there; valid JSON never holds a raw NUL.
  if (frame.find('\0') != std::string_view::npos) {
    throw HostError(ErrorCode::kInvalidJson, "The message holds a NUL byte, which JSON never does.");
  }
  if (MaxNesting(frame) > kMaxJsonDepth) {
    throw HostError(ErrorCode::kInvalidJson,
                    "The message nests deeper than " + std::to_string(kMaxJsonDepth) + " levels.");
  }
  auto parsed = ParseJsonText(frame);
  if (const auto* error = std::get_if<JsonErrorAt>(&parsed)) {
    // Only the position: the parser's own text quotes the input, which may be huge (or a secret).
    throw HostError(ErrorCode::kInvalidJson, "The message is not valid UTF-8 JSON (error at byte " +
                                                 std::to_string(error->byte) + ").");
  }
  envelope.body = std::move(std::get<Json>(parsed));
  if (!envelope.body.is_object())
    throw HostError(ErrorCode::kBadRequest, "The message must be a JSON object.");
  auto it = envelope.body.find("id");
  if (it == envelope.body.end()) throw HostError(ErrorCode::kBadRequest, "Field 'id' is required.");
  if (it->is_number_integer() ||
      (it->is_string() && Utf8Length(it->get_ref<const std::string&>()) <= kMaxIdLength)) {
    envelope.id = *it;
  } else {
    throw HostError(ErrorCode::kBadRequest, "Field 'id' must be an integer or a string of at most " +
                                                std::to_string(kMaxIdLength) + " characters.");
  }
}

Request ParseRequest(const Json& body) {
  Fields f(body);
  auto type = f.RequiredString("type", 1, kMaxTypeLength);
  auto it = Parsers().find(type);
  if (it == Parsers().end()) {
    // The caller's value is not quoted back: whatever it holds would reach a page or a log unchanged.
    throw HostError(ErrorCode::kUnknownType, "Field 'type' names no message of protocol v1.");
  }
  return it->second(body, f);
}

}  // namespace zcrm::protocol
