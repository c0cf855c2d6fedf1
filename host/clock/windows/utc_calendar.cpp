#include "clock/utc_calendar.hpp"

namespace zcrm::clock {

std::tm UtcCalendar(std::time_t seconds) {
  std::tm out{};
  gmtime_s(&out, &seconds);  // the C runtime's order: result first
  return out;
}

}  // namespace zcrm::clock
