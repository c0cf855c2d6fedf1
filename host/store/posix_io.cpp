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
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
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

bool Exists(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  ThrowIo("inspect", path, errno);
}

}  // namespace zcrm::store::io
