// The Windows form of a private state folder: an ACL that grants the current user alone, in place of POSIX
// mode 0700 (store/posix_io.hpp, MakePrivateDir and CheckPrivateDir).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "store/windows/windows_api.hpp"

namespace zcrm::store::win {

// The current user's SID as text ("S-1-5-21-..."). STATE_UNAVAILABLE when the process token cannot be read.
std::string CurrentUserSid();

// Security attributes granting the current user alone, for a file or folder being created: Windows' mode 0600
// and 0700. Given explicitly rather than left to inheritance from the state folder, so a file is private even
// where the folder's ACL was changed, or where (under wine) new files get access from the Unix umask.
class UserOnly {
 public:
  enum class Kind { kFile, kFolder };  // a folder's entry is inherited by what is created inside it
  explicit UserOnly(Kind kind);
  UserOnly(const UserOnly&) = delete;
  UserOnly& operator=(const UserOnly&) = delete;
  ~UserOnly();
  SECURITY_ATTRIBUTES* get() { return &attributes_; }

 private:
  SECURITY_ATTRIBUTES attributes_{};
};

// Creates dir with a protected ACL (nothing inherited from above) granting full control to the current user
// alone, inherited by everything created inside; returns false when dir already existed (left as it is).
bool MakePrivateDir(const std::filesystem::path& dir);

// KEY_UNSAFE naming the fix when path (a folder or the key) is not the current user's, or when its ACL lets
// anyone else read it: the Windows counterpart of a folder others can enter. The machine's own accounts
// (SYSTEM, Administrators) do not count as others: like root on POSIX they can read any file anyway.
// STATE_UNAVAILABLE when the ACL cannot be read. `what` names it for a person.
void CheckPrivate(const std::filesystem::path& path, std::string_view what);

// CheckPrivate's judgement without the exception: why path is not private ("can be read by S-1-1-0"), or
// nullopt when it is. STATE_UNAVAILABLE when the ACL cannot be read.
std::optional<std::string> WhyNotPrivate(const std::filesystem::path& path);

}  // namespace zcrm::store::win
