// An exclusive flock held for the lifetime of the object; proof, at compile time, that a writer holds the
// lock.
#pragma once

#include <chrono>
#include <filesystem>

namespace zcrm::store {

class FileLock {
 public:
  // Waits up to timeout for an exclusive flock on path (created 0600 if absent). HostError LOCK_TIMEOUT,
  // KEY_UNSAFE (a symbolic link in place of path) or STATE_UNAVAILABLE.
  static FileLock Acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  friend class Vault;  // an in-memory vault's lock (Vault::InMemory) holds no file: FileLock(-1)
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace zcrm::store
