// clock/utc_calendar.hpp: seconds since the epoch as a UTC date, whatever the machine's time zone.
#include <gtest/gtest.h>

#include "clock/utc_calendar.hpp"

namespace zcrm::clock {
namespace {

TEST(UtcCalendar, TheEpochIsMidnightOnTheFirstOfJanuary1970) {
  const std::tm tm = UtcCalendar(0);
  EXPECT_EQ(tm.tm_year, 70);
  EXPECT_EQ(tm.tm_mon, 0);
  EXPECT_EQ(tm.tm_mday, 1);
  EXPECT_EQ(tm.tm_hour, 0);
  EXPECT_EQ(tm.tm_min, 0);
  EXPECT_EQ(tm.tm_sec, 0);
}

TEST(UtcCalendar, ALeapDayLateInTheDay) {
  const std::tm tm = UtcCalendar(1709251199);  // 2024-02-29 23:59:59 UTC
  EXPECT_EQ(tm.tm_year, 124);
  EXPECT_EQ(tm.tm_mon, 1);
  EXPECT_EQ(tm.tm_mday, 29);
  EXPECT_EQ(tm.tm_hour, 23);
  EXPECT_EQ(tm.tm_min, 59);
  EXPECT_EQ(tm.tm_sec, 59);
}

}  // namespace
}  // namespace zcrm::clock
