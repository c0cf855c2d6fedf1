// The log of CRM calls the extension made for web apps (request.record, request.log), kept like the token
// hand-outs: one encrypted record, newest first, bounded, written under the vault lock.
#include <algorithm>

#include "handlers/dispatch.hpp"
#include "handlers/handlers.hpp"
#include "protocol/request_entries.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

json StoredEntry(const protocol::RequestEntry& entry, std::int64_t at) {
  json out = {{"origin", entry.origin}, {"method", entry.method}, {"status", entry.status}, {"at", at}};
  // Templated here, not trusted from the extension: a record ID must never be written down.
  if (entry.path) out["path"] = protocol::TemplateIds(*entry.path);
  if (entry.code) out["code"] = *entry.code;
  return out;
}

// Only the documented fields leave the host, whatever a record might hold.
json PublicEntry(const json& stored) {
  json out = json::object();
  for (const char* key : {"origin", "method", "path", "status", "code", "at"}) {
    if (stored.contains(key)) out[key] = stored[key];
  }
  return out;
}

json ReadLog(store::Vault& vault, const std::string& name) {
  auto log = vault.Read(name).value_or(json::array());
  return log.is_array() ? log : json::array();
}

}  // namespace

json Handle(Context& ctx, const protocol::RequestRecord& r) {
  const auto now = ctx.now_ms();
  const auto limit = static_cast<std::size_t>(protocol::kMaxRequestLog);
  auto& vault = ctx.vault();
  const auto name = RequestLogRecordName(ctx.caller, r.scope);
  auto lock = vault.Lock();
  const auto log = ReadLog(vault, name);
  json updated = json::array();
  // The batch lists the calls in the order they were made, so its last entry is the newest.
  for (auto it = r.entries.rbegin(); it != r.entries.rend() && updated.size() < limit; ++it) {
    updated.push_back(StoredEntry(*it, now));
  }
  for (const auto& entry : log) {
    if (updated.size() >= limit) break;
    updated.push_back(entry);
  }
  vault.Write(lock, name, updated);
  return {{"recorded", r.entries.size()}, {"at", now}};
}

json Handle(Context& ctx, const protocol::RequestLog& r) {
  const auto log = ReadLog(ctx.vault(), RequestLogRecordName(ctx.caller, r.scope));
  json out = json::array();
  for (const auto& entry : log) {
    if (out.size() >= static_cast<std::size_t>(r.limit)) break;
    if (!entry.is_object() || (r.origin && entry.value("origin", "") != *r.origin)) continue;
    out.push_back(PublicEntry(entry));
  }
  return {{"entries", out}};
}

}  // namespace zcrm::handlers
