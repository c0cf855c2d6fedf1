#include <algorithm>

#include "error/host_error.hpp"
#include "handlers/dispatch.hpp"
#include "handlers/handlers.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

// Everything but the secret: what token.status and the CLI may show.
json PublicFields(const json& stored, std::int64_t now) {
  json out = {{"present", true}, {"expired", stored.value("expires_at", std::int64_t{0}) <= now}};
  for (const char* key : {"dc", "api_domain", "scope", "granted_for_session", "token_type", "source",
                          "stored_at", "expires_at", "refresh_at", "org"}) {
    if (stored.contains(key)) out[key] = stored[key];
  }
  return out;
}

// Every hand-out of a token to a web site is written down before the token leaves, so a person can see who
// read it.
void RecordHandout(Context& ctx, const protocol::Scope& scope, const std::string& origin, std::int64_t now) {
  auto& vault = ctx.vault();
  const auto name = HandoutRecordName(scope);
  auto lock = vault.Lock();
  auto log = vault.Read(name).value_or(json::array());
  json updated = json::array({{{"origin", origin}, {"at", now}}});
  for (const auto& entry : log) {
    if (updated.size() >= static_cast<std::size_t>(protocol::kMaxHandouts)) break;
    updated.push_back(entry);
  }
  vault.Write(lock, name, updated);
}

}  // namespace

json Handle(Context& ctx, const protocol::Hello&) {
  return {{"protocol", protocol::kProtocolVersion}, {"host_version", ZCRM_VERSION}, {"caller", ctx.caller}};
}

json Handle(Context& ctx, const protocol::TokenStore& r) {
  const auto now = ctx.now_ms();
  // The location Zoho returned is where the account lives; it wins over the caller's guess.
  protocol::Scope scope{r.scope.client_id, r.token.location.value_or(r.scope.dc)};
  const auto expires_at = now + r.token.expires_in_s * 1000;
  const auto margin_ms = r.refresh_margin_s ? *r.refresh_margin_s * 1000 : ctx.settings.refresh_margin_ms;
  const auto refresh_at = std::max(now, expires_at - margin_ms);
  json record = {{"access_token", r.token.access_token},
                 {"dc", scope.dc},
                 {"source", r.source == protocol::TokenSource::kLogin ? "login" : "refresh"},
                 {"stored_at", now},
                 {"expires_at", expires_at},
                 {"refresh_at", refresh_at}};
  if (r.token.api_domain) record["api_domain"] = *r.token.api_domain;
  if (r.token.scope) record["scope"] = *r.token.scope;
  if (r.token.granted_for_session) record["granted_for_session"] = *r.token.granted_for_session;
  if (r.token.token_type) record["token_type"] = *r.token.token_type;
  if (r.org) record["org"] = protocol::OrgToJson(*r.org);
  auto& vault = ctx.vault();
  auto lock = vault.Lock();
  vault.Write(lock, TokenRecordName(ctx.caller, scope), record);
  return {{"dc", scope.dc}, {"stored_at", now}, {"expires_at", expires_at}, {"refresh_at", refresh_at}};
}

json Handle(Context& ctx, const protocol::TokenGet& r) {
  auto stored = ctx.vault().Read(TokenRecordName(ctx.caller, r.scope));
  if (!stored) {
    throw HostError(ErrorCode::kNoToken,
                    "No Zoho token is stored for this client ID and data centre: sign in.");
  }
  const auto now = ctx.now_ms();
  if (stored->value("expires_at", std::int64_t{0}) <= now) {
    throw HostError(ErrorCode::kTokenExpired,
                    "The stored Zoho token has expired: refresh it or sign in again.");
  }
  json out = PublicFields(*stored, now);
  out.erase("present");
  out.erase("expired");
  if (r.for_origin) RecordHandout(ctx, r.scope, *r.for_origin, now);
  out["access_token"] = (*stored)["access_token"];
  return out;
}

json Handle(Context& ctx, const protocol::TokenHandouts& r) {
  auto log = ctx.vault().Read(HandoutRecordName(r.scope)).value_or(json::array());
  json out = json::array();
  for (const auto& entry : log) {
    if (out.size() >= static_cast<std::size_t>(r.limit)) break;
    out.push_back(entry);
  }
  return {{"handouts", out}};
}

json Handle(Context& ctx, const protocol::TokenStatus& r) {
  auto stored = ctx.vault().Read(TokenRecordName(ctx.caller, r.scope));
  if (!stored) return {{"present", false}};
  return PublicFields(*stored, ctx.now_ms());
}

json Handle(Context& ctx, const protocol::TokenForget& r) {
  auto& vault = ctx.vault();
  auto lock = vault.Lock();
  return {{"forgotten", vault.Remove(lock, TokenRecordName(ctx.caller, r.scope))}};
}

}  // namespace zcrm::handlers
