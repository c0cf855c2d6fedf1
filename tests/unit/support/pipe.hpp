// Pipes and an interrupting signal for the wire tests; frame bytes come from test_frames.hpp.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "test_frames.hpp"

namespace zcrm::test_support {

// Both ends of a pipe, closed on destruction; tests close the write end to produce EOF.
class Pipe {
 public:
  Pipe() {
    if (::pipe(fds_) != 0) ADD_FAILURE() << "pipe: " << std::strerror(errno);
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_fd() const { return fds_[0]; }
  int write_fd() const { return fds_[1]; }
  void CloseRead() { Close(fds_[0]); }
  void CloseWrite() { Close(fds_[1]); }

  // Blocks until all of `data` is in the pipe; returns false if the read end went away.
  bool Write(std::string_view data) const {
    while (!data.empty()) {
      const ssize_t n = ::write(fds_[1], data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Everything left in the pipe up to EOF; the write end must be closed.
  std::string ReadRemaining() const {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fds_[0], buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

 private:
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

// Set to 1 by the handler ScopedInterruptingSignal installs; cleared when it is installed.
inline volatile std::sig_atomic_t g_signalled = 0;

extern "C" inline void zcrm_test_support_record_signal(int) {
  g_signalled = 1;
}

// Installs a SIGUSR1 handler without SA_RESTART, so a blocked read() or write() returns early (EINTR or a
// short count) as it does in the host.
class ScopedInterruptingSignal {
 public:
  ScopedInterruptingSignal() {
    g_signalled = 0;
    struct sigaction action {};
    action.sa_handler = zcrm_test_support_record_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    ::sigaction(SIGUSR1, &action, &previous_);
  }
  ~ScopedInterruptingSignal() { ::sigaction(SIGUSR1, &previous_, nullptr); }
  ScopedInterruptingSignal(const ScopedInterruptingSignal&) = delete;
  ScopedInterruptingSignal& operator=(const ScopedInterruptingSignal&) = delete;

 private:
  struct sigaction previous_ {};
};

}  // namespace zcrm::test_support
