// A block Zoho imposed: it lasts one duration from the last report, ends exactly at its end, a later report
// moves the end, and a clock that moved back cannot make it last longer than one duration. Its stored form is
// tested with the budget record (records_budget_test.cpp). Time is always passed in, so nothing here sleeps.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "budget/zoho_block.hpp"

namespace zcrm::budget {
namespace {

constexpr std::int64_t kT0 = 1764340000000;
constexpr std::int64_t kTenMinutes = 10 * 60 * 1000;

TEST(BudgetZohoBlock, NoReportMeansNoBlock) {
  const ZohoBlock block(kTenMinutes, std::nullopt);
  EXPECT_EQ(block.ActiveUntil(kT0), std::nullopt);
  EXPECT_EQ(block.until(), std::nullopt);
}

TEST(BudgetZohoBlock, ReportBlocksForOneDurationFromNow) {
  ZohoBlock block(kTenMinutes, std::nullopt);
  EXPECT_EQ(block.Report(kT0), kT0 + kTenMinutes);
  EXPECT_EQ(block.ActiveUntil(kT0), kT0 + kTenMinutes);
  EXPECT_EQ(block.ActiveUntil(kT0 + kTenMinutes - 1), kT0 + kTenMinutes);
}

TEST(BudgetZohoBlock, BlockEndsExactlyAtItsEndNotOneMsLater) {
  const ZohoBlock block(kTenMinutes, kT0 + kTenMinutes);
  EXPECT_EQ(block.ActiveUntil(kT0 + kTenMinutes - 1), kT0 + kTenMinutes);
  EXPECT_EQ(block.ActiveUntil(kT0 + kTenMinutes), std::nullopt);
  EXPECT_EQ(block.ActiveUntil(kT0 + 2 * kTenMinutes), std::nullopt);
}

TEST(BudgetZohoBlock, ASecondReportMovesTheEndToOneDurationAfterIt) {
  ZohoBlock block(kTenMinutes, std::nullopt);
  block.Report(kT0);
  EXPECT_EQ(block.Report(kT0 + 4 * 60 * 1000), kT0 + 14 * 60 * 1000);
  EXPECT_EQ(block.ActiveUntil(kT0 + kTenMinutes), kT0 + 14 * 60 * 1000);
}

// The last refused attempt is what Zoho counts from, even when an earlier report recorded a later end.
TEST(BudgetZohoBlock, AReportReplacesALaterRecordedEnd) {
  ZohoBlock block(kTenMinutes, kT0 + 3 * kTenMinutes);
  EXPECT_EQ(block.Report(kT0), kT0 + kTenMinutes);
}

TEST(BudgetZohoBlock, AnEndFurtherAheadThanOneDurationIsCappedAtOneDurationFromNow) {
  // Reported at kT0, then the clock moved back an hour.
  const ZohoBlock block(kTenMinutes, kT0 + kTenMinutes);
  const std::int64_t back = kT0 - 60 * 60 * 1000;
  EXPECT_EQ(block.ActiveUntil(back), back + kTenMinutes);
  EXPECT_EQ(block.until(), kT0 + kTenMinutes) << "capping only reads; the handler keeps the capped end";
}

TEST(BudgetZohoBlock, ADurationBelowOneMsStillBlocks) {
  ZohoBlock block(0, std::nullopt);
  EXPECT_EQ(block.Report(kT0), kT0 + 1);
  EXPECT_EQ(block.ActiveUntil(kT0), kT0 + 1);
}

TEST(BudgetZohoBlock, UntilIsTheRecordedEndToKeep) {
  ZohoBlock block(kTenMinutes, std::nullopt);
  EXPECT_EQ(block.until(), std::nullopt);
  block.Report(kT0);
  EXPECT_EQ(block.until(), kT0 + kTenMinutes);
  EXPECT_EQ(ZohoBlock(kTenMinutes, block.until()).ActiveUntil(kT0), kT0 + kTenMinutes);
}

}  // namespace
}  // namespace zcrm::budget
