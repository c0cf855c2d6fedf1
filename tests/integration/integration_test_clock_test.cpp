// The clock override is for tests only: the shipped zcrm-bridge, which a browser starts with an environment
// of its choosing, neither contains the override nor follows a clock file. (zcrm-bridge-testclock does:
// tests/integration/clock/.)
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include "host_process.hpp"
#include "requests.hpp"
#include "test_clock.hpp"

namespace zcrm::integration {
namespace {

TEST(IntegrationTestClock, TheShippedHostDoesNotContainTheClockFileVariable) {
  std::ifstream in(ZCRM_HOST_BINARY, std::ios::binary);
  ASSERT_TRUE(in) << ZCRM_HOST_BINARY;
  const std::string binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(binary.size(), 100'000u);
  EXPECT_EQ(binary.find(test_clock::kClockFileVariable), std::string::npos);
}

TEST(IntegrationTestClock, TheShippedHostKeepsRealTimeWhenTheEnvironmentNamesAClockFile) {
  StateDir state;
  const std::int64_t ten_years_ahead = NowMs() + 10LL * 365 * 24 * 3600 * 1000;
  const TestClock clock(state, ten_years_ahead);
  const auto before = NowMs();
  const Json stored = AskOnce(state, TokenStore(1, "1000.realtime"));
  const auto after = NowMs();
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  EXPECT_GE(stored.value("stored_at", std::int64_t{0}), before) << stored;
  EXPECT_LE(stored.value("stored_at", std::int64_t{0}), after) << stored;
}

}  // namespace
}  // namespace zcrm::integration
