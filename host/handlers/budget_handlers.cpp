#include "error/host_error.hpp"
#include "handlers/dispatch.hpp"
#include "handlers/handlers.hpp"

namespace zcrm::handlers {
namespace {

using nlohmann::json;

const budget::Limit& LimitFor(const Context& ctx, protocol::BudgetKind kind) {
  return kind == protocol::BudgetKind::kLogin ? ctx.settings.login : ctx.settings.refresh;
}

std::string Duration(std::int64_t ms) {
  return ms % 60000 == 0 ? std::to_string(ms / 60000) + " minutes" : std::to_string(ms / 1000) + " seconds";
}

json SnapshotJson(const budget::Snapshot& s) {
  return {{"used", s.used}, {"limit", s.limit}, {"window_ms", s.window_ms}, {"next_free_at", s.next_free_at}};
}

budget::SlidingWindow WindowOf(const Context& ctx, const json& record, protocol::BudgetKind kind) {
  auto name = std::string(protocol::BudgetKindName(kind));
  return budget::SlidingWindow::FromJson(LimitFor(ctx, kind), record.contains(name) ? record[name] : json());
}

}  // namespace

json Handle(Context& ctx, const protocol::BudgetReserve& r) {
  auto& vault = ctx.vault();
  const auto name = BudgetRecordName(r.client_id);
  // Read, decide and write under one lock: however many hosts ask at once, no window grants over its limit.
  auto lock = vault.Lock();
  auto record = vault.Read(name).value_or(json::object());
  auto window = WindowOf(ctx, record, r.kind);
  const auto now = ctx.now_ms();
  auto decision = window.Reserve(now);
  const auto kind = std::string(protocol::BudgetKindName(r.kind));
  if (!decision.granted) {
    throw HostError(ErrorCode::kRateLimited,
                    "The Zoho " + kind + " budget is spent (" + std::to_string(decision.snapshot.limit) +
                        " per " + Duration(decision.snapshot.window_ms) + "); the next one is possible in " +
                        std::to_string((decision.retry_after_ms + 999) / 1000) + " s.",
                    decision.retry_after_ms);
  }
  record[kind] = window.ToJson();
  vault.Write(lock, name, record);
  json out = SnapshotJson(decision.snapshot);
  out["kind"] = kind;
  return out;
}

json Handle(Context& ctx, const protocol::BudgetGet& r) {
  auto record = ctx.vault().Read(BudgetRecordName(r.client_id)).value_or(json::object());
  const auto now = ctx.now_ms();
  return {{"login", SnapshotJson(WindowOf(ctx, record, protocol::BudgetKind::kLogin).Peek(now))},
          {"refresh", SnapshotJson(WindowOf(ctx, record, protocol::BudgetKind::kRefresh).Peek(now))}};
}

}  // namespace zcrm::handlers
