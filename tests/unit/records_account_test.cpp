// The account record's JSON form: the choice and the recent list read back as written, a cleared choice stays
// cleared with its history, and what is not a readable account is left out rather than trusted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/account_record.hpp"

namespace zcrm::records {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1764340000000;

const AccountRef kAda{"4150868000000225013", "Ada Lovelace", "user", std::nullopt};
const AccountRef kAcme{"4150868000000302001", "Acme", "record", "Accounts"};

TEST(RecordsAccount, WhatIsWrittenReadsBackTheSame) {
  const AccountRecord record{AccountChoice{kAcme, kT0 + 5}, {{kAcme, kT0 + 5}, {kAda, kT0}}};
  EXPECT_EQ(AccountFromJson(json::parse(ToJson(record).dump())), record);
}

TEST(RecordsAccount, StoredFormIsTheOneExistingVaultsHold) {
  const AccountRecord record{AccountChoice{kAcme, kT0}, {{kAcme, kT0}}};
  EXPECT_EQ(ToJson(record), json::parse(R"({
      "chosen": {"id": "4150868000000302001", "name": "Acme", "kind": "record", "module": "Accounts"},
      "chosen_at": 1764340000000,
      "recent": [{"id": "4150868000000302001", "name": "Acme", "kind": "record", "module": "Accounts",
                  "chosen_at": 1764340000000}]})"));
}

TEST(RecordsAccount, AClearedChoiceIsStoredAsNullAndKeepsTheRecentList) {
  const AccountRecord cleared{std::nullopt, {{kAda, kT0}}};
  const json stored = ToJson(cleared);
  EXPECT_TRUE(stored["chosen"].is_null());
  EXPECT_FALSE(stored.contains("chosen_at"));
  EXPECT_EQ(AccountFromJson(stored), cleared);
}

TEST(RecordsAccount, AChosenAccountMissingAFieldReadsAsNoChoice) {
  for (const char* key : {"id", "name", "kind"}) {
    json stored = ToJson(AccountRecord{AccountChoice{kAda, kT0}, {}});
    stored["chosen"].erase(key);
    EXPECT_EQ(AccountFromJson(stored).chosen, std::nullopt) << key;
  }
}

TEST(RecordsAccount, RecentEntriesThatAreNotAccountsAreLeftOut) {
  const json stored = json::parse(R"({"recent": [
      {"id": "1", "name": "One", "kind": "user", "chosen_at": 5}, "two", {"id": 3, "name": "Three", "kind": "user"},
      {"id": "4", "name": "Four", "kind": "user", "chosen_at": "later"}]})");
  const auto record = AccountFromJson(stored);
  ASSERT_EQ(record.recent.size(), 2u);
  EXPECT_EQ(record.recent[0], (AccountChoice{{"1", "One", "user", std::nullopt}, 5}));
  EXPECT_EQ(record.recent[1].account.id, "4");
  EXPECT_EQ(record.recent[1].chosen_at, 0);  // a time of the wrong type reads as unknown
}

TEST(RecordsAccount, AValueThatIsNotAnObjectReadsAsAnEmptyRecord) {
  for (const json& stored : {json(), json::array(), json("x"), json::parse(R"({"recent": {"id": "1"}})")}) {
    EXPECT_EQ(AccountFromJson(stored), AccountRecord{}) << stored;
  }
}

TEST(RecordsAccount, SameAsComparesIdKindAndModuleNotTheName) {
  AccountRef renamed = kAcme;
  renamed.name = "Acme Ltd";
  EXPECT_TRUE(kAcme.SameAs(renamed));
  AccountRef other_module = kAcme;
  other_module.module = "Contacts";
  EXPECT_FALSE(kAcme.SameAs(other_module));
}

}  // namespace
}  // namespace zcrm::records
