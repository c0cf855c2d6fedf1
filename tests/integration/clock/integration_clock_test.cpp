// Time-dependent behaviour through zcrm-bridge-testclock, the host built with a clock the test sets
// (host/test_clock/): expiry and block ends checked at the exact millisecond, with no real time waited.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <string>

#include "host_process.hpp"
#include "requests.hpp"
#include "test_clock.hpp"

namespace zcrm::integration {
namespace {

// Any fixed time works; this one is in 2027, far from the real clock, so a host on real time shows.
constexpr std::int64_t kT0 = 1'800'000'000'000;
constexpr std::int64_t kDefaultBlockMs = 600 * 1000;

class IntegrationClock : public ::testing::Test {
 protected:
  StateDir state_;
  TestClock clock_{state_, kT0};
};

// The counterpart of IntegrationTestClock.TheShippedHostDoesNotContainTheClockFileVariable: the same search
// finds the variable in the test build.
TEST_F(IntegrationClock, TheTestHostContainsTheClockFileVariable) {
  std::ifstream in(ZCRM_HOST_BINARY, std::ios::binary);
  const std::string binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(binary.find(test_clock::kClockFileVariable), std::string::npos) << ZCRM_HOST_BINARY;
}

TEST_F(IntegrationClock, TheTestHostReportsTheTimeOfItsClockFile) {
  const Json stored = AskOnce(state_, TokenStore(1, "1000.clock"));
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  EXPECT_EQ(stored.value("stored_at", std::int64_t{0}), kT0) << stored;
}

TEST_F(IntegrationClock, ALongLivedHostSeesTheClockMove) {
  HostProcess host(state_, ChromiumArgs());
  EXPECT_EQ(host.Ask(TokenStore(1, "1000.moving")).value("stored_at", std::int64_t{0}), kT0);
  clock_.Set(kT0 + 5000);
  EXPECT_EQ(host.Ask(TokenStore(2, "1000.moving")).value("stored_at", std::int64_t{0}), kT0 + 5000);
  EXPECT_EQ(host.Finish(), 0);
}

TEST_F(IntegrationClock, TokenGetAnswersTokenExpiredFromTheMillisecondItExpires) {
  const Json stored = AskOnce(state_, TokenStore(1, "1000.brief", kClient, kDc, "1"));
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  ASSERT_EQ(stored.value("expires_at", std::int64_t{0}), kT0 + 1000) << stored;

  clock_.Set(kT0 + 999);
  const Json still = AskOnce(state_, Scoped(2, "token.get"));
  EXPECT_EQ(still.value("access_token", ""), "1000.brief") << still;

  clock_.Set(kT0 + 1000);
  const auto answers = AskFresh(state_, {Scoped(3, "token.get"), Scoped(4, "token.status")});
  EXPECT_EQ(ErrorCode(answers[0]), "TOKEN_EXPIRED") << answers[0];
  EXPECT_EQ(answers[0].dump().find("1000.brief"), std::string::npos) << answers[0];
  // The record is kept for token.status.
  EXPECT_EQ(answers[1].value("present", false), true) << answers[1];
  EXPECT_EQ(answers[1].value("expired", false), true) << answers[1];
}

TEST_F(IntegrationClock, ALaterReportFromAnotherProcessMovesTheEnd) {
  EXPECT_EQ(AskOnce(state_, BudgetBlock(1, "refresh")).value("until", std::int64_t{0}),
            kT0 + kDefaultBlockMs);
  clock_.Set(kT0 + 20);
  const auto second =
      AskOnce(state_, BudgetBlock(2, "refresh"), FirefoxArgs()).value("until", std::int64_t{0});
  EXPECT_EQ(second, kT0 + 20 + kDefaultBlockMs);
  EXPECT_EQ(AskOnce(state_, BudgetGet(3))["refresh"].value("blocked_until", std::int64_t{0}), second);
}

TEST_F(IntegrationClock, AConfiguredShortBlockEndsAtItsUntilAndTheWindowDecidesAgain) {
  state_.WriteConfig(
      StateDir::ConfigWith({{"zoho_block_s", 1}, {"limits", {{"login", {{"max", 1}, {"window_s", 600}}}}}}));
  const Json blocked = AskOnce(state_, BudgetBlock(1, "login"));
  ASSERT_EQ(ErrorCode(blocked), "") << blocked;
  ASSERT_EQ(blocked.value("until", std::int64_t{0}), kT0 + 1000) << blocked;

  clock_.Set(kT0 + 999);
  const Json refused = AskOnce(state_, BudgetReserve(2, "login"));
  ASSERT_EQ(ErrorCode(refused), "ZOHO_BLOCKED") << refused;
  EXPECT_EQ(refused["error"].value("retry_after_ms", std::int64_t{-1}), 1) << refused;

  clock_.Set(kT0 + 1000);  // a block is over at exactly its until
  const auto answers = AskFresh(state_, {BudgetReserve(3, "login"), BudgetReserve(4, "login")});
  EXPECT_EQ(ErrorCode(answers[0]), "") << "the block is over and a slot is free: " << answers[0];
  EXPECT_EQ(ErrorCode(answers[1]), "RATE_LIMITED") << answers[1];
}

TEST_F(IntegrationClock, AnUnreadableClockFileStopsTheTestHostInsteadOfFallingBackToRealTime) {
  std::filesystem::remove(state_.scratch() / "clock-ms");
  HostProcess host(state_, ChromiumArgs());
  ASSERT_TRUE(host.Send(TokenStore(1, "1000.noclock")));
  host.CloseStdin();
  EXPECT_EQ(host.ReadToEnd(), "") << "no answer on real time";
  EXPECT_EQ(host.WaitExit(), -SIGABRT);
  EXPECT_NE(host.Stderr().find("clock file"), std::string::npos) << host.Stderr();
}

}  // namespace
}  // namespace zcrm::integration
