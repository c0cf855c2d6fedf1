// The Windows counterparts of store/posix_io.hpp's failures: the same HostError codes and messages, with the
// Win32 error (GetLastError) in place of errno, and a handle type that closes itself.
#pragma once

#include <filesystem>
#include <string_view>
#include <utility>

#include "store/windows/windows_api.hpp"

namespace zcrm::store::win {

// Owns a HANDLE (INVALID_HANDLE_VALUE or null: none); closes it on destruction.
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(HANDLE h) : h_(h) {}
  UniqueHandle(UniqueHandle&& other) noexcept : h_(std::exchange(other.h_, INVALID_HANDLE_VALUE)) {}
  UniqueHandle& operator=(UniqueHandle&& other) noexcept;
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  ~UniqueHandle();

  explicit operator bool() const { return h_ != INVALID_HANDLE_VALUE && h_ != nullptr; }
  HANDLE get() const { return h_; }
  HANDLE release() { return std::exchange(h_, INVALID_HANDLE_VALUE); }

 private:
  HANDLE h_ = INVALID_HANDLE_VALUE;
};

// STATE_UNAVAILABLE: "Cannot <action> <path>: <the system's message for err>."
[[noreturn]] void ThrowWin(std::string_view action, const std::filesystem::path& path, DWORD err);

// KEY_UNSAFE: "The <what> <path> is a symbolic link, which zcrm-bridge never follows; <fix>." Windows has
// symbolic links and junctions (reparse points); both are refused like a POSIX symbolic link.
[[noreturn]] void RefuseReparsePoint(std::string_view what, const std::filesystem::path& path,
                                     std::string_view fix);

// CreateFileW that never follows a reparse point at path itself (FILE_FLAG_OPEN_REPARSE_POINT, then a look at
// what was opened): a link planted in place of a state file could make the host read, lock or create a file
// elsewhere. A link is refused with RefuseReparsePoint(what, path, fix); any other failure returns an empty
// handle with GetLastError() set. A file it creates gets a user-only ACL (store/windows/private_dir.hpp).
UniqueHandle OpenNoFollow(const std::filesystem::path& path, DWORD access, DWORD disposition, DWORD flags,
                          std::string_view what, std::string_view fix);

}  // namespace zcrm::store::win
