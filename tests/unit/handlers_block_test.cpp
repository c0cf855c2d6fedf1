// budget.block against a real vault and an injected clock: a reported block refuses budget.reserve of that
// kind with ZOHO_BLOCKED and the exact wait even with slots free, takes no slot, ends exactly at its end
// (then the window decides again), moves with every report, is kept per client ID and kind, is shared by
// every caller, survives reopening the vault, and shows in budget.get.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

constexpr std::int64_t kBlockMs = 10 * 60 * 1000;  // the default, Zoho's ten minutes

class HandlersBlock : public test_support::HandlersFixture {};

json Block(const std::string& kind, const std::string& client_id = "1000.ABC") {
  return {{"id", 13}, {"type", "budget.block"}, {"client_id", client_id}, {"kind", kind}};
}

json Reserve(const std::string& kind, const std::string& client_id = "1000.ABC") {
  return {{"id", 6}, {"type", "budget.reserve"}, {"client_id", client_id}, {"kind", kind}};
}

json Get(const std::string& client_id = "1000.ABC") {
  return {{"id", 7}, {"type", "budget.get"}, {"client_id", client_id}};
}

TEST_F(HandlersBlock, BlockAnswersTheKindAndWhenItEnds) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Block("login")), json({{"kind", "login"}, {"until", kT0 + kBlockMs}}));
  EXPECT_EQ(Run(ctx, Block("refresh")), json({{"kind", "refresh"}, {"until", kT0 + kBlockMs}}));
}

TEST_F(HandlersBlock, TheDurationComesFromTheSettings) {
  settings_.zoho_block_ms = 90 * 1000;
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Block("login"))["until"], kT0 + 90 * 1000);
}

TEST_F(HandlersBlock, ABlockRefusesEvenWithSlotsFree) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("login"));
  now_ += 1000;
  const auto refused = FailureOf(ctx, Reserve("login"));
  EXPECT_EQ(refused.code, "ZOHO_BLOCKED");
  EXPECT_EQ(refused.retry_after_ms, kT0 + kBlockMs - now_);
}

TEST_F(HandlersBlock, TheMessageNamesTheKindAndSaysNothingIsTriedButQuotesNoRequestValue) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("refresh", "1000.SECRETISH"));
  try {
    (void)Run(ctx, Reserve("refresh", "1000.SECRETISH"));
    FAIL() << "not refused";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kZohoBlocked);
    EXPECT_THAT(e.what(), HasSubstr("refresh"));
    EXPECT_THAT(e.what(), HasSubstr("no refresh will be tried before the block ends in 600 s"));
    EXPECT_THAT(e.what(), Not(HasSubstr("SECRETISH")));
  }
}

TEST_F(HandlersBlock, ARefusalByABlockTakesNoSlot) {
  settings_.login = {2, 60 * 60 * 1000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  Run(ctx, Block("login"));
  for (int i = 0; i < 5; ++i) {
    now_ += 1000;
    EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "ZOHO_BLOCKED");
  }
  EXPECT_EQ(Run(ctx, Get())["login"]["used"], 1);
  now_ = kT0 + kBlockMs;
  EXPECT_EQ(Run(ctx, Reserve("login"))["used"], 2) << "the one free slot is still free";
}

TEST_F(HandlersBlock, AnExpiredBlockLetsTheWindowDecideAgain) {
  settings_.refresh = {1, 60 * 60 * 1000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("refresh"));
  now_ = kT0 + kBlockMs - 1;
  EXPECT_EQ(FailureOf(ctx, Reserve("refresh")).retry_after_ms, 1);
  now_ = kT0 + kBlockMs;
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1) << "granted exactly at the end";
  const auto refused = FailureOf(ctx, Reserve("refresh"));
  EXPECT_EQ(refused.code, "RATE_LIMITED") << "the window, not the block, refuses now";
  EXPECT_EQ(refused.retry_after_ms, 60 * 60 * 1000);
}

TEST_F(HandlersBlock, ASecondReportExtendsTheBlock) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("login"));
  now_ = kT0 + 4 * 60 * 1000;
  EXPECT_EQ(Run(ctx, Block("login"))["until"], now_ + kBlockMs);
  now_ = kT0 + kBlockMs;  // the first block would have ended here
  const auto refused = FailureOf(ctx, Reserve("login"));
  EXPECT_EQ(refused.code, "ZOHO_BLOCKED");
  EXPECT_EQ(refused.retry_after_ms, 4 * 60 * 1000);
}

TEST_F(HandlersBlock, BlocksAreKeptPerClientIdAndKind) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("login"));
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "ZOHO_BLOCKED");
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1) << "the other kind is not blocked";
  EXPECT_EQ(Run(ctx, Reserve("login", "1000.OTHER"))["used"], 1) << "another client ID is not blocked";
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "ZOHO_BLOCKED") << "granting the others kept the block";
}

TEST_F(HandlersBlock, ABlockIsSharedByEveryCallerOfAClientId) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(firefox, Block("refresh"));
  EXPECT_EQ(FailureOf(chromium, Reserve("refresh")).code, "ZOHO_BLOCKED");
}

TEST_F(HandlersBlock, ABlockSurvivesReopeningTheVault) {
  {
    auto ctx = ContextFor(kChromium);
    Run(ctx, Block("login"));
  }
  vault_.reset();
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "ZOHO_BLOCKED");
}

TEST_F(HandlersBlock, BudgetGetReportsTheActiveBlockPerKindAndNothingOnceItEnds) {
  auto ctx = ContextFor(kChromium);
  EXPECT_FALSE(Run(ctx, Get())["login"].contains("blocked_until"));
  Run(ctx, Block("login"));
  auto got = Run(ctx, Get());
  EXPECT_EQ(got["login"], json({{"used", 0},
                                {"limit", 10},
                                {"window_ms", 600000},
                                {"next_free_at", kT0},
                                {"blocked_until", kT0 + kBlockMs}}));
  EXPECT_FALSE(got["refresh"].contains("blocked_until"));
  EXPECT_FALSE(Run(ctx, Get("1000.OTHER"))["login"].contains("blocked_until"));
  now_ = kT0 + kBlockMs;
  EXPECT_FALSE(Run(ctx, Get())["login"].contains("blocked_until"));
}

TEST_F(HandlersBlock, AClockThatMovedBackKeepsTheBlockForOneDurationAtMost) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Block("login"));
  now_ = kT0 - 60 * 60 * 1000;
  const auto refused = FailureOf(ctx, Reserve("login"));
  EXPECT_EQ(refused.code, "ZOHO_BLOCKED");
  EXPECT_EQ(refused.retry_after_ms, kBlockMs);
  const auto capped_end = now_ + kBlockMs;
  now_ += 60 * 1000;
  EXPECT_EQ(Run(ctx, Get())["login"]["blocked_until"], capped_end) << "the capped end was kept";
  now_ = capped_end;
  EXPECT_EQ(Run(ctx, Reserve("login"))["used"], 1);
}

}  // namespace
}  // namespace zcrm
