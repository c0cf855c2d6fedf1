// What a budget record means at a moment, as budget.get answers it and `zcrm-bridge status` shows it: one
// place, so the two never disagree.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "budget/sliding_window.hpp"
#include "budget/zoho_block.hpp"
#include "handlers/settings.hpp"
#include "protocol/messages.hpp"
#include "records/budget_record.hpp"

namespace zcrm::handlers {

// The record's slot for one kind of token request.
records::BudgetSlot& SlotOf(records::BudgetRecord& record, protocol::BudgetKind kind);
const records::BudgetSlot& SlotOf(const records::BudgetRecord& record, protocol::BudgetKind kind);

// The slot's grants and block under the configured limits.
budget::SlidingWindow WindowOf(const Settings& settings, const records::BudgetSlot& slot,
                               protocol::BudgetKind kind);
budget::ZohoBlock BlockOf(const Settings& settings, const records::BudgetSlot& slot);

// {"login": {used, limit, window_ms, next_free_at, blocked_until?}, "refresh": {...}} at now_ms.
nlohmann::json BudgetView(const Settings& settings, const records::BudgetRecord& record, std::int64_t now_ms);

// {used, limit, window_ms, next_free_at}
nlohmann::json SnapshotJson(const budget::Snapshot& snapshot);

}  // namespace zcrm::handlers
