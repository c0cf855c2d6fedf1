// The sliding-window budget: at most `max` grants in any window, exact edges, and grants from an older limit
// or a clock that moved back. Its stored form is tested with the budget record (records_budget_test.cpp).
// Time is always passed in, so nothing here sleeps.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "budget/sliding_window.hpp"

namespace zcrm::budget {
namespace {

using Grants = std::vector<std::int64_t>;

constexpr std::int64_t kT0 = 1764340000000;

TEST(BudgetSlidingWindow, ReserveGrantsUpToMaxThenRefuses) {
  SlidingWindow window({3, 60000}, {});
  for (int i = 1; i <= 3; ++i) {
    const auto d = window.Reserve(kT0 + i);
    EXPECT_TRUE(d.granted) << "grant " << i;
    EXPECT_EQ(d.snapshot.used, i);
    EXPECT_EQ(d.snapshot.limit, 3);
    EXPECT_EQ(d.snapshot.window_ms, 60000);
    EXPECT_EQ(d.retry_after_ms, 0);
  }
  const auto refused = window.Reserve(kT0 + 10);
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.snapshot.used, 3);
  EXPECT_EQ(window.grants(), (Grants{kT0 + 1, kT0 + 2, kT0 + 3}));
}

TEST(BudgetSlidingWindow, GrantingTheLastSlotReportsWhenTheOldestGrantLeaves) {
  SlidingWindow window({2, 60000}, {});
  EXPECT_EQ(window.Reserve(kT0).snapshot.next_free_at, kT0);  // one slot still free
  const auto last = window.Reserve(kT0 + 500);
  EXPECT_TRUE(last.granted);
  EXPECT_EQ(last.snapshot.next_free_at, kT0 + 60000);
}

TEST(BudgetSlidingWindow, ReserveRefusesAtLimitWithRetryAfterUntilOldestGrantLeaves) {
  SlidingWindow window({2, 10000}, {kT0 + 1000, kT0 + 1500});
  const auto d = window.Reserve(kT0 + 4000);
  EXPECT_FALSE(d.granted);
  // oldest + window - now
  EXPECT_EQ(d.retry_after_ms, kT0 + 1000 + 10000 - (kT0 + 4000));
  EXPECT_EQ(d.snapshot.next_free_at, kT0 + 11000);
  EXPECT_EQ(d.snapshot.used, 2);
}

TEST(BudgetSlidingWindow, GrantFreesExactlyAtWindowEndNotOneMsBefore) {
  SlidingWindow window({1, 5000}, {kT0});
  const auto before = window.Reserve(kT0 + 4999);
  EXPECT_FALSE(before.granted);
  EXPECT_EQ(before.retry_after_ms, 1);
  EXPECT_EQ(window.Peek(kT0 + 4999).used, 1);
  EXPECT_EQ(window.Peek(kT0 + 5000).used, 0);
  const auto at_edge = window.Reserve(kT0 + 5000);
  EXPECT_TRUE(at_edge.granted);
  EXPECT_EQ(window.grants(), (Grants{kT0 + 5000}));
}

TEST(BudgetSlidingWindow, NextFreeAtIsNowWhenASlotIsFree) {
  const SlidingWindow empty({2, 10000}, {});
  EXPECT_EQ(empty.Peek(kT0).next_free_at, kT0);
  EXPECT_EQ(empty.Peek(kT0).used, 0);
  const SlidingWindow half({2, 10000}, {kT0 - 100});
  EXPECT_EQ(half.Peek(kT0).next_free_at, kT0);
  EXPECT_EQ(half.Peek(kT0).used, 1);
}

TEST(BudgetSlidingWindow, NextFreeAtIsWhenTheOldestLiveGrantLeavesWhenFull) {
  // kT0 - 20000 is already outside the window and must not be taken as the oldest.
  const SlidingWindow full({2, 10000}, {kT0 - 20000, kT0 - 3000, kT0 - 1000});
  const auto s = full.Peek(kT0);
  EXPECT_EQ(s.used, 2);
  EXPECT_EQ(s.next_free_at, kT0 - 3000 + 10000);
}

TEST(BudgetSlidingWindow, PeekDoesNotRecordAGrant) {
  SlidingWindow window({1, 10000}, {});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(window.Peek(kT0 + i).used, 0);
  EXPECT_TRUE(window.grants().empty());
  EXPECT_TRUE(window.Reserve(kT0 + 10).granted);
}

TEST(BudgetSlidingWindow, LimitLoweredBelowStoredGrantsCountsEveryLiveGrant) {
  // Three grants stored under an older, larger limit; the limit is now 2.
  SlidingWindow window({2, 10000}, {kT0 + 1000, kT0 + 2000, kT0 + 3000});
  const auto s = window.Peek(kT0 + 4000);
  EXPECT_EQ(s.used, 3);
  EXPECT_EQ(s.limit, 2);
  // A slot frees only once two grants have left: when the second oldest leaves.
  EXPECT_EQ(s.next_free_at, kT0 + 12000);
  const auto refused = window.Reserve(kT0 + 11000);  // the oldest has left, still 2 of 2
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.retry_after_ms, 1000);
  EXPECT_TRUE(window.Reserve(kT0 + 12000).granted);
  EXPECT_EQ(window.grants(), (Grants{kT0 + 3000, kT0 + 12000}));
}

TEST(BudgetSlidingWindow, GrantsPassedBackRestoreTheWindow) {
  SlidingWindow window({5, 10000}, {});
  for (std::int64_t t : {kT0, kT0 + 7, kT0 + 7, kT0 + 900}) ASSERT_TRUE(window.Reserve(t).granted);
  EXPECT_EQ(window.grants(), (Grants{kT0, kT0 + 7, kT0 + 7, kT0 + 900}));
  const SlidingWindow restored({5, 10000}, window.grants());
  EXPECT_EQ(restored.grants(), window.grants());
  EXPECT_EQ(restored.Peek(kT0 + 1000).used, 4);
}

TEST(BudgetSlidingWindow, GrantsGivenOutOfOrderAreSorted) {
  const SlidingWindow window({10, 10000}, {3000, 1000, 2000});
  EXPECT_EQ(window.grants(), (Grants{1000, 2000, 3000}));
}

TEST(BudgetSlidingWindow, ClockGoingBackwardsStillRefusesSafely) {
  SlidingWindow window({2, 5000}, {});
  ASSERT_TRUE(window.Reserve(kT0 + 10000).granted);
  ASSERT_TRUE(window.Reserve(kT0 + 11000).granted);
  // The clock jumps back before both grants: they still count, and the wait is never zero or negative.
  const auto d = window.Reserve(kT0 + 2000);
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.snapshot.used, 2);
  EXPECT_EQ(d.retry_after_ms, kT0 + 10000 + 5000 - (kT0 + 2000));
  EXPECT_EQ(window.grants(), (Grants{kT0 + 10000, kT0 + 11000}));
}

TEST(BudgetSlidingWindow, ClockGoingBackwardsWithAFreeSlotKeepsGrantsOrdered) {
  SlidingWindow window({3, 5000}, {kT0 + 10000, kT0 + 11000});
  const auto d = window.Reserve(kT0 + 2000);
  EXPECT_TRUE(d.granted);
  EXPECT_EQ(d.snapshot.used, 3);
  EXPECT_EQ(window.grants(), (Grants{kT0 + 2000, kT0 + 10000, kT0 + 11000}));
  EXPECT_FALSE(window.Reserve(kT0 + 2001).granted);
}

}  // namespace
}  // namespace zcrm::budget
