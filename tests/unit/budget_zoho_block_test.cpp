// A block Zoho imposed: it lasts one duration from the last report, ends exactly at its end, a later report
// moves the end, a clock that moved back cannot make it last longer than one duration, and stored state that
// is malformed is ignored. Time is always passed in, so nothing here sleeps.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "budget/zoho_block.hpp"

namespace zcrm::budget {
namespace {

using nlohmann::json;

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

TEST(BudgetZohoBlock, StoredFormRoundTrips) {
  ZohoBlock block(kTenMinutes, std::nullopt);
  EXPECT_TRUE(block.ToJson().is_null());
  block.Report(kT0);
  EXPECT_EQ(block.ToJson(), json(kT0 + kTenMinutes));
  EXPECT_EQ(ZohoBlock::FromJson(kTenMinutes, block.ToJson()).until(), kT0 + kTenMinutes);
}

TEST(BudgetZohoBlock, MalformedStoredStateIsIgnored) {
  for (const json& stored : {json(), json("1764340600000"), json(1.5e12), json::array({kT0}),
                             json::object({{"until", kT0}}), json(true)}) {
    SCOPED_TRACE(stored.dump());
    EXPECT_EQ(ZohoBlock::FromJson(kTenMinutes, stored).ActiveUntil(kT0), std::nullopt);
  }
}

}  // namespace
}  // namespace zcrm::budget
