#include "store/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <thread>
#include <utility>

#include "error/host_error.hpp"
#include "store/posix_io.hpp"

namespace zcrm::store {

FileLock FileLock::Acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  io::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) io::ThrowIo("open the lock file", path, errno);

  // Non-blocking attempts with a deadline: a blocking flock could wait forever on a stuck process. The sleep
  // starts short because real critical sections are a few milliseconds, and is capped so waiters notice soon.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return FileLock(fd.release());
    const int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) io::ThrowIo("lock", path, err);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      throw HostError(ErrorCode::kLockTimeout, "Another zcrm-bridge process held the state lock for over " +
                                                   std::to_string(timeout.count()) + " ms.");
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the only descriptor of the open file description releases the flock.
FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace zcrm::store
