// FileLock's wait: queued in the kernel, bounded by its timeout, not cut short by unrelated signals, and
// leaving the caller's SIGALRM handler, signal mask and timer as it found them. The holder and the waiter are
// processes of their own: a dead holder's lock is certainly released (a lock held in the test process would
// also be held by every child forked from it), a waiter that never returns fails the test instead of hanging
// it, and the signal state a waiter sets up stays out of the other tests.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "error/host_error.hpp"
#include "store/file_lock.hpp"
#include "support/store_support.hpp"

namespace zcrm::store {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Generous bounds for a loaded 2-core machine (sanitizers, a parallel build): these tests check behaviour,
// not speed, and must not flake.
constexpr auto kHung = 30s;  // a waiter still running after this never returns
constexpr auto kSlack = 5s;  // allowed past a timeout, or between a release and the waiter's getting it
constexpr auto kQueueDeadline = 10s;   // for the waiter to show up as queued in /proc/locks
constexpr auto kShortTimeout = 300ms;  // the timeout of waits meant to time out

long long Ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// "acquired", or the HostError's code and message.
std::string Outcome(const fs::path& path, std::chrono::milliseconds timeout) {
  try {
    const FileLock lock = FileLock::Acquire(path, timeout);
    return "acquired";
  } catch (const HostError& e) {
    return std::string(ErrorCodeName(e.code())) + ": " + e.what();
  }
}

// Another process holding the lock until Release() or the end of the test kills it; the kernel releases the
// flocks of a process that dies.
class Holder {
 public:
  explicit Holder(const fs::path& path) {
    int ready[2];
    if (::pipe(ready) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
      ::close(ready[0]);
      try {
        const FileLock lock = FileLock::Acquire(path, 5s);
        if (::write(ready[1], "h", 1) != 1) ::_exit(1);
        for (;;) ::pause();
      } catch (...) {
        ::_exit(1);
      }
    }
    ::close(ready[1]);
    char byte = 0;
    held_ = pid_ > 0 && ::read(ready[0], &byte, 1) == 1;  // end of file: the holder failed to lock
    ::close(ready[0]);
  }
  Holder(const Holder&) = delete;
  Holder& operator=(const Holder&) = delete;
  ~Holder() { Release(); }

  bool held() const { return held_; }
  void Release() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  bool held_ = false;
};

// Runs body in a forked child and returns what it reported. The parent calls meanwhile(child) about every 20
// ms until the child ends, and kills a child still running after kHung ("hung: ..." is returned).
std::string InChild(const std::function<std::string()>& body,
                    const std::function<void(pid_t)>& meanwhile = {}) {
  int report_pipe[2];
  if (::pipe(report_pipe) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    ::close(report_pipe[0]);
    std::string report;
    try {
      report = body();
    } catch (const std::exception& e) {
      report = std::string("exception: ") + e.what();
    }
    const bool written =
        ::write(report_pipe[1], report.data(), report.size()) == static_cast<ssize_t>(report.size());
    ::_exit(written ? 0 : 1);  // skip gtest's and the parent's exit handlers
  }
  ::close(report_pipe[1]);
  std::string report;
  const auto give_up = Clock::now() + kHung;
  for (;;) {
    if (Clock::now() > give_up) {
      ::kill(pid, SIGKILL);
      report = "hung: " + report;
      break;
    }
    pollfd readable{report_pipe[0], POLLIN, 0};
    if (::poll(&readable, 1, 20) > 0) {
      char buffer[4096];
      const ssize_t n = ::read(report_pipe[0], buffer, sizeof buffer);
      if (n <= 0) break;
      report.append(buffer, static_cast<std::size_t>(n));
    }
    if (meanwhile) meanwhile(pid);
  }
  ::close(report_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    report += " (child status " + std::to_string(status) + ")";
  return report;
}

// Whether /proc/locks lists pid as blocked ("->") on a flock of inode, e.g.
// "1: -> FLOCK  ADVISORY  WRITE 22995 fe:00:10952706 0 EOF".
bool QueuedInKernel(pid_t pid, ino_t inode) {
  // Appended, not `":" + std::to_string(inode)`: GCC 12 at -O3 takes that operator+'s insert at position 0
  // for an overlapping memcpy (-Werror=restrict, GCC PR 105329) and fails the Release build.
  std::string file_id = ":";
  file_id += std::to_string(inode);
  const std::string holder_pid = std::to_string(pid);
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string field; fields >> field;) f.push_back(field);
    if (f.size() >= 7 && f[1] == "->" && f[2] == "FLOCK" && f[5] == holder_pid && f[6].ends_with(file_id)) {
      return true;
    }
  }
  return false;
}

volatile std::sig_atomic_t g_caught = 0;
void Count(int /*signal*/) {
  g_caught = g_caught + 1;
}

class LockWait : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(path_).put('\0');  // the inode must exist before a holder or /proc/locks is looked at
  }

  test_support::TempRoot tmp_;
  fs::path path_ = tmp_.path() / "lock";
};

// A waiter sleeps in the kernel's queue for the lock (where the holder's release wakes it) instead of polling
// with sleeps in between, and gets the lock once the holder goes away.
TEST_F(LockWait, AWaiterQueuesInTheKernelAndGetsTheLockWhenTheHolderReleasesIt) {
  if (!std::ifstream("/proc/locks")) GTEST_SKIP() << "/proc/locks is not readable here";
  struct stat file {};
  ASSERT_EQ(::stat(path_.c_str(), &file), 0);
  Holder holder(path_);
  ASSERT_TRUE(holder.held());

  bool queued = false;
  Clock::time_point released{};
  const auto seen_until = Clock::now() + kQueueDeadline;
  const std::string report = InChild(
      [&] {
        const FileLock lock =
            FileLock::Acquire(path_, std::chrono::duration_cast<std::chrono::milliseconds>(kHung));
        return std::to_string(Clock::now().time_since_epoch().count());  // CLOCK_MONOTONIC: one clock for all
      },
      [&](pid_t waiter) {
        if (released != Clock::time_point{}) return;
        queued = QueuedInKernel(waiter, file.st_ino);
        if (queued || Clock::now() > seen_until) {
          released = Clock::now();
          holder.Release();
        }
      });

  EXPECT_TRUE(queued) << "the waiter never appeared as a blocked flock in /proc/locks: it polls";
  ASSERT_TRUE(!report.empty() && report.find_first_not_of("0123456789") == std::string::npos) << report;
  const Clock::time_point acquired{Clock::duration(std::stoll(report))};
  EXPECT_LT(Ms(acquired - released), Ms(kSlack))
      << "the waiter got the lock long after the holder released it";
}

TEST_F(LockWait, AHeldLockTimesOutWithLockTimeoutAfterTheTimeout) {
  Holder holder(path_);
  ASSERT_TRUE(holder.held());
  EXPECT_EQ(InChild([&] {
              const auto start = Clock::now();
              std::string outcome = Outcome(path_, kShortTimeout);
              const auto waited = Clock::now() - start;
              if (waited < kShortTimeout)
                outcome += " (gave up early, after " + std::to_string(Ms(waited)) + " ms)";
              if (waited > kShortTimeout + kSlack) outcome += " (took " + std::to_string(Ms(waited)) + " ms)";
              return outcome;
            }),
            "LOCK_TIMEOUT: Another zcrm-bridge process held the state lock for over 300 ms.");
}

// A signal the process handles without SA_RESTART (the host's SIGTERM, for one) makes the blocked flock()
// fail with EINTR; the wait goes on until the timeout.
TEST_F(LockWait, AnUnrelatedSignalDoesNotEndTheWaitEarly) {
  Holder holder(path_);
  ASSERT_TRUE(holder.held());
  EXPECT_EQ(InChild([&] {
              struct sigaction count {};
              count.sa_handler = Count;
              sigemptyset(&count.sa_mask);
              ::sigaction(SIGUSR1, &count, nullptr);  // no SA_RESTART
              sigevent event{};
              event.sigev_notify = SIGEV_SIGNAL;
              event.sigev_signo = SIGUSR1;
              timer_t every_25ms{};
              if (::timer_create(CLOCK_MONOTONIC, &event, &every_25ms) != 0)
                return std::string("timer_create");
              const itimerspec period{{0, 25'000'000}, {0, 25'000'000}};
              ::timer_settime(every_25ms, 0, &period, nullptr);

              const auto start = Clock::now();
              std::string outcome = Outcome(path_, kShortTimeout);
              const auto waited = Clock::now() - start;
              ::timer_delete(every_25ms);
              if (waited < kShortTimeout)
                outcome += " (gave up early, after " + std::to_string(Ms(waited)) + " ms)";
              if (g_caught < 3) outcome += " (only " + std::to_string(g_caught) + " signals during the wait)";
              return outcome;
            }),
            "LOCK_TIMEOUT: Another zcrm-bridge process held the state lock for over 300 ms.");
}

// The wait borrows SIGALRM; the caller's own handler (with its flags and mask), its setitimer() timer and its
// signal mask are as they were afterwards, and none of the wait's signals reached the caller's handler.
TEST_F(LockWait, TheCallersSigalrmHandlerAndTimerAreAsTheyWereAfterAWait) {
  Holder holder(path_);
  ASSERT_TRUE(holder.held());
  EXPECT_EQ(InChild([&] {
              struct sigaction mine {};
              mine.sa_handler = Count;
              sigemptyset(&mine.sa_mask);
              sigaddset(&mine.sa_mask, SIGUSR2);
              mine.sa_flags = SA_RESTART;
              ::sigaction(SIGALRM, &mine, nullptr);
              const itimerval in_an_hour{{0, 0}, {3600, 0}};
              ::setitimer(ITIMER_REAL, &in_an_hour, nullptr);

              std::string report = Outcome(path_, kShortTimeout);
              struct sigaction after {};
              ::sigaction(SIGALRM, nullptr, &after);
              if (after.sa_handler != Count) report += " (handler replaced)";
              if (!(after.sa_flags & SA_RESTART) || !sigismember(&after.sa_mask, SIGUSR2))
                report += " (flags/mask)";
              itimerval left{};
              ::getitimer(ITIMER_REAL, &left);
              if (left.it_value.tv_sec < 3500)
                report += " (timer now " + std::to_string(left.it_value.tv_sec) + " s)";
              sigset_t pending;
              ::sigpending(&pending);
              if (sigismember(&pending, SIGALRM)) report += " (a SIGALRM is left pending)";
              if (g_caught != 0) report += " (the caller's handler caught " + std::to_string(g_caught) + ")";
              return report;
            }),
            "LOCK_TIMEOUT: Another zcrm-bridge process held the state lock for over 300 ms.");
}

// A caller that blocks SIGALRM still gets a bounded wait (the timer's signal must get through), and finds it
// blocked again afterwards.
TEST_F(LockWait, AWaitEndsAtTheTimeoutEvenWhenTheCallerBlocksSigalrm) {
  Holder holder(path_);
  ASSERT_TRUE(holder.held());
  EXPECT_EQ(InChild([&] {
              sigset_t alarm_only;
              sigemptyset(&alarm_only);
              sigaddset(&alarm_only, SIGALRM);
              ::sigprocmask(SIG_BLOCK, &alarm_only, nullptr);
              std::string report = Outcome(path_, kShortTimeout);
              sigset_t after;
              ::sigprocmask(SIG_BLOCK, nullptr, &after);
              if (!sigismember(&after, SIGALRM)) report += " (SIGALRM was left unblocked)";
              return report;
            }),
            "LOCK_TIMEOUT: Another zcrm-bridge process held the state lock for over 300 ms.");
}

}  // namespace
}  // namespace zcrm::store
