// The budget record's JSON form (it was budget::SlidingWindow's and budget::ZohoBlock's before budget/ became
// pure): grants and blocks read back as written, malformed stored state is ignored rather than trusted, and
// fields this host does not know survive a write.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/budget_record.hpp"

namespace zcrm::records {
namespace {

using nlohmann::json;
using Grants = std::vector<std::int64_t>;

constexpr std::int64_t kT0 = 1764340000000;

TEST(RecordsBudget, WhatIsWrittenReadsBackTheSame) {
  BudgetRecord record;
  record.login = {{kT0, kT0 + 7, kT0 + 7}, kT0 + 600000};
  record.refresh = {{kT0 + 900}, std::nullopt};
  EXPECT_EQ(BudgetFromJson(json::parse(ToJson(record).dump())), record);
}

TEST(RecordsBudget, StoredFormIsTheOneExistingVaultsHold) {
  BudgetRecord record;
  record.login.grants = {kT0};
  record.refresh.blocked_until = kT0 + 5;
  EXPECT_EQ(ToJson(record),
            json::parse(R"({"login": [1764340000000], "blocked_until": {"refresh": 1764340000005}})"));
  EXPECT_EQ(ToJson(BudgetRecord{}), json::object());  // empty windows and no blocks are left out
}

TEST(RecordsBudget, GrantTimesThatAreNotIntegersAreIgnored) {
  const json stored = json::parse(R"({"login": [3000, "2000", 2.5, null, {}, [], true, 1000, {"t": 5}]})");
  EXPECT_EQ(BudgetFromJson(stored).login.grants, (Grants{3000, 1000}));
}

TEST(RecordsBudget, AWindowThatIsNotAnArrayIsEmpty) {
  for (const json& window :
       {json(), json::object(), json("1000"), json(1000), json::parse(R"({"a": [1]})")}) {
    SCOPED_TRACE(window.dump());
    EXPECT_TRUE(BudgetFromJson(json{{"refresh", window}}).refresh.grants.empty());
  }
}

TEST(RecordsBudget, ABlockThatIsNotAnIntegerIsIgnored) {
  for (const json& until : {json(), json("1764340600000"), json(1.5e12), json::array({kT0}),
                            json::object({{"until", kT0}}), json(true)}) {
    SCOPED_TRACE(until.dump());
    EXPECT_EQ(BudgetFromJson(json{{"blocked_until", {{"login", until}}}}).login.blocked_until, std::nullopt);
  }
  EXPECT_EQ(BudgetFromJson(json{{"blocked_until", kT0}}).login.blocked_until, std::nullopt);
}

TEST(RecordsBudget, AValueThatIsNotAnObjectReadsAsAnEmptyRecord) {
  for (const json& stored : {json(), json::array({kT0}), json("budget")}) {
    EXPECT_EQ(BudgetFromJson(stored), BudgetRecord{}) << stored;
  }
}

TEST(RecordsBudget, FieldsThisHostDoesNotKnowSurviveAWrite) {
  const json stored = json::parse(R"({"login": [5], "from_a_newer_host": {"x": 1}})");
  auto record = BudgetFromJson(stored);
  record.login.grants.push_back(6);
  EXPECT_EQ(ToJson(record), json::parse(R"({"login": [5, 6], "from_a_newer_host": {"x": 1}})"));
}

}  // namespace
}  // namespace zcrm::records
