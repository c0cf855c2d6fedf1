// The store's file helpers on Windows (store/posix_io.hpp): descriptors are the C runtime's, opened over
// Win32 handles so links can be refused; private folders are user-only ACLs (store/windows/private_dir.hpp).
#include "store/posix_io.hpp"

#include <fcntl.h>
#include <io.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "error/host_error.hpp"
#include "store/windows/private_dir.hpp"
#include "store/windows/win_io.hpp"

namespace zcrm::store::io {
namespace {

// The errno a caller of OpenNoFollow judges by (ENOENT is often fine, EEXIST answers O_EXCL).
int ErrnoOf(DWORD err) {
  switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
      return ENOENT;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
      return EEXIST;
    case ERROR_ACCESS_DENIED:
      return EACCES;
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
      return EBUSY;
    default:
      return EIO;
  }
}

DWORD Disposition(int flags) {
  if ((flags & O_CREAT) != 0 && (flags & O_EXCL) != 0) return CREATE_NEW;
  if ((flags & O_CREAT) != 0 && (flags & O_TRUNC) != 0) return CREATE_ALWAYS;
  if ((flags & O_CREAT) != 0) return OPEN_ALWAYS;
  if ((flags & O_TRUNC) != 0) return TRUNCATE_EXISTING;
  return OPEN_EXISTING;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::_close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::_close(fd_);
}

void ThrowIo(std::string_view action, const std::filesystem::path& path, int err) {
  throw HostError(ErrorCode::kStateUnavailable, "Cannot " + std::string(action) + " " + path.string() + ": " +
                                                    std::generic_category().message(err) + ".");
}

void RefuseLink(std::string_view what, const std::filesystem::path& path, std::string_view fix) {
  win::RefuseReparsePoint(what, path, fix);
}

// mode is not used: a file created gets a user-only ACL (win::OpenNoFollow), Windows' form of 0600.
UniqueFd OpenNoFollow(const std::filesystem::path& path, int flags, std::string_view what,
                      std::string_view fix, unsigned /*mode*/) {
  const int access_mode = flags & (O_RDONLY | O_WRONLY | O_RDWR);
  const DWORD access = access_mode == O_RDWR     ? GENERIC_READ | GENERIC_WRITE
                       : access_mode == O_WRONLY ? GENERIC_WRITE
                                                 : GENERIC_READ;
  win::UniqueHandle h = win::OpenNoFollow(path, access, Disposition(flags), FILE_ATTRIBUTE_NORMAL, what, fix);
  if (!h) {
    errno = ErrnoOf(::GetLastError());
    return UniqueFd();
  }
  // Binary: the C runtime would otherwise translate line ends in the vault's bytes. The descriptor owns the
  // handle from here on (_close closes both).
  const int crt_flags = (access_mode == O_RDONLY ? _O_RDONLY : 0) | _O_BINARY;
  const int fd = ::_open_osfhandle(reinterpret_cast<intptr_t>(h.get()), crt_flags);
  if (fd < 0) return UniqueFd();  // errno set by the runtime; h closes the handle
  h.release();
  return UniqueFd(fd);
}

void WriteAll(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    // _write counts in unsigned int.
    const unsigned chunk = bytes.size() > (1u << 30) ? (1u << 30) : static_cast<unsigned>(bytes.size());
    const int n = ::_write(fd, bytes.data(), chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("write", path, errno);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

std::optional<std::vector<std::uint8_t>> ReadFileIfExists(const std::filesystem::path& path,
                                                          std::size_t max_bytes) {
  UniqueFd fd(OpenNoFollow(path, O_RDONLY, "file",
                           "put the file itself there, or remove the link: `del " + path.string() + "`"));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    ThrowIo("open", path, errno);
  }
  std::vector<std::uint8_t> out;
  std::uint8_t chunk[4096];
  while (out.size() <= max_bytes) {
    const int n = ::_read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("read", path, errno);
    }
    if (n == 0) break;
    out.insert(out.end(), chunk, chunk + n);
  }
  return out;
}

// Windows has no fsync of a folder: a rename is made durable by MoveFileExW's MOVEFILE_WRITE_THROUGH where it
// happens (store/windows/atomic_file.cpp), and NTFS journals the folder's entries itself.
void FsyncDir(const std::filesystem::path& /*dir*/) {}

bool MakePrivateDir(const std::filesystem::path& dir) {
  return win::MakePrivateDir(dir);
}

bool CheckPrivateDir(const std::filesystem::path& dir, std::string_view what, Links links) {
  const DWORD attributes = ::GetFileAttributesW(dir.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) {
    const DWORD err = ::GetLastError();
    if (ErrnoOf(err) == ENOENT) return false;
    win::ThrowWin("inspect", dir, err);
  }
  if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 && links == Links::kRefuse) {
    RefuseLink(what, dir,
               "remove the link (`rmdir " + dir.string() + "`) and move the folder it points to there");
  }
  if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
    throw HostError(ErrorCode::kStateUnavailable,
                    "The " + std::string(what) + " " + dir.string() + " is not a folder; move it away.");
  }
  win::CheckPrivate(dir, what);
  return true;
}

bool Exists(const std::filesystem::path& path) {
  if (::GetFileAttributesW(path.c_str()) != INVALID_FILE_ATTRIBUTES) return true;
  const DWORD err = ::GetLastError();
  if (ErrnoOf(err) == ENOENT) return false;
  win::ThrowWin("inspect", path, err);
}

int RemoveFile(const std::filesystem::path& path) {
  return ::DeleteFileW(path.c_str()) ? 0 : ErrnoOf(::GetLastError());
}

int RenameFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  return ::MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
             ? 0
             : ErrnoOf(::GetLastError());
}

int SyncFile(int fd) {
  return ::_commit(fd) == 0 ? 0 : errno;
}

FileFacts Inspect(int fd, const std::filesystem::path& path) {
  BY_HANDLE_FILE_INFORMATION info{};
  if (!::GetFileInformationByHandle(reinterpret_cast<HANDLE>(::_get_osfhandle(fd)), &info)) {
    win::ThrowWin("inspect", path, ::GetLastError());
  }
  const DWORD not_plain = FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE;
  return {(info.dwFileAttributes & not_plain) == 0, !win::WhyNotPrivate(path).has_value(),
          (std::uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow,
          "icacls \"" + path.string() + "\" /inheritance:r /grant:r %USERNAME%:F"};
}

}  // namespace zcrm::store::io
