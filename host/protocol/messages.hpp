// Typed requests of protocol v1 (docs/PROTOCOL.md). Everything here has already been validated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace zcrm::protocol {

inline constexpr int kProtocolVersion = 1;
inline constexpr int kMaxRecentAccounts = 20;
// Enough to show a person which sites read the token lately, small enough to read on every popup open.
inline constexpr int kMaxHandouts = 50;
// Per caller, client ID and DC: enough of a web app's recent CRM calls for a person to see what it does,
// while the record, re-encrypted on every batch, stays small (about 30 KiB for typical entries) and
// request.log's answer stays under the 1 MiB frame limit even with the longest entries (about 1.8 KiB each).
inline constexpr int kMaxRequestLog = 200;
// index.key's `index`: the extension sends a hash of its index key (client ID, DC, org, source).
inline constexpr std::size_t kMaxIndexIdLength = 128;
// The extension sends what it made since its last report; 100 keeps one frame small and the write quick.
inline constexpr std::size_t kMaxRequestBatch = 100;
// A web origin in for_origin, request.record and request.log; longer ones are no real site's.
inline constexpr std::size_t kMaxOriginLength = 256;
// Zoho CRM org IDs are decimal numbers (the org API's "id", 19 digits or fewer in Zoho's examples); 32 leaves
// headroom while keeping the account record's name, which holds the ID, short.
inline constexpr std::size_t kMaxOrgIdLength = 32;
// An org's company name is only shown to the person; 200 characters hold any real one.
inline constexpr std::size_t kMaxOrgNameLength = 200;

enum class TokenSource { kLogin, kRefresh };
enum class BudgetKind { kLogin, kRefresh };

// The part of a request that names whose data it is.
struct Scope {
  std::string client_id;
  std::string dc;
  // The browser profile's installation of the extension; tokens are kept per installation when it is given.
  std::optional<std::string> installation;
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

// The Zoho CRM organization a token is bound to (a user may belong to several: production, sandbox,
// developer). Only id is required; name and type are kept for display.
struct Org {
  std::string id;  // decimal, as Zoho's org API answers it
  std::optional<std::string> name;
  std::optional<std::string> type;  // "production", "sandbox" or "developer"
};

// The Zoho user a token belongs to, as the extension read it with the token (CRM's CurrentUser); shown only.
struct User {
  std::optional<std::string> name;
  std::optional<std::string> email;
};

struct Account {
  std::string id;
  std::string name;
  std::string kind;  // "user" or "record"
  std::optional<std::string> module;
};

// One CRM call the extension made for a web app: who asked, what, and how it ended. Never a body, a token or
// a query string.
struct RequestEntry {
  std::string origin;
  std::string method;               // GET, POST, PUT, PATCH or DELETE
  std::optional<std::string> path;  // a /crm/ template; absent when the page's path was refused
  int status = 0;                   // 0: Zoho never answered
  std::optional<std::string> code;  // the error code the page got
};

struct Hello {};
struct TokenStore {
  Scope scope;
  TokenSource source;
  TokenFields token;
  std::optional<std::int64_t> refresh_margin_s;  // overrides the configured margin for this token
  std::optional<Org> org;    // kept with the token, answered by token.get and token.status
  std::optional<User> user;  // likewise
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
// Every token kept for this client ID, in every browser and profile, without the secrets: who is signed in on
// this machine.
struct TokenList {
  std::string client_id;
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
  std::optional<std::string> org;  // an org ID: the account record of that org, else the one without org
};
struct AccountGet {
  Scope scope;
  std::optional<std::string> org;  // an org ID: the account record of that org, else the one without org
};
struct AccountRecent {
  Scope scope;
  int limit = kMaxRecentAccounts;
  std::optional<std::string> org;  // an org ID: the account record of that org, else the one without org
};
struct AccountClear {
  Scope scope;
  std::optional<std::string> org;  // an org ID: the account record of that org, else the one without org
};

struct RequestRecord {
  Scope scope;
  std::vector<RequestEntry> entries;  // 1 to kMaxRequestBatch, in the order the calls were made
};
struct RequestLog {
  Scope scope;
  std::optional<std::string> origin;  // only this web app's entries
  int limit = kMaxRequestLog;
};

// The key of one encrypted account-index cache of the caller (store/index_key.hpp).
struct IndexKey {
  std::string index;  // 1 to kMaxIndexIdLength characters of A-Za-z0-9._:-
};

using Request = std::variant<Hello, TokenStore, TokenGet, TokenStatus, TokenForget, TokenHandouts,
                             BudgetReserve, BudgetGet, AccountChoose, AccountGet, AccountRecent, AccountClear,
                             BudgetBlock, RequestRecord, RequestLog, IndexKey, TokenList>;

nlohmann::json AccountToJson(const Account& account);
nlohmann::json OrgToJson(const Org& org);
bool IsDataCentre(std::string_view code);
// https://host[:port], or http:// only for localhost, 127.0.0.1 and [::1]; lowercase; no path, query or
// fragment.
bool IsWebOrigin(std::string_view origin);
std::string_view BudgetKindName(BudgetKind kind);

}  // namespace zcrm::protocol
