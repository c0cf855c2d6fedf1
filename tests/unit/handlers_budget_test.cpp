// budget.* handlers against a real vault and an injected clock: grants up to the limit, RATE_LIMITED with the
// exact wait, slots free when the window passes, budget.get only looks, and grants persist in the vault.
#include <gtest/gtest.h>

#include <string>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

class HandlersBudget : public test_support::HandlersFixture {};

json Reserve(const std::string& kind, const std::string& client_id = "1000.ABC") {
  return {{"id", 6}, {"type", "budget.reserve"}, {"client_id", client_id}, {"kind", kind}};
}

json Get(const std::string& client_id = "1000.ABC") {
  return {{"id", 7}, {"type", "budget.get"}, {"client_id", client_id}};
}

TEST_F(HandlersBudget, ReserveAnswersTheSnapshotAfterTheGrant) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(
      Run(ctx, Reserve("refresh")),
      json({{"kind", "refresh"}, {"used", 1}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0}}));
  EXPECT_EQ(
      Run(ctx, Reserve("login")),
      json({{"kind", "login"}, {"used", 1}, {"limit", 10}, {"window_ms", 600000}, {"next_free_at", kT0}}));
}

TEST_F(HandlersBudget, ReserveGrantsUpToTheLimitThenRateLimitedWithRetryAfter) {
  settings_.refresh = {3, 60000};
  auto ctx = ContextFor(kChromium);
  for (int i = 1; i <= 3; ++i) {
    const auto granted = Run(ctx, Reserve("refresh"));
    EXPECT_EQ(granted["used"], i);
    now_ += 1000;
  }
  now_ = kT0 + 5000;
  const auto refused = FailureOf(ctx, Reserve("refresh"));
  EXPECT_EQ(refused.code, "RATE_LIMITED");
  EXPECT_EQ(refused.retry_after_ms, kT0 + 60000 - now_);
}

TEST_F(HandlersBudget, ReserveFreesAfterTheWindow) {
  settings_.login = {2, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  now_ += 10000;
  Run(ctx, Reserve("login"));
  now_ = kT0 + 60000 - 1;
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).retry_after_ms, 1);
  now_ = kT0 + 60000;
  const auto granted = Run(ctx, Reserve("login"));
  EXPECT_EQ(granted["used"], 2);
  EXPECT_EQ(granted["next_free_at"], kT0 + 10000 + 60000);
}

TEST_F(HandlersBudget, RefusedReservationsAreNotCounted) {
  settings_.refresh = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("refresh"));
  for (int i = 0; i < 5; ++i) {
    now_ += 1000;
    EXPECT_EQ(FailureOf(ctx, Reserve("refresh")).code, "RATE_LIMITED");
  }
  now_ = kT0 + 60000;
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetGetReflectsReservations) {
  settings_.login = {2, 60000};
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Get()),
            json({{"login", {{"used", 0}, {"limit", 2}, {"window_ms", 60000}, {"next_free_at", kT0}}},
                  {"refresh", {{"used", 0}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0}}}}));
  Run(ctx, Reserve("login"));
  now_ += 5000;
  Run(ctx, Reserve("login"));
  Run(ctx, Reserve("refresh"));
  now_ += 1000;
  const auto got = Run(ctx, Get());
  EXPECT_EQ(got["login"],
            json({{"used", 2}, {"limit", 2}, {"window_ms", 60000}, {"next_free_at", kT0 + 60000}}));
  EXPECT_EQ(got["refresh"],
            json({{"used", 1}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0 + 6000}}));
  now_ = kT0 + 60000;
  EXPECT_EQ(Run(ctx, Get())["login"]["used"], 1);
}

TEST_F(HandlersBudget, BudgetGetDoesNotConsume) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  for (int i = 0; i < 3; ++i) Run(ctx, Get());
  EXPECT_EQ(Run(ctx, Reserve("login"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetsAreKeptPerClientIdAndKind) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "RATE_LIMITED");
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1);
  EXPECT_EQ(Run(ctx, Reserve("login", "1000.OTHER"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetIsSharedByEveryCallerOfAClientId) {
  settings_.login = {2, 60000};
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, Reserve("login"));
  EXPECT_EQ(Run(firefox, Reserve("login"))["used"], 2);
  EXPECT_EQ(FailureOf(chromium, Reserve("login")).code, "RATE_LIMITED");
}

TEST_F(HandlersBudget, ReservationsSurviveReopeningTheVault) {
  settings_.refresh = {1, 60000};
  {
    auto ctx = ContextFor(kChromium);
    Run(ctx, Reserve("refresh"));
  }
  vault_.reset();
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(FailureOf(ctx, Reserve("refresh")).code, "RATE_LIMITED");
}

TEST_F(HandlersBudget, ClockGoingBackwardsStillRefuses) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  now_ = kT0 - 3600 * 1000;
  const auto refused = FailureOf(ctx, Reserve("login"));
  EXPECT_EQ(refused.code, "RATE_LIMITED");
  EXPECT_EQ(refused.retry_after_ms, kT0 + 60000 - now_);
}

}  // namespace
}  // namespace zcrm
