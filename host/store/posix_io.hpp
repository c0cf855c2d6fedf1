// Thin POSIX helpers for the store: every failure becomes HostError STATE_UNAVAILABLE naming the path and
// errno.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace zcrm::store::io {

// Owns a file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  explicit operator bool() const { return fd_ >= 0; }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// STATE_UNAVAILABLE: "Cannot <action> <path>: <strerror>."
[[noreturn]] void ThrowIo(std::string_view action, const std::filesystem::path& path, int err);

// Loops over short writes and EINTR.
void WriteAll(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path);

// The whole file, or nullopt when it does not exist. Reads at most max_bytes + 1 bytes so a huge file cannot
// exhaust memory; the caller treats anything over max_bytes as damaged.
std::optional<std::vector<std::uint8_t>> ReadFileIfExists(const std::filesystem::path& path,
                                                          std::size_t max_bytes);

// Makes a rename or unlink in dir durable.
void FsyncDir(const std::filesystem::path& dir);

// Creates dir with mode 0700 (exactly, whatever the umask); returns false when it already existed.
bool MakePrivateDir(const std::filesystem::path& dir);

// lstat-based existence; errors other than ENOENT are STATE_UNAVAILABLE.
bool Exists(const std::filesystem::path& path);

}  // namespace zcrm::store::io
