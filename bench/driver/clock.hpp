// The benchmark's only clock: CLOCK_MONOTONIC in nanoseconds, immune to wall-clock steps during a run.
#pragma once

#include <time.h>

#include <cstdint>

namespace zcrm::bench {

inline std::int64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace zcrm::bench
