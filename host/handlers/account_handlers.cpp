#include <algorithm>

#include "handlers/handlers.hpp"
#include "records/account_record.hpp"
#include "records/record_name.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

std::string AccountName(const protocol::Scope& scope, const std::optional<std::string>& org) {
  return records::RecordName::Account(scope.client_id, scope.dc, org).Format();
}

records::AccountRecord ReadAccounts(const store::Vault& vault, const std::string& name) {
  const auto stored = vault.Read(name);
  return stored ? records::AccountFromJson(*stored) : records::AccountRecord{};
}

}  // namespace

json Handle(Context& ctx, const protocol::AccountChoose& r) {
  auto& vault = ctx.vault();
  const auto name = AccountName(r.scope, r.org);
  auto lock = vault.Lock();
  auto record = ReadAccounts(vault, name);
  const records::AccountChoice chosen{{r.account.id, r.account.name, r.account.kind, r.account.module},
                                      ctx.now_ms()};
  // The new choice leads the recent list; an earlier choice of the same account leaves it.
  std::erase_if(record.recent, [&](const auto& old) { return old.account.SameAs(chosen.account); });
  record.recent.insert(record.recent.begin(), chosen);
  const auto limit = static_cast<std::size_t>(protocol::kMaxRecentAccounts);
  if (record.recent.size() > limit) record.recent.resize(limit);
  record.chosen = chosen;
  vault.Write(lock, name, records::ToJson(record));
  return {{"account", records::ToJson(chosen.account)}, {"chosen_at", chosen.chosen_at}};
}

json Handle(Context& ctx, const protocol::AccountGet& r) {
  const auto record = ReadAccounts(ctx.vault(), AccountName(r.scope, r.org));
  if (!record.chosen) return {{"account", nullptr}};
  return {{"account", records::ToJson(record.chosen->account)}, {"chosen_at", record.chosen->chosen_at}};
}

json Handle(Context& ctx, const protocol::AccountRecent& r) {
  const auto record = ReadAccounts(ctx.vault(), AccountName(r.scope, r.org));
  json out = json::array();
  for (const auto& choice : record.recent) {
    if (out.size() >= static_cast<std::size_t>(r.limit)) break;
    out.push_back(records::ToJson(choice));
  }
  return {{"accounts", out}};
}

json Handle(Context& ctx, const protocol::AccountClear& r) {
  auto& vault = ctx.vault();
  const auto name = AccountName(r.scope, r.org);
  auto lock = vault.Lock();
  auto record = ReadAccounts(vault, name);
  if (!record.chosen) return {{"cleared", false}};
  // The recent list stays: clearing the choice is not forgetting the history.
  record.chosen.reset();
  vault.Write(lock, name, records::ToJson(record));
  return {{"cleared", true}};
}

}  // namespace zcrm::handlers
