// Typed requests of protocol v1 (docs/PROTOCOL.md). Everything here has already been validated.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

namespace zcrm::protocol {

inline constexpr int kProtocolVersion = 1;
inline constexpr int kMaxRecentAccounts = 20;
// Enough to show a person which sites read the token lately, small enough to read on every popup open.
inline constexpr int kMaxHandouts = 50;

enum class TokenSource { kLogin, kRefresh };
enum class BudgetKind { kLogin, kRefresh };

// The part of a request that names whose data it is.
struct Scope {
  std::string client_id;
  std::string dc;
};

struct TokenFields {
  std::string access_token;
  std::int64_t expires_in_s = 0;
  std::optional<std::string> api_domain;
  std::optional<std::string> location;
  std::optional<std::string> scope;
  std::optional<bool> granted_for_session;
  std::optional<std::string> token_type;
};

struct Account {
  std::string id;
  std::string name;
  std::string kind;  // "user" or "record"
  std::optional<std::string> module;
};

struct Hello {};
struct TokenStore {
  Scope scope;
  TokenSource source;
  TokenFields token;
  std::optional<std::int64_t> refresh_margin_s;  // overrides the configured margin for this token
};
struct TokenGet {
  Scope scope;
  std::optional<std::string> for_origin;  // a web app the token is handed to; recorded
};
struct TokenHandouts {
  Scope scope;
  int limit = kMaxHandouts;
};
struct TokenStatus {
  Scope scope;
};
struct TokenForget {
  Scope scope;
};
struct BudgetReserve {
  std::string client_id;
  BudgetKind kind;
};
struct BudgetGet {
  std::string client_id;
};
// Zoho refused this kind for this client ID for asking too often; the host refuses it until the block ends.
struct BudgetBlock {
  std::string client_id;
  BudgetKind kind;
};
struct AccountChoose {
  Scope scope;
  Account account;
};
struct AccountGet {
  Scope scope;
};
struct AccountRecent {
  Scope scope;
  int limit = kMaxRecentAccounts;
};
struct AccountClear {
  Scope scope;
};

using Request =
    std::variant<Hello, TokenStore, TokenGet, TokenStatus, TokenForget, TokenHandouts, BudgetReserve,
                 BudgetGet, AccountChoose, AccountGet, AccountRecent, AccountClear, BudgetBlock>;

nlohmann::json AccountToJson(const Account& account);
bool IsDataCentre(std::string_view code);
// https://host[:port], or http:// only for localhost, 127.0.0.1 and [::1]; lowercase; no path, query or
// fragment.
bool IsWebOrigin(std::string_view origin);
std::string_view BudgetKindName(BudgetKind kind);

}  // namespace zcrm::protocol
