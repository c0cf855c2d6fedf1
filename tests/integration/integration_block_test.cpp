// docs/PROTOCOL.md "budget.block" through the real binary: a block Zoho imposed, reported once, refuses
// budget.reserve of that kind in every later host process and browser with ZOHO_BLOCKED and the wait, shows
// in budget.get and `zcrm-bridge status`, moves with a later report, and ends after config.json's
// zoho_block_s.
#include <gtest/gtest.h>

#include <string>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

constexpr std::int64_t kDefaultBlockMs = 600 * 1000;

class IntegrationBlock : public ::testing::Test {
 protected:
  StateDir state_;
};

std::int64_t RetryAfter(const Json& answer) {
  return answer["error"].value("retry_after_ms", std::int64_t{-1});
}

TEST_F(IntegrationBlock, ABlockPersistsAcrossHostProcessesAndBrowsers) {
  const auto before = NowMs();
  const Json blocked = AskOnce(state_, BudgetBlock(1, "login"));
  const auto after = NowMs();
  ASSERT_EQ(ErrorCode(blocked), "") << blocked;
  EXPECT_EQ(blocked.value("kind", ""), "login");
  const auto until = blocked.value("until", std::int64_t{0});
  EXPECT_GE(until, before + kDefaultBlockMs);
  EXPECT_LE(until, after + kDefaultBlockMs);

  // A new process of the same browser, then one of the other browser.
  for (const auto& args : {ChromiumArgs(), FirefoxArgs()}) {
    const Json refused = AskOnce(state_, BudgetReserve(2, "login"), args);
    ASSERT_EQ(ErrorCode(refused), "ZOHO_BLOCKED") << refused;
    EXPECT_GT(RetryAfter(refused), 0) << refused;
    EXPECT_LE(RetryAfter(refused), until - before) << refused;
    EXPECT_NE(refused["error"].value("message", "").find("login"), std::string::npos) << refused;
  }

  const auto answers =
      AskFresh(state_, {BudgetGet(3), BudgetReserve(4, "refresh"), BudgetGet(5, "1000.OTHER")});
  EXPECT_EQ(answers[0]["login"].value("blocked_until", std::int64_t{0}), until) << answers[0];
  EXPECT_EQ(answers[0]["login"].value("used", -1), 0) << "refusals took no slot: " << answers[0];
  EXPECT_FALSE(answers[0]["refresh"].contains("blocked_until")) << answers[0];
  EXPECT_EQ(ErrorCode(answers[1]), "") << "the refresh budget is not blocked: " << answers[1];
  EXPECT_FALSE(answers[2]["login"].contains("blocked_until")) << "kept per client ID: " << answers[2];
}

// A later report moving the end, and a block ending at its until:
// integration/clock/integration_clock_test.cpp.

TEST_F(IntegrationBlock, BadRequestsAreRefusedWithoutQuotingThemAndTheHostGoesOn) {
  HostProcess host(state_, ChromiumArgs());
  const std::string bad_kind = "<img src=x onerror=alert(1)>";
  const Json wrong_kind = host.Ask(BudgetBlock(1, bad_kind));
  EXPECT_EQ(ErrorCode(wrong_kind), "BAD_REQUEST") << wrong_kind;
  EXPECT_NE(wrong_kind.dump().find("'kind'"), std::string::npos) << wrong_kind;
  EXPECT_EQ(wrong_kind.dump().find("onerror"), std::string::npos) << wrong_kind;
  const Json wrong_client = host.Ask(BudgetBlock(2, "login", "1000/<b>x</b>"));
  EXPECT_EQ(ErrorCode(wrong_client), "BAD_REQUEST") << wrong_client;
  EXPECT_NE(wrong_client.dump().find("'client_id'"), std::string::npos) << wrong_client;
  EXPECT_EQ(wrong_client.dump().find("<b>"), std::string::npos) << wrong_client;
  Json no_kind = BudgetBlock(3, "login");
  no_kind.erase("kind");
  EXPECT_EQ(ErrorCode(host.Ask(no_kind)), "BAD_REQUEST");
  EXPECT_EQ(ErrorCode(host.Ask(BudgetReserve(4, "login"))), "") << "nothing was blocked";
  EXPECT_EQ(host.Finish(), 0);
}

TEST_F(IntegrationBlock, StatusShowsTheBlock) {
  const auto until = AskOnce(state_, BudgetBlock(1, "login")).value("until", std::int64_t{0});
  const auto json_run = RunCli(state_, {"status", "--json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const Json report = Json::parse(json_run.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << json_run.out;
  EXPECT_EQ(report["budgets"][kClient]["login"].value("blocked_until", std::int64_t{0}), until) << report;
  EXPECT_FALSE(report["budgets"][kClient]["refresh"].contains("blocked_until")) << report;
  const auto text_run = RunCli(state_, {"status"});
  EXPECT_NE(text_run.out.find("blocked by Zoho"), std::string::npos) << text_run.out;
}

TEST_F(IntegrationBlock, AnInvalidBlockDurationInConfigIsConfigInvalid) {
  state_.WriteConfig(StateDir::ConfigWith({{"zoho_block_s", 0}}));
  const Json answer = AskOnce(state_, BudgetBlock(1, "login"));
  EXPECT_EQ(ErrorCode(answer), "CONFIG_INVALID") << answer;
  EXPECT_NE(answer.dump().find("zoho_block_s"), std::string::npos) << answer;
}

}  // namespace
}  // namespace zcrm::integration
