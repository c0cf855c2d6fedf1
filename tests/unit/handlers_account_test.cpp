// account.* handlers against a real vault and an injected clock: the choice comes back, the recent list is
// most-recent-first, de-duplicated and bounded, clearing keeps history, and the choice is shared by every
// browser.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

class HandlersAccount : public test_support::HandlersFixture {};

json Record(const std::string& id, const std::string& name = "Zylker Inc",
            const std::string& module = "Accounts") {
  return {{"id", id}, {"name", name}, {"kind", "record"}, {"module", module}};
}

json User(const std::string& id, const std::string& name) {
  return {{"id", id}, {"name", name}, {"kind", "user"}};
}

json Choose(const json& account, const std::string& dc = "us") {
  return {{"id", 8}, {"type", "account.choose"}, {"client_id", "1000.ABC"}, {"dc", dc}, {"account", account}};
}

json Scoped(const std::string& type, const std::string& dc = "us") {
  return {{"id", 9}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", dc}};
}

json Recent(int limit) {
  auto request = Scoped("account.recent");
  request["limit"] = limit;
  return request;
}

std::vector<std::string> IdsOf(const json& accounts) {
  std::vector<std::string> ids;
  for (const auto& a : accounts) ids.push_back(a.at("id").get<std::string>());
  return ids;
}

TEST_F(HandlersAccount, ChooseAnswersTheAccountAndChosenAt) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Choose(Record("4150868000000225013"))),
            json({{"account", Record("4150868000000225013")}, {"chosen_at", kT0}}));
}

TEST_F(HandlersAccount, ChooseThenGetReturnsTheAccount) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("4150868000000225013")));
  now_ += 5000;
  EXPECT_EQ(Run(ctx, Scoped("account.get")),
            json({{"account", Record("4150868000000225013")}, {"chosen_at", kT0}}));
}

TEST_F(HandlersAccount, UserAccountHasNoModule) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(User("4150868000000184001", "Patricia Boyle")));
  const auto got = Run(ctx, Scoped("account.get"));
  EXPECT_EQ(got["account"], User("4150868000000184001", "Patricia Boyle"));
  EXPECT_FALSE(got["account"].contains("module"));
}

TEST_F(HandlersAccount, GetWithNoneChosenIsNullWithoutChosenAt) {
  auto ctx = ContextFor(kChromium);
  const auto got = Run(ctx, Scoped("account.get"));
  EXPECT_EQ(got, json({{"account", nullptr}}));
  EXPECT_FALSE(got.contains("chosen_at"));
}

TEST_F(HandlersAccount, RecentIsEmptyWithNoneChosen) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Scoped("account.recent")), json({{"accounts", json::array()}}));
}

TEST_F(HandlersAccount, RecentListsMostRecentFirstWithChosenAt) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1")));
  now_ += 1000;
  Run(ctx, Choose(Record("2", "Acme")));
  now_ += 1000;
  Run(ctx, Choose(User("3", "Patricia Boyle")));
  const auto recent = Run(ctx, Scoped("account.recent"))["accounts"];
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(IdsOf(recent), (std::vector<std::string>{"3", "2", "1"}));
  auto expected_first = User("3", "Patricia Boyle");
  expected_first["chosen_at"] = kT0 + 2000;
  EXPECT_EQ(recent[0], expected_first);
  EXPECT_EQ(recent[1]["chosen_at"], kT0 + 1000);
  EXPECT_EQ(recent[1]["module"], "Accounts");
  EXPECT_EQ(recent[2]["chosen_at"], kT0);
}

TEST_F(HandlersAccount, ChoosingAgainMovesItFirstWithoutADuplicate) {
  auto ctx = ContextFor(kChromium);
  for (const char* id : {"1", "2", "3"}) {
    Run(ctx, Choose(Record(id)));
    now_ += 1000;
  }
  Run(ctx, Choose(Record("1", "Zylker Renamed")));
  const auto recent = Run(ctx, Scoped("account.recent"))["accounts"];
  EXPECT_EQ(IdsOf(recent), (std::vector<std::string>{"1", "3", "2"}));
  EXPECT_EQ(recent[0]["name"], "Zylker Renamed");
  EXPECT_EQ(recent[0]["chosen_at"], kT0 + 3000);
}

TEST_F(HandlersAccount, SameIdInAnotherModuleIsADifferentAccount) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1", "Zylker", "Accounts")));
  Run(ctx, Choose(Record("1", "Zylker deal", "Deals")));
  EXPECT_EQ(Run(ctx, Scoped("account.recent"))["accounts"].size(), 2u);
}

TEST_F(HandlersAccount, RecentIsBoundedAt20) {
  auto ctx = ContextFor(kChromium);
  for (int i = 1; i <= 25; ++i) {
    Run(ctx, Choose(Record(std::to_string(i))));
    now_ += 1000;
  }
  const auto recent = Run(ctx, Scoped("account.recent"))["accounts"];
  ASSERT_EQ(recent.size(), 20u);
  EXPECT_EQ(recent.front()["id"], "25");
  EXPECT_EQ(recent.back()["id"], "6");
}

TEST_F(HandlersAccount, RecentLimitTrimsTheAnswer) {
  auto ctx = ContextFor(kChromium);
  for (const char* id : {"1", "2", "3", "4"}) Run(ctx, Choose(Record(id)));
  EXPECT_EQ(IdsOf(Run(ctx, Recent(2))["accounts"]), (std::vector<std::string>{"4", "3"}));
  EXPECT_EQ(IdsOf(Run(ctx, Recent(1))["accounts"]), (std::vector<std::string>{"4"}));
  EXPECT_EQ(Run(ctx, Recent(20))["accounts"].size(), 4u);
}

TEST_F(HandlersAccount, ClearForgetsTheChoiceButKeepsRecent) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1")));
  Run(ctx, Choose(Record("2")));
  EXPECT_EQ(Run(ctx, Scoped("account.clear")), json({{"cleared", true}}));
  EXPECT_EQ(Run(ctx, Scoped("account.get")), json({{"account", nullptr}}));
  EXPECT_EQ(IdsOf(Run(ctx, Scoped("account.recent"))["accounts"]), (std::vector<std::string>{"2", "1"}));
  EXPECT_EQ(Run(ctx, Scoped("account.clear")), json({{"cleared", false}}));
}

TEST_F(HandlersAccount, ChoosingAfterClearKeepsTheHistory) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1")));
  Run(ctx, Scoped("account.clear"));
  Run(ctx, Choose(Record("2")));
  EXPECT_EQ(Run(ctx, Scoped("account.get"))["account"]["id"], "2");
  EXPECT_EQ(IdsOf(Run(ctx, Scoped("account.recent"))["accounts"]), (std::vector<std::string>{"2", "1"}));
}

TEST_F(HandlersAccount, AccountIsSharedAcrossCallers) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, Choose(Record("4150868000000225013")));
  EXPECT_EQ(Run(firefox, Scoped("account.get"))["account"]["id"], "4150868000000225013");
  Run(firefox, Choose(Record("42")));
  EXPECT_EQ(IdsOf(Run(chromium, Scoped("account.recent"))["accounts"]),
            (std::vector<std::string>{"42", "4150868000000225013"}));
}

TEST_F(HandlersAccount, AccountsAreKeptPerClientIdAndDc) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1"), "us"));
  EXPECT_EQ(Run(ctx, Scoped("account.get", "eu")), json({{"account", nullptr}}));
  auto other_client = Scoped("account.get");
  other_client["client_id"] = "1000.OTHER";
  EXPECT_EQ(Run(ctx, other_client), json({{"account", nullptr}}));
}

}  // namespace
}  // namespace zcrm
