// docs/PROTOCOL.md "Messages": tokens, budgets and accounts as the extension uses them, through the real
// binary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

constexpr std::int64_t kDefaultMarginMs = 300 * 1000;

class IntegrationMessages : public ::testing::Test {
 protected:
  StateDir state_;
};

TEST_F(IntegrationMessages, TokenStoreThenGetReturnsTheTokenWithTypedFields) {
  const auto before = NowMs();
  const Json stored = AskOnce(state_, TokenStore(1, "1000.abc.def", kClient, "us", "3600", "refresh"));
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  const auto after = NowMs();
  const auto stored_at = stored.value("stored_at", std::int64_t{0});
  EXPECT_GE(stored_at, before);
  EXPECT_LE(stored_at, after);
  EXPECT_EQ(stored.value("expires_at", std::int64_t{0}), stored_at + 3600 * 1000);
  EXPECT_EQ(stored.value("refresh_at", std::int64_t{0}), stored_at + 3600 * 1000 - kDefaultMarginMs);
  EXPECT_EQ(stored.value("dc", ""), "us");

  const Json got = AskOnce(state_, Scoped(2, "token.get"));
  EXPECT_EQ(got.value("access_token", ""), "1000.abc.def") << got;
  EXPECT_EQ(got.value("api_domain", ""), "https://www.zohoapis.com");
  EXPECT_EQ(got.value("scope", ""), "ZohoCRM.users.READ");
  EXPECT_EQ(got["granted_for_session"], Json(true));  // sent as the string "true", answered as a boolean
  EXPECT_EQ(got.value("token_type", ""), "Bearer");
  EXPECT_EQ(got.value("source", ""), "refresh");
  for (const char* key : {"stored_at", "expires_at", "refresh_at", "dc"})
    EXPECT_EQ(got[key], stored[key]) << key;
}

TEST_F(IntegrationMessages, RefreshAtHonoursRefreshMarginFromConfig) {
  state_.WriteConfig(StateDir::ConfigWith({{"refresh_margin_s", 60}}));
  const Json stored = AskOnce(state_, TokenStore(1, "1000.margin"));
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  EXPECT_EQ(stored.value("refresh_at", std::int64_t{0}),
            stored.value("expires_at", std::int64_t{0}) - 60 * 1000);
}

TEST_F(IntegrationMessages, RefreshAtIsNeverBeforeStoredAt) {
  const Json stored = AskOnce(state_, TokenStore(1, "1000.short", kClient, kDc, "100"));
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  EXPECT_EQ(stored.value("refresh_at", std::int64_t{0}), stored.value("stored_at", std::int64_t{-1}));
}

TEST_F(IntegrationMessages, LocationWinsOverDc) {
  Json request = TokenStore(1, "1000.eu-token", kClient, "us");
  request["token"]["location"] = "eu";
  const auto answers = AskFresh(
      state_, {request, Scoped(2, "token.get", kClient, "eu"), Scoped(3, "token.get", kClient, "us")});
  EXPECT_EQ(answers[0].value("dc", ""), "eu") << answers[0];
  EXPECT_EQ(answers[1].value("access_token", ""), "1000.eu-token") << answers[1];
  EXPECT_EQ(answers[1].value("dc", ""), "eu");
  EXPECT_EQ(ErrorCode(answers[2]), "NO_TOKEN") << answers[2];
}

// Expiry at the exact millisecond: integration/clock/integration_clock_test.cpp.

TEST_F(IntegrationMessages, TokenStatusDescribesTheTokenWithoutTheSecret) {
  const auto answers = AskFresh(
      state_, {Scoped(1, "token.status"), TokenStore(2, "1000.statussecret"), Scoped(3, "token.status")});
  EXPECT_EQ(answers[0], Json({{"id", 1}, {"ok", true}, {"present", false}}));
  EXPECT_EQ(answers[2].value("present", false), true) << answers[2];
  EXPECT_EQ(answers[2].value("expired", true), false) << answers[2];
  EXPECT_EQ(answers[2]["expires_at"], answers[1]["expires_at"]);
  EXPECT_FALSE(answers[2].contains("access_token"));
  EXPECT_EQ(answers[2].dump().find("statussecret"), std::string::npos) << answers[2];
}

TEST_F(IntegrationMessages, TokenForgetLeadsToNoToken) {
  const auto answers = AskFresh(state_, {TokenStore(1, "1000.bye"), Scoped(2, "token.forget")});
  EXPECT_EQ(answers[1].value("forgotten", false), true) << answers[1];
  const auto after = AskFresh(state_, {Scoped(3, "token.get"), Scoped(4, "token.status")});
  EXPECT_EQ(ErrorCode(after[0]), "NO_TOKEN") << after[0];
  EXPECT_EQ(after[1].value("present", true), false) << after[1];
}

TEST_F(IntegrationMessages, BudgetGrantsUpToTheConfiguredLimitThenRateLimited) {
  state_.WriteConfig(StateDir::ConfigWith({{"limits", {{"refresh", {{"max", 3}, {"window_s", 60}}}}}}));
  std::vector<Json> answers;
  for (int i = 1; i <= 4; ++i) answers.push_back(AskOnce(state_, BudgetReserve(i, "refresh")));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ErrorCode(answers[i]), "") << answers[i];
    EXPECT_EQ(answers[i].value("used", 0), i + 1);
    EXPECT_EQ(answers[i].value("limit", 0), 3);
    EXPECT_EQ(answers[i].value("window_ms", 0), 60000);
    EXPECT_EQ(answers[i].value("kind", ""), "refresh");
  }
  ASSERT_EQ(ErrorCode(answers[3]), "RATE_LIMITED") << answers[3];
  const auto retry = answers[3]["error"].value("retry_after_ms", std::int64_t{-1});
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 60000);

  const auto budget = AskFresh(state_, {BudgetGet(5), BudgetReserve(6, "login")});
  EXPECT_EQ(budget[0]["refresh"].value("used", 0), 3) << budget[0];
  EXPECT_GT(budget[0]["refresh"].value("next_free_at", std::int64_t{0}), NowMs());
  EXPECT_EQ(budget[0]["login"].value("used", -1), 0) << budget[0];
  EXPECT_EQ(budget[0]["login"].value("limit", 0), 10);  // the default
  EXPECT_EQ(ErrorCode(budget[1]), "") << "the login budget is separate: " << budget[1];
  // Budgets are per client ID.
  EXPECT_EQ(ErrorCode(AskOnce(state_, BudgetReserve(7, "refresh", "1000.OTHER"))), "");
}

TEST_F(IntegrationMessages, AccountChooseGetAndClear) {
  const auto answers =
      AskFresh(state_, {Scoped(1, "account.get"), AccountChoose(2, "4150868000000225013", "Zylker"),
                        Scoped(3, "account.get"), Scoped(4, "account.get", kClient, "eu")});
  EXPECT_EQ(answers[0], Json({{"id", 1}, {"ok", true}, {"account", nullptr}}));
  const Json expected_account = {
      {"id", "4150868000000225013"}, {"name", "Zylker"}, {"kind", "record"}, {"module", "Accounts"}};
  EXPECT_EQ(answers[1]["account"], expected_account);
  EXPECT_EQ(answers[2]["account"], expected_account);
  EXPECT_EQ(answers[2]["chosen_at"], answers[1]["chosen_at"]);
  EXPECT_TRUE(answers[3]["account"].is_null()) << "kept per client ID and dc: " << answers[3];

  const auto cleared = AskFresh(state_, {Scoped(5, "account.clear"), Scoped(6, "account.get")});
  EXPECT_EQ(cleared[0].value("cleared", false), true) << cleared[0];
  EXPECT_TRUE(cleared[1]["account"].is_null()) << cleared[1];
  EXPECT_FALSE(cleared[1].contains("chosen_at")) << cleared[1];
}

TEST_F(IntegrationMessages, AccountRecentIsMostRecentFirstBoundedAtTwenty) {
  std::vector<Json> requests;
  for (int i = 0; i < 25; ++i) requests.push_back(AccountChoose(i, "acc" + std::to_string(i), "Name"));
  requests.push_back(AccountChoose(100, "acc10", "Name"));  // chosen again: moves first, not duplicated
  requests.push_back(Scoped(101, "account.recent"));
  Json limited = Scoped(102, "account.recent");
  limited["limit"] = 5;
  requests.push_back(limited);
  const auto answers = AskFresh(state_, requests);
  const Json& recent = answers[25 + 1]["accounts"];
  ASSERT_EQ(recent.size(), 20u) << answers[26];
  EXPECT_EQ(recent[0].value("id", ""), "acc10");
  // Then acc24, acc23, ... down to acc6, skipping acc10.
  std::vector<std::string> ids;
  for (const auto& entry : recent) ids.push_back(entry.value("id", ""));
  std::vector<std::string> expected = {"acc10"};
  for (int i = 24; expected.size() < 20; --i) {
    if (i != 10) expected.push_back("acc" + std::to_string(i));
  }
  EXPECT_EQ(ids, expected);
  for (std::size_t i = 1; i < recent.size(); ++i) {
    EXPECT_GE(recent[i - 1].value("chosen_at", std::int64_t{0}),
              recent[i].value("chosen_at", std::int64_t{0}));
  }
  const Json& five = answers[27]["accounts"];
  ASSERT_EQ(five.size(), 5u);
  EXPECT_EQ(five[0].value("id", ""), "acc10");
  EXPECT_EQ(five[4].value("id", ""), "acc21");
}

}  // namespace
}  // namespace zcrm::integration
