// The budget record (budget/<client_id>): the grant times of Zoho's login and refresh budgets and the blocks
// Zoho imposed. The policy that reads them is budget/ (pure, no JSON); this is only their stored form.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace zcrm::records {

struct BudgetSlot {
  std::vector<std::int64_t> grants;           // epoch ms, as budget::SlidingWindow keeps them
  std::optional<std::int64_t> blocked_until;  // as budget::ZohoBlock keeps it; nullopt when none was reported
  bool operator==(const BudgetSlot&) const = default;
};

struct BudgetRecord {
  BudgetSlot login;
  BudgetSlot refresh;
  // Top-level fields this host does not know, written back as they were: a newer host's additions survive
  // this one, as the blocks survived the hosts that predate them (those read only the windows and wrote the
  // whole record back).
  nlohmann::json other_fields = nlohmann::json::object();
  bool operator==(const BudgetRecord&) const = default;
};

// Stored form: {"login": [grant times], "refresh": [grant times], "blocked_until": {"login": <ms>, ...}}; a
// window with no grants and a kind with no block are left out.
nlohmann::json ToJson(const BudgetRecord& record);
// Never fails: a stored value that is not an object reads as an empty record, grant times that are not
// integers and blocks that are not integers are ignored rather than trusted.
BudgetRecord BudgetFromJson(const nlohmann::json& stored);

}  // namespace zcrm::records
