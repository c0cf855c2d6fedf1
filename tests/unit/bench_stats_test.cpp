// The benchmark's statistics (bench/driver/stats.cpp): the README's figures are only as right as these.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "stats.hpp"

namespace zcrm::bench {
namespace {

// 1..n microseconds, as nanoseconds, shuffled so that sorting is the summary's job.
std::vector<std::int64_t> Microseconds(int n) {
  std::vector<std::int64_t> ns;
  for (int i = n; i >= 1; i -= 2) ns.push_back(i * 1000);
  for (int i = (n % 2 == 0) ? 1 : 2; i <= n; i += 2) ns.push_back(i * 1000);
  return ns;
}

TEST(BenchStats, PercentileIsTheNearestRankAtOrAboveTheShare) {
  std::vector<std::int64_t> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i * 1000);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.95), 95.0);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.99), 99.0);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 1.0), 100.0);
  // 95 % of 10 samples is 9.5: the 10th sample is the first with at least 95 % at or below it.
  sorted.resize(10);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.95), 10.0);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.5), 5.0);
}

TEST(BenchStats, PercentileOfOneSampleIsThatSample) {
  EXPECT_DOUBLE_EQ(Percentile({7000}, 0.01), 7.0);
  EXPECT_DOUBLE_EQ(Percentile({7000}, 0.99), 7.0);
}

TEST(BenchStats, SummaryOfAnOddCountTakesTheMiddleSampleAsMedian) {
  const Stats s = Summarize(Microseconds(101));
  EXPECT_EQ(s.n, 101u);
  EXPECT_DOUBLE_EQ(s.median, 51.0);
  EXPECT_DOUBLE_EQ(s.p95, 96.0);  // ceil(0.95 × 101) = 96th sample
  EXPECT_DOUBLE_EQ(s.p99, 100.0);
  EXPECT_DOUBLE_EQ(s.mean, 51.0);
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 101.0);
}

TEST(BenchStats, SummaryOfAnEvenCountAveragesTheTwoMiddleSamples) {
  const Stats s = Summarize(Microseconds(4));
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.p95, 4.0);
}

TEST(BenchStats, SummaryOfNoSamplesIsAllZero) {
  const Stats s = Summarize({});
  EXPECT_EQ(s.n, 0u);
  EXPECT_DOUBLE_EQ(s.median, 0.0);
  EXPECT_DOUBLE_EQ(s.max, 0.0);
}

TEST(BenchStats, ComparisonDividesHostByFloorAtMedianAndP95) {
  const Comparison c = Compare({2000, 4000, 6000}, {1000, 2000, 4000});
  EXPECT_DOUBLE_EQ(c.host.median, 4.0);
  EXPECT_DOUBLE_EQ(c.floor.median, 2.0);
  EXPECT_DOUBLE_EQ(c.ratio_median, 2.0);
  EXPECT_DOUBLE_EQ(c.ratio_p95, 1.5);
}

}  // namespace
}  // namespace zcrm::bench
