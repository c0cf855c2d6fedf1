// The host's one wall clock: the system's time unless a source replaces it (only the test build's main does).
#include <gtest/gtest.h>

#include <chrono>

#include "clock/wall_clock.hpp"

namespace zcrm::clock {
namespace {

std::int64_t SystemMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t FixedAt42() {
  return 42;
}

TEST(ClockWallClock, ReadsTheSystemClockByDefault) {
  const auto before = SystemMs();
  const auto now = NowMs();
  EXPECT_GE(now, before);
  EXPECT_LE(now, SystemMs());
}

TEST(ClockWallClock, AReplacedSourceDecidesUntilResetWithNull) {
  ReplaceSource(FixedAt42);
  EXPECT_EQ(NowMs(), 42);
  ReplaceSource(nullptr);
  EXPECT_GT(NowMs(), 1'700'000'000'000);
}

}  // namespace
}  // namespace zcrm::clock
