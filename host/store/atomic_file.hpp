// All-or-nothing file replacement: readers see either the old file or the complete new one, never a mix, and
// a crash or full disk leaves the old file untouched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

namespace zcrm::store {

// Writes bytes to a fresh temp file in dir (O_CREAT|O_EXCL, mode 0600, random suffix), fsyncs it, calls
// before_rename (if set), renames it over dir/name and fsyncs dir. On any failure the temp file is removed
// and the error rethrown (I/O errors as STATE_UNAVAILABLE); dir/name is then as it was. Windows
// (store/windows/atomic_file.cpp): the same steps with CREATE_NEW, FlushFileBuffers and MoveFileExW with
// MOVEFILE_WRITE_THROUGH in place of rename and the folder's fsync; the file gets a user-only ACL.
void ReplaceFile(const std::filesystem::path& dir, const std::string& name,
                 std::span<const std::uint8_t> bytes, const std::function<void()>& before_rename = {});

}  // namespace zcrm::store
