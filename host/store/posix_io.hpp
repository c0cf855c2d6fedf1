// Thin POSIX helpers for the store: every failure becomes HostError STATE_UNAVAILABLE naming the path and
// errno, and anything in the state folder that is not safe to use (a symbolic link, a folder others can
// enter) KEY_UNSAFE naming the fix. store/posix/posix_io.cpp; on Windows store/windows/posix_io.cpp keeps the
// same descriptors (the C runtime's) over Win32 handles, links are reparse points and "private" is an ACL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
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

// KEY_UNSAFE: "The <what> <path> is a symbolic link, which zcrm-bridge never follows; <fix>."
[[noreturn]] void RefuseLink(std::string_view what, const std::filesystem::path& path, std::string_view fix);

// open(2) with O_NOFOLLOW and O_CLOEXEC added: a link planted in place of a state file could make the host
// read, lock or create a file elsewhere. A link is refused with RefuseLink(what, path, fix); any other
// failure returns an empty UniqueFd with errno set, for the caller to judge (ENOENT is often fine).
UniqueFd OpenNoFollow(const std::filesystem::path& path, int flags, std::string_view what,
                      std::string_view fix, unsigned mode = 0);

// Loops over short writes and EINTR.
void WriteAll(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path);

// The whole file, or nullopt when it does not exist; a symbolic link in its place is KEY_UNSAFE. Reads at
// most max_bytes + 1 bytes so a huge file cannot exhaust memory; the caller treats anything over max_bytes as
// damaged.
std::optional<std::vector<std::uint8_t>> ReadFileIfExists(const std::filesystem::path& path,
                                                          std::size_t max_bytes);

// Makes a rename or unlink in dir durable.
void FsyncDir(const std::filesystem::path& dir);

// Creates dir with mode 0700 (exactly, whatever the umask); returns false when it already existed.
bool MakePrivateDir(const std::filesystem::path& dir);

// How a folder may be reached. The state folder itself by whatever path the person chose (a linked ~/.config
// is common; only they can have made it); everything inside it only as itself.
enum class Links { kFollow, kRefuse };

// The one check for every folder of the state (the state folder, vault/, damaged/): a folder of the current
// user that group and others cannot enter, since they could read or replace what it holds. false when it does
// not exist. KEY_UNSAFE naming the fix for a symbolic link (with Links::kRefuse), another owner or
// group/other mode bits; STATE_UNAVAILABLE when it is not a folder or cannot be inspected. `what` names it
// for a person.
bool CheckPrivateDir(const std::filesystem::path& dir, std::string_view what, Links links);

// lstat-based existence; errors other than ENOENT are STATE_UNAVAILABLE.
bool Exists(const std::filesystem::path& path);

// 0, or the errno of unlink(2) (Windows: DeleteFileW), for the caller to judge (ENOENT is often fine).
int RemoveFile(const std::filesystem::path& path);

// 0, or the errno of rename(2), which replaces `to` (Windows: MoveFileExW, replacing, written through).
int RenameFile(const std::filesystem::path& from, const std::filesystem::path& to);

// 0, or the errno of fsync(2) (Windows: _commit, which is FlushFileBuffers).
int SyncFile(int fd);

// What the key file's check needs to know of an open file. STATE_UNAVAILABLE when it cannot be inspected.
struct FileFacts {
  bool regular = false;  // a plain file: no folder, device or link
  bool private_to_user =
      false;  // no other user may read or write it (POSIX mode 0600 or less; a user-only ACL)
  std::uint64_t size = 0;
  std::string make_private;  // the command a person runs to make it private
};
FileFacts Inspect(int fd, const std::filesystem::path& path);

}  // namespace zcrm::store::io
