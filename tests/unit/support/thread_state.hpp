// Waiting for a thread of this process to block, instead of sleeping a fixed time and hoping it has:
// ThreadState (proc_state.hpp) says whether it sleeps (S) in a blocking call.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "proc_state.hpp"

namespace zcrm::test_support {

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
