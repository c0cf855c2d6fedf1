#include <algorithm>

#include "handlers/dispatch.hpp"
#include "handlers/handlers.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

bool SameAccount(const json& a, const json& b) {
  return a.value("id", "") == b.value("id", "") && a.value("kind", "") == b.value("kind", "") &&
         a.value("module", "") == b.value("module", "");
}

}  // namespace

json Handle(Context& ctx, const protocol::AccountChoose& r) {
  auto& vault = ctx.vault();
  const auto name = AccountRecordName(r.scope, r.org);
  auto lock = vault.Lock();
  auto record = vault.Read(name).value_or(json::object());
  const auto now = ctx.now_ms();
  json chosen = protocol::AccountToJson(r.account);
  json recent = record.contains("recent") && record["recent"].is_array() ? record["recent"] : json::array();
  json updated = json::array();
  json entry = chosen;
  entry["chosen_at"] = now;
  updated.push_back(entry);
  for (const auto& old : recent) {
    if (updated.size() >= static_cast<std::size_t>(protocol::kMaxRecentAccounts)) break;
    if (old.is_object() && !SameAccount(old, chosen)) updated.push_back(old);
  }
  record["chosen"] = chosen;
  record["chosen_at"] = now;
  record["recent"] = std::move(updated);
  vault.Write(lock, name, record);
  return {{"account", chosen}, {"chosen_at", now}};
}

json Handle(Context& ctx, const protocol::AccountGet& r) {
  auto record = ctx.vault().Read(AccountRecordName(r.scope, r.org));
  if (!record || !record->contains("chosen") || (*record)["chosen"].is_null()) return {{"account", nullptr}};
  return {{"account", (*record)["chosen"]}, {"chosen_at", (*record)["chosen_at"]}};
}

json Handle(Context& ctx, const protocol::AccountRecent& r) {
  auto record = ctx.vault().Read(AccountRecordName(r.scope, r.org));
  json out = json::array();
  if (record && record->contains("recent") && (*record)["recent"].is_array()) {
    for (const auto& entry : (*record)["recent"]) {
      if (out.size() >= static_cast<std::size_t>(r.limit)) break;
      out.push_back(entry);
    }
  }
  return {{"accounts", out}};
}

json Handle(Context& ctx, const protocol::AccountClear& r) {
  auto& vault = ctx.vault();
  const auto name = AccountRecordName(r.scope, r.org);
  auto lock = vault.Lock();
  auto record = vault.Read(name);
  if (!record || !record->contains("chosen") || (*record)["chosen"].is_null()) return {{"cleared", false}};
  // The recent list stays: clearing the choice is not forgetting the history.
  (*record)["chosen"] = nullptr;
  record->erase("chosen_at");
  vault.Write(lock, name, *record);
  return {{"cleared", true}};
}

}  // namespace zcrm::handlers
