#include "store/windows/win_io.hpp"

#include <string>

#include "error/host_error.hpp"
#include "store/windows/private_dir.hpp"

namespace zcrm::store::win {
namespace {

// The system's own text for err, without the trailing ".\r\n" FormatMessage adds.
std::string Describe(DWORD err) {
  char* text = nullptr;
  const DWORD n = ::FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
      err, 0, reinterpret_cast<char*>(&text), 0, nullptr);
  std::string out = n > 0 && text != nullptr ? std::string(text, n) : "error " + std::to_string(err);
  ::LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == '.')) out.pop_back();
  return out;
}

}  // namespace

UniqueHandle& UniqueHandle::operator=(UniqueHandle&& other) noexcept {
  if (this != &other) {
    if (*this) ::CloseHandle(h_);
    h_ = std::exchange(other.h_, INVALID_HANDLE_VALUE);
  }
  return *this;
}

UniqueHandle::~UniqueHandle() {
  if (*this) ::CloseHandle(h_);
}

void ThrowWin(std::string_view action, const std::filesystem::path& path, DWORD err) {
  throw HostError(ErrorCode::kStateUnavailable,
                  "Cannot " + std::string(action) + " " + path.string() + ": " + Describe(err) + ".");
}

void RefuseReparsePoint(std::string_view what, const std::filesystem::path& path, std::string_view fix) {
  throw HostError(ErrorCode::kKeyUnsafe, "The " + std::string(what) + " " + path.string() +
                                             " is a symbolic link, which zcrm-bridge never follows; " +
                                             std::string(fix) + ".");
}

UniqueHandle OpenNoFollow(const std::filesystem::path& path, DWORD access, DWORD disposition, DWORD flags,
                          std::string_view what, std::string_view fix) {
  // A look before opening as well as after: the look after the open is the one that counts on Windows (no
  // window for a swap); this one also catches a link on a system that follows it despite the flag.
  if (const DWORD attributes = ::GetFileAttributesW(path.c_str());
      attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
    RefuseReparsePoint(what, path, fix);
  }
  // Others may read and even rename or delete while the host has the file open (FILE_SHARE_*), as on POSIX:
  // the lock file is what keeps writers apart, not sharing modes.
  // A file it creates is the user's alone (mode 0600 on POSIX); an existing file keeps its ACL.
  UserOnly created(UserOnly::Kind::kFile);
  UniqueHandle h(::CreateFileW(path.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               created.get(), disposition, flags | FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
  if (!h) return h;
  FILE_ATTRIBUTE_TAG_INFO info{};
  if (!::GetFileInformationByHandleEx(h.get(), FileAttributeTagInfo, &info, sizeof info)) {
    const DWORD err = ::GetLastError();
    ThrowWin("inspect", path, err);
  }
  if ((info.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) RefuseReparsePoint(what, path, fix);
  return h;
}

}  // namespace zcrm::store::win
