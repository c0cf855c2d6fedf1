// Waiting for a thread of this process to block, instead of sleeping a fixed time and hoping it has: the
// scheduler state of /proc/self/task/<tid>/stat says whether it sleeps (S) in a blocking call.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

namespace zcrm::test_support {

// R running, S sleeping, ... ; '?' once the thread is gone.
inline char ThreadState(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::stringstream text;
  text << in.rdbuf();
  const std::string stat = text.str();
  const auto after_name = stat.rfind(") ");  // the thread name in parentheses may hold anything
  return after_name == std::string::npos || after_name + 2 >= stat.size() ? '?' : stat[after_name + 2];
}

// Polls until done() is true; false when the deadline passes first.
inline bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// A thread's id as /proc names it, published by the thread itself (0 until then).
using ThreadId = std::atomic<pid_t>;
inline void PublishThreadId(ThreadId& id) {
  id = ::gettid();
}

}  // namespace zcrm::test_support
