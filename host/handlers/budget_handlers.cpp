#include "error/host_error.hpp"
#include "handlers/budget_view.hpp"
#include "handlers/handlers.hpp"
#include "records/record_name.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

std::string Duration(std::int64_t ms) {
  return ms % 60000 == 0 ? std::to_string(ms / 60000) + " minutes" : std::to_string(ms / 1000) + " seconds";
}

std::string Seconds(std::int64_t ms) {
  return std::to_string((ms + 999) / 1000) + " s";
}

std::string BudgetName(const std::string& client_id) {
  return records::RecordName::Budget(client_id).Format();
}

// The stored record, or an empty one; a record that is not an object is ignored rather than trusted.
records::BudgetRecord ReadBudget(const store::Vault& vault, const std::string& name) {
  const auto stored = vault.Read(name);
  return stored ? records::BudgetFromJson(*stored) : records::BudgetRecord{};
}

}  // namespace

json Handle(Context& ctx, const protocol::BudgetReserve& r) {
  auto& vault = ctx.vault();
  const auto name = BudgetName(r.client_id);
  // Read, decide and write under one lock: however many hosts ask at once, no window grants over its limit.
  auto lock = vault.Lock();
  auto record = ReadBudget(vault, name);
  auto& slot = SlotOf(record, r.kind);
  const auto now = ctx.now_ms();
  const auto kind = std::string(protocol::BudgetKindName(r.kind));
  const auto block = BlockOf(ctx.settings, slot);
  if (const auto until = block.ActiveUntil(now)) {
    // Refused before the window is asked, so a blocked attempt never takes a slot. A recorded end further
    // ahead than one block (the clock moved back) is kept capped, so the block ends one duration from here.
    if (*until != block.until()) {
      slot.blocked_until = *until;
      vault.Write(lock, name, records::ToJson(record));
    }
    throw HostError(ErrorCode::kZohoBlocked,
                    "Zoho has blocked the " + kind +
                        " for this client ID because it was asked too often; no " + kind +
                        " will be tried before the block ends in " + Seconds(*until - now) + ".",
                    *until - now);
  }
  auto window = WindowOf(ctx.settings, slot, r.kind);
  auto decision = window.Reserve(now);
  if (!decision.granted) {
    throw HostError(ErrorCode::kRateLimited,
                    "The Zoho " + kind + " budget is spent (" + std::to_string(decision.snapshot.limit) +
                        " per " + Duration(decision.snapshot.window_ms) + "); the next one is possible in " +
                        Seconds(decision.retry_after_ms) + ".",
                    decision.retry_after_ms);
  }
  slot.grants = window.grants();
  slot.blocked_until.reset();  // over, or never there
  vault.Write(lock, name, records::ToJson(record));
  json out = SnapshotJson(decision.snapshot);
  out["kind"] = kind;
  return out;
}

json Handle(Context& ctx, const protocol::BudgetGet& r) {
  return BudgetView(ctx.settings, ReadBudget(ctx.vault(), BudgetName(r.client_id)), ctx.now_ms());
}

json Handle(Context& ctx, const protocol::BudgetBlock& r) {
  auto& vault = ctx.vault();
  const auto name = BudgetName(r.client_id);
  // Under the same lock as reservations: a reservation either sees the block or was decided before it.
  auto lock = vault.Lock();
  auto record = ReadBudget(vault, name);
  auto& slot = SlotOf(record, r.kind);
  auto block = BlockOf(ctx.settings, slot);
  slot.blocked_until = block.Report(ctx.now_ms());
  vault.Write(lock, name, records::ToJson(record));
  return {{"kind", std::string(protocol::BudgetKindName(r.kind))}, {"until", *slot.blocked_until}};
}

}  // namespace zcrm::handlers
