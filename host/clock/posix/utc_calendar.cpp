#include "clock/utc_calendar.hpp"

namespace zcrm::clock {

std::tm UtcCalendar(std::time_t seconds) {
  std::tm out{};
  gmtime_r(&seconds, &out);
  return out;
}

}  // namespace zcrm::clock
