#include "store/file_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>

#include "error/host_error.hpp"
#include "store/posix_io.hpp"

// Older glibc (Debian 12's 2.36 among them) has the field of sigevent(7) but not this name for it.
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

namespace zcrm::store {
namespace {

using std::chrono::steady_clock;

// The signal that ends a blocked flock() at the deadline. The host sends and handles no SIGALRM of its own.
constexpr int kWakeSignal = SIGALRM;

// Past the deadline the timer fires again at this interval until the wait ends: a signal that lands just
// before flock() starts to sleep is consumed without interrupting it, and the next one must follow. It bounds
// how far past the timeout such an unlucky wait can run.
constexpr std::chrono::milliseconds kRefire(20);

// Empty: reaching a handler installed without SA_RESTART is enough to make flock() fail with EINTR.
void Interrupt(int /*signal*/) {}

timespec ToTimespec(std::chrono::nanoseconds d) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(d);
  return {static_cast<time_t>(seconds.count()), static_cast<long>((d - seconds).count())};
}

// A CLOCK_MONOTONIC timer that sends kWakeSignal to the calling thread after `after`, then every kRefire; the
// destructor undoes everything. It is a timer of its own, so the caller's alarm() or setitimer() is never
// touched; the handler and the thread's signal mask are saved and restored (a SIGALRM of the caller's that
// arrives during the wait is absorbed by Interrupt; the host has none). Swapping a process-wide handler
// relies on the host being single-threaded (host/main.cpp starts no thread): no other thread can be
// installing or restoring the same handler meanwhile.
class WakeTimer {
 public:
  WakeTimer(steady_clock::duration after, const std::filesystem::path& path) {
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;  // this thread is the one blocked in flock()
    event.sigev_signo = kWakeSignal;
    event.sigev_notify_thread_id = ::gettid();
    if (::timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) io::ThrowIo("time the wait for", path, errno);

    struct sigaction wake {};
    wake.sa_handler = Interrupt;
    sigemptyset(&wake.sa_mask);
    wake.sa_flags = 0;  // no SA_RESTART: the kernel would otherwise resume the interrupted flock() by itself
    ::sigaction(kWakeSignal, &wake, &saved_action_);
    sigset_t wake_only;
    sigemptyset(&wake_only);
    sigaddset(&wake_only, kWakeSignal);
    ::pthread_sigmask(SIG_UNBLOCK, &wake_only, &saved_mask_);  // a blocked signal would never end the wait

    // At least 1 ns: an all-zero it_value would disarm the timer instead of firing it.
    const itimerspec when{ToTimespec(kRefire), ToTimespec(std::max<std::chrono::nanoseconds>(after, {}) +
                                                          std::chrono::nanoseconds(1))};
    ::timer_settime(timer_, 0, &when, nullptr);
  }
  WakeTimer(const WakeTimer&) = delete;
  WakeTimer& operator=(const WakeTimer&) = delete;

  // The timer goes first: a signal it already sent is unblocked here, so it reaches Interrupt on the way out
  // of timer_delete(), and none can follow to find the restored handler or stay pending under the restored
  // mask.
  ~WakeTimer() {
    ::timer_delete(timer_);
    ::pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
    ::sigaction(kWakeSignal, &saved_action_, nullptr);
  }

 private:
  timer_t timer_{};
  struct sigaction saved_action_ {};
  sigset_t saved_mask_{};
};

[[noreturn]] void ThrowTimeout(std::chrono::milliseconds timeout) {
  throw HostError(ErrorCode::kLockTimeout, "Another zcrm-bridge process held the state lock for over " +
                                               std::to_string(timeout.count()) + " ms.");
}

}  // namespace

FileLock FileLock::Acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  // Never through a link: a dangling one would make the host create a file wherever it points.
  io::UniqueFd fd(
      io::OpenNoFollow(path, O_RDWR | O_CREAT, "lock file",
                       "remove the link (`rm " + path.string() + "`); the host makes a new lock file", 0600));
  if (!fd) io::ThrowIo("open the lock file", path, errno);
  const auto deadline = steady_clock::now() + timeout;

  // The usual, uncontended case needs no timer.
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return FileLock(fd.release());
  if (errno != EWOULDBLOCK && errno != EINTR) io::ThrowIo("lock", path, errno);

  // Contended: sleep in a blocking flock(), which the kernel ends the moment the holder releases. Waiters
  // that polled slept through most releases, and under load the process that had just released took the lock
  // again and again until they timed out. The timer bounds the wait: a holder can be stuck for good.
  const WakeTimer timer(deadline - steady_clock::now(), path);
  for (;;) {
    if (::flock(fd.get(), LOCK_EX) == 0) return FileLock(fd.release());
    if (errno != EINTR) io::ThrowIo("lock", path, errno);
    // The timer, or any other signal (a SIGTERM asking the host to stop): only the clock ends the wait.
    if (steady_clock::now() >= deadline) ThrowTimeout(timeout);
  }
}

FileLock::FileLock(FileLock&& other) noexcept : handle_(std::exchange(other.handle_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (handle_ >= 0) ::close(static_cast<int>(handle_));
    handle_ = std::exchange(other.handle_, -1);
  }
  return *this;
}

// Closing the only descriptor of the open file description releases the flock.
FileLock::~FileLock() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));
}

}  // namespace zcrm::store
