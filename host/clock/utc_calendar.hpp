// A moment as a UTC calendar date and time, for the log and the reset folder's names: POSIX gmtime_r
// (clock/posix/utc_calendar.cpp), Windows gmtime_s (clock/windows/utc_calendar.cpp); both thread-safe.
#pragma once

#include <ctime>

namespace zcrm::clock {

std::tm UtcCalendar(std::time_t seconds);

}  // namespace zcrm::clock
