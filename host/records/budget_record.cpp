#include "records/budget_record.hpp"

#include <array>
#include <utility>

#include "records/json_fields.hpp"

namespace zcrm::records {

using nlohmann::json;

namespace {

constexpr const char* kBlocksKey = "blocked_until";

// The record's slots under their stored names, which are also the protocol's budget kind names.
template <typename Record>  // BudgetRecord or const BudgetRecord
auto Slots(Record& record) {
  return std::array{std::pair{"login", &record.login}, std::pair{"refresh", &record.refresh}};
}

}  // namespace

json ToJson(const BudgetRecord& record) {
  json out = record.other_fields.is_object() ? record.other_fields : json::object();
  json blocks = json::object();
  for (const auto& [kind, slot] : Slots(record)) {
    if (!slot->grants.empty()) out[kind] = slot->grants;
    if (slot->blocked_until) blocks[kind] = *slot->blocked_until;
  }
  if (!blocks.empty()) out[kBlocksKey] = std::move(blocks);
  return out;
}

BudgetRecord BudgetFromJson(const json& stored) {
  BudgetRecord record;
  if (!stored.is_object()) return record;
  const json no_blocks = json::object();
  const auto found = stored.find(kBlocksKey);
  const json& blocks = found != stored.end() && found->is_object() ? *found : no_blocks;
  for (const auto& [kind, slot] : Slots(record)) {
    if (const auto grants = stored.find(kind); grants != stored.end() && grants->is_array()) {
      for (const auto& t : *grants) {
        if (t.is_number_integer()) slot->grants.push_back(t.get<std::int64_t>());
      }
    }
    slot->blocked_until = detail::IntField(blocks, kind);
  }
  for (const auto& [key, value] : stored.items()) {
    if (key != "login" && key != "refresh" && key != kBlocksKey) record.other_fields[key] = value;
  }
  return record;
}

}  // namespace zcrm::records
