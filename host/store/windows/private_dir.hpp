// The Windows form of a private state folder: an ACL that grants the current user alone, in place of POSIX
// mode 0700 (store/posix_io.hpp, MakePrivateDir and CheckPrivateDir).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace zcrm::store::win {

// The current user's SID as text ("S-1-5-21-..."). STATE_UNAVAILABLE when the process token cannot be read.
std::string CurrentUserSid();

// Creates dir with a protected ACL (nothing inherited from above) granting full control to the current user
// alone, inherited by everything created inside; returns false when dir already existed (left as it is).
bool MakePrivateDir(const std::filesystem::path& dir);

// KEY_UNSAFE naming the fix when path (a folder or the key) is not the current user's, or when its ACL lets
// anyone else read it: the Windows counterpart of a folder others can enter. The machine's own accounts
// (SYSTEM, Administrators) do not count as others: like root on POSIX they can read any file anyway.
// STATE_UNAVAILABLE when the ACL cannot be read. `what` names it for a person.
void CheckPrivate(const std::filesystem::path& path, std::string_view what);

}  // namespace zcrm::store::win
