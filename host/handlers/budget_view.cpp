#include "handlers/budget_view.hpp"

namespace zcrm::handlers {

using nlohmann::json;

records::BudgetSlot& SlotOf(records::BudgetRecord& record, protocol::BudgetKind kind) {
  return kind == protocol::BudgetKind::kLogin ? record.login : record.refresh;
}

const records::BudgetSlot& SlotOf(const records::BudgetRecord& record, protocol::BudgetKind kind) {
  return kind == protocol::BudgetKind::kLogin ? record.login : record.refresh;
}

budget::SlidingWindow WindowOf(const Settings& settings, const records::BudgetSlot& slot,
                               protocol::BudgetKind kind) {
  return {kind == protocol::BudgetKind::kLogin ? settings.login : settings.refresh, slot.grants};
}

budget::ZohoBlock BlockOf(const Settings& settings, const records::BudgetSlot& slot) {
  return {settings.zoho_block_ms, slot.blocked_until};
}

json SnapshotJson(const budget::Snapshot& s) {
  return {{"used", s.used}, {"limit", s.limit}, {"window_ms", s.window_ms}, {"next_free_at", s.next_free_at}};
}

json BudgetView(const Settings& settings, const records::BudgetRecord& record, std::int64_t now_ms) {
  json out = json::object();
  for (const auto kind : {protocol::BudgetKind::kLogin, protocol::BudgetKind::kRefresh}) {
    const auto& slot = SlotOf(record, kind);
    auto snapshot = SnapshotJson(WindowOf(settings, slot, kind).Peek(now_ms));
    if (const auto until = BlockOf(settings, slot).ActiveUntil(now_ms)) snapshot["blocked_until"] = *until;
    out[std::string(protocol::BudgetKindName(kind))] = std::move(snapshot);
  }
  return out;
}

}  // namespace zcrm::handlers
