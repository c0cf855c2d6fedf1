#include "store/file_lock.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "error/host_error.hpp"
#include "store/windows/win_io.hpp"
#include "store/windows/windows_api.hpp"

namespace zcrm::store {
namespace {

using std::chrono::steady_clock;

// The whole file, however long it grows: one lock range that every host agrees on.
constexpr DWORD kWholeLow = MAXDWORD;
constexpr DWORD kWholeHigh = MAXDWORD;

// The longest pause between two tries of a contended lock: a host holds the lock for a few milliseconds.
constexpr std::chrono::milliseconds kMaxPause(10);

[[noreturn]] void ThrowTimeout(std::chrono::milliseconds timeout) {
  throw HostError(ErrorCode::kLockTimeout, "Another zcrm-bridge process held the state lock for over " +
                                               std::to_string(timeout.count()) + " ms.");
}

// Milliseconds left until deadline, rounded up so a wait never ends just before it; 0 when past.
DWORD MillisecondsUntil(steady_clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - steady_clock::now());
  return left.count() > 0 ? static_cast<DWORD>(left.count()) : 0;
}

}  // namespace

FileLock FileLock::Acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  // Never through a link, as on POSIX.
  win::UniqueHandle h =
      win::OpenNoFollow(path, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, "lock file",
                        "remove the link (`del " + path.string() + "`); the host makes a new lock file");
  if (!h) win::ThrowWin("open the lock file", path, ::GetLastError());
  const auto deadline = steady_clock::now() + timeout;

  // Tries until the deadline, waiting a little longer between tries (1 ms up to kMaxPause). A blocking
  // request that the system completes on release (an overlapped LockFileEx) would hand over sooner, but wine
  // does not carry out such requests, so that form could not be tested here; the pause bounds how late a
  // waiter notices a release, and the deadline how long it waits in all.
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    OVERLAPPED whole{};  // offset 0: the range starts at the file's first byte
    if (::LockFileEx(h.get(), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, kWholeLow, kWholeHigh,
                     &whole)) {
      return FileLock(reinterpret_cast<std::intptr_t>(h.release()));
    }
    if (const DWORD err = ::GetLastError(); err != ERROR_LOCK_VIOLATION) win::ThrowWin("lock", path, err);
    const DWORD left = MillisecondsUntil(deadline);
    if (left == 0) ThrowTimeout(timeout);
    ::Sleep(std::min<DWORD>(left, static_cast<DWORD>(pause.count())));
    pause = std::min(pause * 2, kMaxPause);
  }
}

FileLock::FileLock(FileLock&& other) noexcept : handle_(std::exchange(other.handle_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (handle_ != -1) ::CloseHandle(reinterpret_cast<HANDLE>(handle_));
    handle_ = std::exchange(other.handle_, -1);
  }
  return *this;
}

// Closing the handle releases its locks, as closing the descriptor releases a flock.
FileLock::~FileLock() {
  if (handle_ != -1) ::CloseHandle(reinterpret_cast<HANDLE>(handle_));
}

}  // namespace zcrm::store
