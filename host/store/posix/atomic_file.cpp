#include "store/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "store/posix_io.hpp"
#include "store/temp_name.hpp"

namespace zcrm::store {

void ReplaceFile(const std::filesystem::path& dir, const std::string& name,
                 std::span<const std::uint8_t> bytes, const std::function<void()>& before_rename) {
  const std::filesystem::path temp = dir / TempName(name);
  io::UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) io::ThrowIo("create a file in", dir, errno);
  try {
    // The umask can only remove bits, but 0600 exactly keeps the mode independent of it.
    if (::fchmod(fd.get(), 0600) != 0) io::ThrowIo("set the mode of", temp, errno);
    io::WriteAll(fd.get(), bytes, temp);
    // Data must be on disk before the rename publishes it, or a crash could leave an empty file in its place.
    if (::fsync(fd.get()) != 0) io::ThrowIo("sync", temp, errno);
    if (::close(fd.release()) != 0) io::ThrowIo("close", temp, errno);
    if (before_rename) before_rename();
    if (::rename(temp.c_str(), (dir / name).c_str()) != 0) io::ThrowIo("replace", dir / name, errno);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  io::FsyncDir(dir);
}

}  // namespace zcrm::store
