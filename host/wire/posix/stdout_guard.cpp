#include "wire/stdout_guard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace zcrm::wire {
namespace {

// The private descriptor must not be 0, 1 or 2: if the browser started us with one of them closed, a plain
// dup() could land there and a later dup2() or stray print would collide with the frame stream.
constexpr int kFirstPrivateFd = 3;

}  // namespace

int ReserveStdoutForFrames() {
  // Close-on-exec: a child process must never inherit, and write into, the browser's pipe.
  const int frames_fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, kFirstPrivateFd);
  if (frames_fd < 0) return -1;

  // From here on printf, std::cout and any library that writes to fd 1 lands in stderr, which browsers log.
  // stdio's buffer is deliberately not flushed first: whatever is already in it is stray output too, and it
  // is safer on stderr than in the browser's pipe.
  if (::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    const int saved_errno = errno;
    ::close(frames_fd);
    errno = saved_errno;
    return -1;
  }
  return frames_fd;
}

}  // namespace zcrm::wire
