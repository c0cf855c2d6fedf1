// Waiting on the real wall clock, for tests of the shipped host (which keeps real time) that need one record
// to carry a later time than another.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {

// Returns once the wall clock reads later than ms: anything the host does afterwards is timed after ms. The
// clock moves a millisecond at a time, so this takes about one; the deadline only catches a clock set back.
inline void WaitForWallClockPast(std::int64_t ms) {
  const auto deadline = std::chrono::steady_clock::now() + kIoTimeout;
  while (NowMs() <= ms) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw HostTestError("the wall clock did not pass " + std::to_string(ms));
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace zcrm::integration
