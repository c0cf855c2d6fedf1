#include "clock/wall_clock.hpp"

#include <chrono>

namespace zcrm::clock {
namespace {

std::int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WallClockSource g_source = SystemNowMs;

}  // namespace

std::int64_t NowMs() {
  return g_source();
}

void ReplaceSource(WallClockSource source) {
  g_source = source != nullptr ? source : SystemNowMs;
}

}  // namespace zcrm::clock
