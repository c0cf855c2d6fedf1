#include "store/posix_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "error/host_error.hpp"

namespace zcrm::store::io {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

void ThrowIo(std::string_view action, const std::filesystem::path& path, int err) {
  throw HostError(ErrorCode::kStateUnavailable, "Cannot " + std::string(action) + " " + path.string() + ": " +
                                                    std::generic_category().message(err) + ".");
}

void RefuseLink(std::string_view what, const std::filesystem::path& path, std::string_view fix) {
  throw HostError(ErrorCode::kKeyUnsafe, "The " + std::string(what) + " " + path.string() +
                                             " is a symbolic link, which zcrm-bridge never follows; " +
                                             std::string(fix) + ".");
}

UniqueFd OpenNoFollow(const std::filesystem::path& path, int flags, std::string_view what,
                      std::string_view fix, unsigned mode) {
  UniqueFd fd(::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, static_cast<mode_t>(mode)));
  if (fd) return fd;
  const int err = errno;
  // O_NOFOLLOW reports a link as ELOOP, which a loop among the folders above it reports too: look.
  struct stat st {};
  if (err == ELOOP && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) RefuseLink(what, path, fix);
  errno = err;
  return fd;
}

void WriteAll(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
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
                           "put the file itself there, or remove the link: `rm " + path.string() + "`"));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    ThrowIo("open", path, errno);
  }
  std::vector<std::uint8_t> out;
  std::uint8_t chunk[4096];
  while (out.size() <= max_bytes) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("read", path, errno);
    }
    if (n == 0) break;
    out.insert(out.end(), chunk, chunk + n);
  }
  return out;
}

void FsyncDir(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) ThrowIo("open the folder", dir, errno);
  // EINVAL: the file system cannot sync directories (some network mounts); there is nothing more to do there.
  if (::fsync(fd.get()) != 0 && errno != EINVAL) ThrowIo("sync the folder", dir, errno);
}

bool MakePrivateDir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return false;
    ThrowIo("create the folder", dir, errno);
  }
  // mkdir applies the umask; set the mode explicitly so the result never depends on it.
  if (::chmod(dir.c_str(), 0700) != 0) ThrowIo("set the mode of", dir, errno);
  return true;
}

bool CheckPrivateDir(const std::filesystem::path& dir, std::string_view what, Links links) {
  struct stat st {};
  if ((links == Links::kFollow ? ::stat(dir.c_str(), &st) : ::lstat(dir.c_str(), &st)) != 0) {
    if (errno == ENOENT) return false;
    ThrowIo("inspect", dir, errno);
  }
  const std::string name = std::string(what) + " " + dir.string();
  if (S_ISLNK(st.st_mode)) {
    RefuseLink(what, dir,
               "remove the link (`rm " + dir.string() + "`) and move the folder it points to there");
  }
  if (!S_ISDIR(st.st_mode)) {
    throw HostError(ErrorCode::kStateUnavailable, "The " + name + " is not a folder; move it away.");
  }
  if (st.st_uid != ::geteuid()) {
    throw HostError(ErrorCode::kKeyUnsafe, "The " + name + " belongs to user " + std::to_string(st.st_uid) +
                                               ", not to this user (" + std::to_string(::geteuid()) +
                                               "); run `sudo chown -R " + std::to_string(::geteuid()) + " " +
                                               dir.string() + "`.");
  }
  if ((st.st_mode & 077) != 0) {
    throw HostError(ErrorCode::kKeyUnsafe,
                    "The " + name + " can be opened by other users; run `chmod 700 " + dir.string() + "`.");
  }
  return true;
}

bool Exists(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  ThrowIo("inspect", path, errno);
}

int RemoveFile(const std::filesystem::path& path) {
  return ::unlink(path.c_str()) == 0 ? 0 : errno;
}

int RenameFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int SyncFile(int fd) {
  return ::fsync(fd) == 0 ? 0 : errno;
}

FileFacts Inspect(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) ThrowIo("inspect", path, errno);
  return {S_ISREG(st.st_mode), (st.st_mode & 077) == 0, static_cast<std::uint64_t>(st.st_size),
          "chmod 600 " + path.string()};
}

}  // namespace zcrm::store::io
