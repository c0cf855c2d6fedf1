// Waiting until a host is blocked reading its stdin, for tests that signal it there: a signal sent while the
// host is still busy finishing an answer tests something else.
#pragma once

#include <sys/ioctl.h>

#include <chrono>
#include <string>
#include <thread>

#include "host_process.hpp"
#include "proc_state.hpp"

namespace zcrm::integration {

using test_support::ProcessState;

// Returns once every byte written to the host's stdin has been read and the host sleeps: between answers the
// only place it sleeps is the read of the next frame. Throws HostTestError when that does not happen in time.
inline void WaitUntilBlockedReading(const HostProcess& host, std::chrono::milliseconds timeout = kIoTimeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int unread = -1;
    if (::ioctl(host.stdin_fd(), FIONREAD, &unread) == 0 && unread == 0 && ProcessState(host.pid()) == 'S')
      return;
    if (std::chrono::steady_clock::now() >= deadline)
      throw HostTestError("the host did not block reading its stdin; unread bytes: " +
                          std::to_string(unread) + ", state " + ProcessState(host.pid()));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace zcrm::integration
