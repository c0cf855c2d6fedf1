#include "budget/zoho_block.hpp"
#include "error/host_error.hpp"
#include "handlers/dispatch.hpp"
#include "handlers/handlers.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

// The budget record: {"login": [grant times], "refresh": [grant times], "blocked_until": {"login": <ms>}}.
// Hosts that predate blocks read only the windows and write the record back whole, so the blocks survive
// them.
constexpr const char* kBlocksKey = "blocked_until";

const budget::Limit& LimitFor(const Context& ctx, protocol::BudgetKind kind) {
  return kind == protocol::BudgetKind::kLogin ? ctx.settings.login : ctx.settings.refresh;
}

std::string Duration(std::int64_t ms) {
  return ms % 60000 == 0 ? std::to_string(ms / 60000) + " minutes" : std::to_string(ms / 1000) + " seconds";
}

std::string Seconds(std::int64_t ms) {
  return std::to_string((ms + 999) / 1000) + " s";
}

json SnapshotJson(const budget::Snapshot& s) {
  return {{"used", s.used}, {"limit", s.limit}, {"window_ms", s.window_ms}, {"next_free_at", s.next_free_at}};
}

// The stored record, or an empty one; a record that is not an object is ignored rather than trusted.
json ReadRecord(const store::Vault& vault, const std::string& name) {
  auto record = vault.Read(name).value_or(json::object());
  return record.is_object() ? record : json::object();
}

budget::SlidingWindow WindowOf(const Context& ctx, const json& record, protocol::BudgetKind kind) {
  auto name = std::string(protocol::BudgetKindName(kind));
  return budget::SlidingWindow::FromJson(LimitFor(ctx, kind), record.contains(name) ? record[name] : json());
}

budget::ZohoBlock BlockOf(const Context& ctx, const json& record, const std::string& kind) {
  json stored;
  if (const auto blocks = record.find(kBlocksKey); blocks != record.end() && blocks->is_object()) {
    stored = blocks->value(kind, json());
  }
  return budget::ZohoBlock::FromJson(ctx.settings.zoho_block_ms, stored);
}

void KeepBlock(json& record, const std::string& kind, std::int64_t until) {
  if (!record[kBlocksKey].is_object()) record[kBlocksKey] = json::object();
  record[kBlocksKey][kind] = until;
}

void DropBlock(json& record, const std::string& kind) {
  const auto blocks = record.find(kBlocksKey);
  if (blocks == record.end()) return;
  if (blocks->is_object()) blocks->erase(kind);
  if (!blocks->is_object() || blocks->empty()) record.erase(kBlocksKey);
}

}  // namespace

json Handle(Context& ctx, const protocol::BudgetReserve& r) {
  auto& vault = ctx.vault();
  const auto name = BudgetRecordName(r.client_id);
  // Read, decide and write under one lock: however many hosts ask at once, no window grants over its limit.
  auto lock = vault.Lock();
  auto record = ReadRecord(vault, name);
  const auto now = ctx.now_ms();
  const auto kind = std::string(protocol::BudgetKindName(r.kind));
  const auto block = BlockOf(ctx, record, kind);
  if (const auto until = block.ActiveUntil(now)) {
    // Refused before the window is asked, so a blocked attempt never takes a slot. A recorded end further
    // ahead than one block (the clock moved back) is kept capped, so the block ends one duration from here.
    if (*until != block.until()) {
      KeepBlock(record, kind, *until);
      vault.Write(lock, name, record);
    }
    throw HostError(ErrorCode::kZohoBlocked,
                    "Zoho has blocked the " + kind +
                        " for this client ID because it was asked too often; no " + kind +
                        " will be tried before the block ends in " + Seconds(*until - now) + ".",
                    *until - now);
  }
  auto window = WindowOf(ctx, record, r.kind);
  auto decision = window.Reserve(now);
  if (!decision.granted) {
    throw HostError(ErrorCode::kRateLimited,
                    "The Zoho " + kind + " budget is spent (" + std::to_string(decision.snapshot.limit) +
                        " per " + Duration(decision.snapshot.window_ms) + "); the next one is possible in " +
                        Seconds(decision.retry_after_ms) + ".",
                    decision.retry_after_ms);
  }
  record[kind] = window.ToJson();
  DropBlock(record, kind);  // over, or never there
  vault.Write(lock, name, record);
  json out = SnapshotJson(decision.snapshot);
  out["kind"] = kind;
  return out;
}

json Handle(Context& ctx, const protocol::BudgetGet& r) {
  const auto record = ReadRecord(ctx.vault(), BudgetRecordName(r.client_id));
  const auto now = ctx.now_ms();
  json out = json::object();
  for (const auto kind : {protocol::BudgetKind::kLogin, protocol::BudgetKind::kRefresh}) {
    const auto name = std::string(protocol::BudgetKindName(kind));
    auto snapshot = SnapshotJson(WindowOf(ctx, record, kind).Peek(now));
    if (const auto until = BlockOf(ctx, record, name).ActiveUntil(now)) snapshot["blocked_until"] = *until;
    out[name] = std::move(snapshot);
  }
  return out;
}

json Handle(Context& ctx, const protocol::BudgetBlock& r) {
  auto& vault = ctx.vault();
  const auto name = BudgetRecordName(r.client_id);
  // Under the same lock as reservations: a reservation either sees the block or was decided before it.
  auto lock = vault.Lock();
  auto record = ReadRecord(vault, name);
  const auto kind = std::string(protocol::BudgetKindName(r.kind));
  auto block = BlockOf(ctx, record, kind);
  const auto until = block.Report(ctx.now_ms());
  KeepBlock(record, kind, until);
  vault.Write(lock, name, record);
  return {{"kind", kind}, {"until", until}};
}

}  // namespace zcrm::handlers
