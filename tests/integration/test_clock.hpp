// Sets the clock of the hosts a test starts: a clock file named by file_clock.hpp's variable in this test
// process's environment, which every HostProcess inherits. Only zcrm-bridge-testclock reads it; the shipped
// zcrm-bridge ignores it (integration_test_clock_test.cpp).
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "file_clock.hpp"
#include "host_process.hpp"

namespace zcrm::integration {

class TestClock {
 public:
  // The clock file lives in the state's scratch folder, removed with it.
  explicit TestClock(const StateDir& state, std::int64_t now_ms) : file_(state.scratch() / "clock-ms") {
    Set(now_ms);
    ::setenv(test_clock::kClockFileVariable, file_.c_str(), 1);
  }
  ~TestClock() { ::unsetenv(test_clock::kClockFileVariable); }
  TestClock(const TestClock&) = delete;
  TestClock& operator=(const TestClock&) = delete;

  // Written beside and renamed over the clock file: a running host never reads half a number.
  void Set(std::int64_t now_ms) {
    const std::filesystem::path next = file_.string() + ".next";
    std::ofstream(next, std::ios::trunc) << now_ms << "\n";
    std::filesystem::rename(next, file_);
  }

 private:
  std::filesystem::path file_;
};

}  // namespace zcrm::integration
