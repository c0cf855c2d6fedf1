// An exclusive lock on the state's lock file held for the lifetime of the object; proof, at compile time,
// that a writer holds the lock. POSIX: flock (store/posix/file_lock.cpp); Windows: LockFileEx
// (store/windows/file_lock.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace zcrm::store {

class FileLock {
 public:
  // Waits up to timeout for an exclusive lock on path (created 0600, or for the user only, if absent).
  // HostError LOCK_TIMEOUT, KEY_UNSAFE (a symbolic link in place of path) or STATE_UNAVAILABLE.
  static FileLock Acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  friend class Vault;  // an in-memory vault's lock (Vault::InMemory) holds no file: FileLock(-1)
  // A file descriptor on POSIX, a HANDLE on Windows (whose INVALID_HANDLE_VALUE is -1 too): -1 holds nothing.
  explicit FileLock(std::intptr_t handle) : handle_(handle) {}
  std::intptr_t handle_ = -1;
};

}  // namespace zcrm::store
