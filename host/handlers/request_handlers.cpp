// The log of CRM calls the extension made for web apps (request.record, request.log), kept like the token
// hand-outs: one encrypted record, newest first, bounded, written under the vault lock.
#include <algorithm>

#include "handlers/handlers.hpp"
#include "protocol/request_entries.hpp"
#include "records/log_records.hpp"
#include "records/record_name.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

records::RequestLogEntry StoredEntry(const protocol::RequestEntry& entry, std::int64_t at) {
  // Templated here, not trusted from the extension: a record ID must never be written down.
  std::optional<std::string> path;
  if (entry.path) path = protocol::TemplateIds(*entry.path);
  return {entry.origin, entry.method, std::move(path), entry.status, entry.code, at};
}

std::string LogName(const Context& ctx, const protocol::Scope& scope) {
  return records::RecordName::Requests(ctx.caller, scope.client_id, scope.dc).Format();
}

records::RequestLog ReadLog(const store::Vault& vault, const std::string& name) {
  const auto stored = vault.Read(name);
  return stored ? records::RequestLogFromJson(*stored) : records::RequestLog{};
}

}  // namespace

json Handle(Context& ctx, const protocol::RequestRecord& r) {
  const auto now = ctx.now_ms();
  const auto limit = static_cast<std::size_t>(protocol::kMaxRequestLog);
  auto& vault = ctx.vault();
  const auto name = LogName(ctx, r.scope);
  auto lock = vault.Lock();
  const auto log = ReadLog(vault, name);
  records::RequestLog updated;
  // The batch lists the calls in the order they were made, so its last entry is the newest.
  for (auto it = r.entries.rbegin(); it != r.entries.rend() && updated.size() < limit; ++it) {
    updated.push_back(StoredEntry(*it, now));
  }
  for (const auto& entry : log) {
    if (updated.size() >= limit) break;
    updated.push_back(entry);
  }
  vault.Write(lock, name, records::ToJson(updated));
  return {{"recorded", r.entries.size()}, {"at", now}};
}

json Handle(Context& ctx, const protocol::RequestLog& r) {
  json out = json::array();
  // Only the documented fields leave the host, whatever a record might hold: the typed entry has no others.
  for (const auto& entry : ReadLog(ctx.vault(), LogName(ctx, r.scope))) {
    if (out.size() >= static_cast<std::size_t>(r.limit)) break;
    if (r.origin && entry.origin != *r.origin) continue;
    out.push_back(records::ToJson(entry));
  }
  return {{"entries", out}};
}

}  // namespace zcrm::handlers
