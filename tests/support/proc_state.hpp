// The scheduler state of a process or thread (R running, S sleeping in a blocking call, ...), read from its
// /proc stat file: tests wait for "blocked" instead of sleeping a fixed time and hoping.
#pragma once

#include <sys/types.h>

#include <fstream>
#include <sstream>
#include <string>

namespace zcrm::test_support {

// The state letter of a /proc/.../stat file, or '?' once the process or thread is gone.
inline char SchedulerState(const std::string& stat_file) {
  std::ifstream in(stat_file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string stat = text.str();
  const auto after_name = stat.rfind(") ");  // the name in parentheses may hold anything
  return after_name == std::string::npos || after_name + 2 >= stat.size() ? '?' : stat[after_name + 2];
}

inline char ProcessState(pid_t pid) {
  return SchedulerState("/proc/" + std::to_string(pid) + "/stat");
}

// A thread of this process.
inline char ThreadState(pid_t tid) {
  return SchedulerState("/proc/self/task/" + std::to_string(tid) + "/stat");
}

}  // namespace zcrm::test_support
