#include "store/atomic_file.hpp"

#include "store/temp_name.hpp"
#include "store/windows/private_dir.hpp"
#include "store/windows/win_io.hpp"
#include "store/windows/windows_api.hpp"

namespace zcrm::store {
namespace {

void WriteAll(HANDLE h, std::span<const std::uint8_t> bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    // WriteFile takes a DWORD count: large spans go in pieces.
    const DWORD want = bytes.size() > MAXDWORD ? MAXDWORD : static_cast<DWORD>(bytes.size());
    DWORD wrote = 0;
    if (!::WriteFile(h, bytes.data(), want, &wrote, nullptr)) win::ThrowWin("write", path, ::GetLastError());
    bytes = bytes.subspan(wrote);
  }
}

}  // namespace

void ReplaceFile(const std::filesystem::path& dir, const std::string& name,
                 std::span<const std::uint8_t> bytes, const std::function<void()>& before_rename) {
  const std::filesystem::path temp = dir / TempName(name);
  const std::filesystem::path target = dir / name;
  // CREATE_NEW is O_EXCL; no share mode: nobody else opens a temp file mid-write. The user's alone, as 0600.
  win::UserOnly created(win::UserOnly::Kind::kFile);
  win::UniqueHandle h(::CreateFileW(temp.c_str(), GENERIC_WRITE, 0, created.get(), CREATE_NEW,
                                    FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!h) win::ThrowWin("create a file in", dir, ::GetLastError());
  try {
    WriteAll(h.get(), bytes, temp);
    // Data must be on disk before the move publishes it, or a crash could leave an empty file in its place.
    if (!::FlushFileBuffers(h.get())) win::ThrowWin("sync", temp, ::GetLastError());
    if (!::CloseHandle(h.release())) win::ThrowWin("close", temp, ::GetLastError());
    if (before_rename) before_rename();
    // MoveFileExW, not ReplaceFileW: it works whether or not the target exists (the first write of a record),
    // and ReplaceFileW would carry the old file's attributes and ACL over. MOVEFILE_WRITE_THROUGH returns
    // only once the move is on disk, which is what the folder's fsync does on POSIX.
    if (!::MoveFileExW(temp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
      win::ThrowWin("replace", target, ::GetLastError());
    }
  } catch (...) {
    h = win::UniqueHandle();  // a handle still open would keep the temp file from being deleted
    ::DeleteFileW(temp.c_str());
    throw;
  }
}

}  // namespace zcrm::store
