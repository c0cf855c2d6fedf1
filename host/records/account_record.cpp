#include "records/account_record.hpp"

#include <nlohmann/json.hpp>

#include "records/json_fields.hpp"

namespace zcrm::records {

using detail::IntField;
using detail::PutIf;
using detail::StringField;
using nlohmann::json;

json ToJson(const AccountRef& account) {
  json out = {{"id", account.id}, {"name", account.name}, {"kind", account.kind}};
  PutIf(out, "module", account.module);
  return out;
}

std::optional<AccountRef> AccountRefFromJson(const json& stored) {
  if (!stored.is_object()) return std::nullopt;
  auto id = StringField(stored, "id");
  auto name = StringField(stored, "name");
  auto kind = StringField(stored, "kind");
  if (!id || !name || !kind) return std::nullopt;
  return AccountRef{std::move(*id), std::move(*name), std::move(*kind), StringField(stored, "module")};
}

json ToJson(const AccountChoice& choice) {
  json out = ToJson(choice.account);
  out["chosen_at"] = choice.chosen_at;
  return out;
}

json ToJson(const AccountRecord& record) {
  json out = {{"chosen", nullptr}, {"recent", json::array()}};
  if (record.chosen) {
    out["chosen"] = ToJson(record.chosen->account);
    out["chosen_at"] = record.chosen->chosen_at;
  }
  for (const auto& choice : record.recent) out["recent"].push_back(ToJson(choice));
  return out;
}

AccountRecord AccountFromJson(const json& stored) {
  AccountRecord record;
  if (!stored.is_object()) return record;
  if (const auto chosen = stored.find("chosen"); chosen != stored.end()) {
    if (auto account = AccountRefFromJson(*chosen)) {
      record.chosen = AccountChoice{std::move(*account), IntField(stored, "chosen_at").value_or(0)};
    }
  }
  if (const auto recent = stored.find("recent"); recent != stored.end() && recent->is_array()) {
    for (const auto& entry : *recent) {
      if (auto account = AccountRefFromJson(entry)) {
        record.recent.push_back({std::move(*account), IntField(entry, "chosen_at").value_or(0)});
      }
    }
  }
  return record;
}

}  // namespace zcrm::records
