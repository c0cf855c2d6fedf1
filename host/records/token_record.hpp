// The token record (token/<caller>/<client_id>/<dc>): one Zoho access token and what is known about it.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace zcrm::records {

// The Zoho CRM organization the token is bound to, as token.store gave it.
struct OrgRecord {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> type;
  bool operator==(const OrgRecord&) const = default;
};

// The Zoho user the token belongs to, as token.store gave it; shown only.
struct UserRecord {
  std::optional<std::string> name;
  std::optional<std::string> email;
  bool operator==(const UserRecord&) const = default;
};

struct TokenRecord {
  std::string access_token;  // the secret: never in PublicJson
  std::string dc;            // where the account lives
  std::string source;        // "login" or "refresh"
  std::int64_t stored_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t refresh_at = 0;
  std::optional<std::string> api_domain;
  std::optional<std::string> scope;
  std::optional<bool> granted_for_session;
  std::optional<std::string> token_type;
  std::optional<OrgRecord> org;
  std::optional<UserRecord> user;

  // A token is expired from expires_at on.
  bool ExpiredAt(std::int64_t now_ms) const { return expires_at <= now_ms; }
  bool operator==(const TokenRecord&) const = default;
};

// Stored form: an object with the fields above under their own names, the org as {id, name?, type?}, the user
// as {name?, email?}.
nlohmann::json ToJson(const TokenRecord& token);
// Throws MalformedRecord (records/malformed_record.hpp) when the stored value is not an object, lacks
// access_token or expires_at, or holds a known field of the wrong type: the host writes every token whole, so
// such a record is a fault to report, not a token to guess at. Unknown fields are ignored.
TokenRecord TokenFromJson(const nlohmann::json& stored);

// Everything but the secret, plus "expired" at now: the one list of what token.status, token.get and the CLI
// may show of a token.
nlohmann::json PublicJson(const TokenRecord& token, std::int64_t now_ms);

nlohmann::json ToJson(const OrgRecord& org);
OrgRecord OrgFromJson(const nlohmann::json& stored);  // MalformedRecord as TokenFromJson
nlohmann::json ToJson(const UserRecord& user);
UserRecord UserFromJson(const nlohmann::json& stored);  // MalformedRecord as TokenFromJson

}  // namespace zcrm::records
