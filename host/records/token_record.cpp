#include "records/token_record.hpp"

#include <nlohmann/json.hpp>

#include "records/json_fields.hpp"
#include "records/malformed_record.hpp"

namespace zcrm::records {

using detail::PutIf;
using nlohmann::json;

namespace {

// A field that must be there, or may be absent, and must have the type T when it is there.
template <typename T>
std::optional<T> Field(const json& object, const char* key, bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) throw MalformedRecord(std::string("The stored token has no '") + key + "'.");
    return std::nullopt;
  }
  const bool fits = std::is_same_v<T, std::string>    ? it->is_string()
                    : std::is_same_v<T, bool>         ? it->is_boolean()
                    : std::is_same_v<T, std::int64_t> ? it->is_number_integer()
                                                      : it->is_object();
  if (!fits) throw MalformedRecord(std::string("The stored token's '") + key + "' has the wrong type.");
  return it->get<T>();
}

template <typename T>
T Required(const json& object, const char* key) {
  return *Field<T>(object, key, true);
}

template <typename T>
std::optional<T> Optional(const json& object, const char* key) {
  return Field<T>(object, key, false);
}

}  // namespace

json ToJson(const OrgRecord& org) {
  json out = {{"id", org.id}};
  PutIf(out, "name", org.name);
  PutIf(out, "type", org.type);
  return out;
}

OrgRecord OrgFromJson(const json& stored) {
  if (!stored.is_object()) throw MalformedRecord("The stored token's 'org' is not an object.");
  return {Required<std::string>(stored, "id"), Optional<std::string>(stored, "name"),
          Optional<std::string>(stored, "type")};
}

json ToJson(const UserRecord& user) {
  json out = json::object();
  PutIf(out, "name", user.name);
  PutIf(out, "email", user.email);
  return out;
}

UserRecord UserFromJson(const json& stored) {
  if (!stored.is_object()) throw MalformedRecord("The stored token's 'user' is not an object.");
  return {Optional<std::string>(stored, "name"), Optional<std::string>(stored, "email")};
}

json PublicJson(const TokenRecord& token, std::int64_t now_ms) {
  json out = {{"expired", token.ExpiredAt(now_ms)},
              {"dc", token.dc},
              {"source", token.source},
              {"stored_at", token.stored_at},
              {"expires_at", token.expires_at},
              {"refresh_at", token.refresh_at}};
  PutIf(out, "api_domain", token.api_domain);
  PutIf(out, "scope", token.scope);
  PutIf(out, "granted_for_session", token.granted_for_session);
  PutIf(out, "token_type", token.token_type);
  if (token.org) out["org"] = ToJson(*token.org);
  if (token.user) out["user"] = ToJson(*token.user);
  return out;
}

json ToJson(const TokenRecord& token) {
  json out = PublicJson(token, 0);
  out.erase("expired");  // a view of the moment, not a stored fact
  out["access_token"] = token.access_token;
  return out;
}

TokenRecord TokenFromJson(const json& stored) {
  if (!stored.is_object()) throw MalformedRecord("The stored token is not an object.");
  TokenRecord token;
  token.access_token = Required<std::string>(stored, "access_token");
  token.dc = Required<std::string>(stored, "dc");
  token.source = Required<std::string>(stored, "source");
  token.stored_at = Required<std::int64_t>(stored, "stored_at");
  token.expires_at = Required<std::int64_t>(stored, "expires_at");
  token.refresh_at = Required<std::int64_t>(stored, "refresh_at");
  token.api_domain = Optional<std::string>(stored, "api_domain");
  token.scope = Optional<std::string>(stored, "scope");
  token.granted_for_session = Optional<bool>(stored, "granted_for_session");
  token.token_type = Optional<std::string>(stored, "token_type");
  if (const auto org = Optional<json>(stored, "org")) token.org = OrgFromJson(*org);
  if (const auto user = Optional<json>(stored, "user")) token.user = UserFromJson(*user);
  return token;
}

}  // namespace zcrm::records
