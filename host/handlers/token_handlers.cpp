#include <algorithm>

#include "error/host_error.hpp"
#include "handlers/handlers.hpp"
#include "records/log_records.hpp"
#include "records/record_name.hpp"
#include "records/token_listing.hpp"
#include "records/token_record.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

std::string TokenName(const Context& ctx, const protocol::Scope& scope) {
  return records::RecordName::Token(ctx.caller, scope.client_id, scope.dc, scope.installation).Format();
}

// The record an extension kept before it named its installation: one per browser, shared by its profiles.
std::string SharedTokenName(const Context& ctx, const protocol::Scope& scope) {
  return records::RecordName::Token(ctx.caller, scope.client_id, scope.dc).Format();
}

std::string HandoutsName(const protocol::Scope& scope) {
  return records::RecordName::Handouts(scope.client_id, scope.dc).Format();
}

// After an upgrade, the first installation of this browser to ask takes the token every profile shared over,
// so one person with one profile stays signed in; a later one starts without (that token was one user's, and
// would have been the other profile's at random). A store removes the shared record for the same reason.
// Called only when the installation has no token of its own; answers the token it now has, if any.
std::optional<json> AdoptSharedToken(Context& ctx, const protocol::Scope& scope) {
  if (!scope.installation) return std::nullopt;
  auto& vault = ctx.vault();
  const auto shared = SharedTokenName(ctx, scope);
  if (!vault.Read(shared)) return std::nullopt;  // the usual case, decided without the lock
  auto lock = vault.Lock();
  const auto own = TokenName(ctx, scope);
  if (auto mine = vault.Read(own)) return mine;  // another host of this profile took it over meanwhile
  auto value = vault.Read(shared);
  if (!value) return std::nullopt;  // another profile was first
  vault.Write(lock, own, *value);
  vault.Remove(lock, shared);
  return value;
}

// The stored value of this installation's token (taking over the shared one where AdoptSharedToken does), or
// nullopt when none is stored. Unparsed, so a damaged record can still be forgotten.
std::optional<json> ReadStoredToken(Context& ctx, const protocol::Scope& scope) {
  if (auto stored = ctx.vault().Read(TokenName(ctx, scope))) return stored;
  return AdoptSharedToken(ctx, scope);
}

// The stored token, or nullopt when none is stored. MalformedRecord when the record is not a whole token.
std::optional<records::TokenRecord> ReadToken(Context& ctx, const protocol::Scope& scope) {
  const auto stored = ReadStoredToken(ctx, scope);
  if (!stored) return std::nullopt;
  return records::TokenFromJson(*stored);
}

records::HandoutLog ReadHandouts(const store::Vault& vault, const protocol::Scope& scope) {
  const auto stored = vault.Read(HandoutsName(scope));
  return stored ? records::HandoutLogFromJson(*stored) : records::HandoutLog{};
}

// Every hand-out of a token to a web site is written down before the token leaves, so a person can see who
// read it.
void RecordHandout(Context& ctx, const protocol::Scope& scope, const std::string& origin, std::int64_t now) {
  auto& vault = ctx.vault();
  auto lock = vault.Lock();
  auto log = ReadHandouts(vault, scope);
  log.insert(log.begin(), {origin, now});
  if (log.size() > static_cast<std::size_t>(protocol::kMaxHandouts)) log.resize(protocol::kMaxHandouts);
  vault.Write(lock, HandoutsName(scope), records::ToJson(log));
}

std::optional<records::OrgRecord> OrgOf(const std::optional<protocol::Org>& org) {
  if (!org) return std::nullopt;
  return records::OrgRecord{org->id, org->name, org->type};
}

std::optional<records::UserRecord> UserOf(const std::optional<protocol::User>& user) {
  if (!user) return std::nullopt;
  return records::UserRecord{user->name, user->email};
}

}  // namespace

json Handle(Context& ctx, const protocol::Hello&) {
  return {{"protocol", protocol::kProtocolVersion}, {"host_version", ZCRM_VERSION}, {"caller", ctx.caller}};
}

json Handle(Context& ctx, const protocol::TokenStore& r) {
  const auto now = ctx.now_ms();
  // The location Zoho returned is where the account lives; it wins over the caller's guess.
  protocol::Scope scope{r.scope.client_id, r.token.location.value_or(r.scope.dc), r.scope.installation};
  const auto expires_at = now + r.token.expires_in_s * 1000;
  const auto margin_ms = r.refresh_margin_s ? *r.refresh_margin_s * 1000 : ctx.settings.refresh_margin_ms;
  records::TokenRecord token{.access_token = r.token.access_token,
                             .dc = scope.dc,
                             .source = r.source == protocol::TokenSource::kLogin ? "login" : "refresh",
                             .stored_at = now,
                             .expires_at = expires_at,
                             .refresh_at = std::max(now, expires_at - margin_ms),
                             .api_domain = r.token.api_domain,
                             .scope = r.token.scope,
                             .granted_for_session = r.token.granted_for_session,
                             .token_type = r.token.token_type,
                             .org = OrgOf(r.org),
                             .user = UserOf(r.user)};
  auto& vault = ctx.vault();
  auto lock = vault.Lock();
  vault.Write(lock, TokenName(ctx, scope), records::ToJson(token));
  if (scope.installation) vault.Remove(lock, SharedTokenName(ctx, scope));
  return {{"dc", token.dc},
          {"stored_at", token.stored_at},
          {"expires_at", token.expires_at},
          {"refresh_at", token.refresh_at}};
}

json Handle(Context& ctx, const protocol::TokenGet& r) {
  const auto token = ReadToken(ctx, r.scope);
  if (!token) {
    throw HostError(ErrorCode::kNoToken,
                    "No Zoho token is stored for this client ID and data centre: sign in.");
  }
  const auto now = ctx.now_ms();
  if (token->ExpiredAt(now)) {
    throw HostError(ErrorCode::kTokenExpired,
                    "The stored Zoho token has expired: refresh it or sign in again.");
  }
  json out = records::PublicJson(*token, now);
  out.erase("expired");  // it is not: expired tokens are refused above
  if (r.for_origin) RecordHandout(ctx, r.scope, *r.for_origin, now);
  out["access_token"] = token->access_token;
  return out;
}

json Handle(Context& ctx, const protocol::TokenHandouts& r) {
  json out = json::array();
  for (const auto& entry : ReadHandouts(ctx.vault(), r.scope)) {
    if (out.size() >= static_cast<std::size_t>(r.limit)) break;
    out.push_back(records::ToJson(entry));
  }
  return {{"handouts", out}};
}

json Handle(Context& ctx, const protocol::TokenStatus& r) {
  const auto token = ReadToken(ctx, r.scope);
  if (!token) return {{"present", false}};
  json out = records::PublicJson(*token, ctx.now_ms());
  out["present"] = true;
  return out;
}

json Handle(Context& ctx, const protocol::TokenForget& r) {
  // Read once, only so that a token still shared from before the upgrade is taken over and then forgotten
  // too.
  if (!ReadStoredToken(ctx, r.scope)) return {{"forgotten", false}};
  auto& vault = ctx.vault();
  auto lock = vault.Lock();
  return {{"forgotten", vault.Remove(lock, TokenName(ctx, r.scope))}};
}

json Handle(Context& ctx, const protocol::TokenList& r) {
  const auto now = ctx.now_ms();
  json tokens = json::array();
  const auto& vault = ctx.vault();
  for (const auto& [stored_name, value] :
       vault.List(records::RecordName::Prefix(records::RecordKind::kToken)).records) {
    const auto name = records::RecordName::Parse(stored_name);
    if (!name || name->client_id != r.client_id) continue;
    tokens.push_back(records::TokenListEntry(*name, value, now));
  }
  return {{"tokens", std::move(tokens)}};
}

}  // namespace zcrm::handlers
