#include "store/key_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <string>

#include "error/host_error.hpp"
#include "store/atomic_file.hpp"
#include "store/posix_io.hpp"

namespace zcrm::store {
namespace {

[[noreturn]] void Unsafe(const std::filesystem::path& path, const std::string& problem,
                         const std::string& fix) {
  throw HostError(ErrorCode::kKeyUnsafe, "The key file " + path.string() + " " + problem + "; " + fix + ".");
}

}  // namespace

std::optional<SecretKey> ReadKeyFile(const std::filesystem::path& path) {
  // No link: a symlink planted in place of the key could point at a file others can write.
  io::UniqueFd fd(io::OpenNoFollow(path, O_RDONLY, "key file", "run `zcrm-bridge reset` to start over"));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    io::ThrowIo("open the key file", path, errno);
  }
  const io::FileFacts facts = io::Inspect(fd.get(), path);
  if (!facts.regular) Unsafe(path, "is not a regular file", "run `zcrm-bridge reset` to start over");
  // Checked before reading so a key others could already see is never used to encrypt anything new.
  if (!facts.private_to_user) {
    Unsafe(path, "can be read or written by other users", "run `" + facts.make_private + "`");
  }
  if (facts.size != SecretKey::kSize) {
    Unsafe(path, "has " + std::to_string(facts.size) + " bytes instead of 32",
           "run `zcrm-bridge reset` to start over");
  }

  // Read straight into guarded memory so the key never passes through an ordinary buffer.
  SecretKey key;
  std::size_t got = 0;
  while (got < SecretKey::kSize) {
    // The count as unsigned: what Windows' _read takes, and never more than 32 here.
    const auto n = ::read(fd.get(), key.bytes().data() + got, static_cast<unsigned>(SecretKey::kSize - got));
    if (n < 0) {
      if (errno == EINTR) continue;
      io::ThrowIo("read the key file", path, errno);
    }
    if (n == 0) Unsafe(path, "is shorter than 32 bytes", "run `zcrm-bridge reset` to start over");
    got += static_cast<std::size_t>(n);
  }
  return key;
}

SecretKey CreateKeyFile(const std::filesystem::path& path) {
  SecretKey key = SecretKey::Random();
  WriteKeyFile(path, key);
  return key;
}

void WriteKeyFile(const std::filesystem::path& path, const SecretKey& key) {
  // Publishing by rename means no reader ever sees a half-written key, even after a crash mid-write.
  ReplaceFile(path.parent_path(), path.filename().string(), key.bytes());
}

bool RemoveKeyFile(const std::filesystem::path& path) {
  io::UniqueFd fd(io::OpenNoFollow(path, O_WRONLY, "key file", "run `zcrm-bridge reset` to start over"));
  if (!fd) {
    if (errno == ENOENT) return false;
    io::ThrowIo("open the key file", path, errno);
  }
  const std::array<std::uint8_t, SecretKey::kSize> zeros{};
  io::WriteAll(fd.get(), zeros, path);
  if (const int err = io::SyncFile(fd.get()); err != 0) io::ThrowIo("flush the key file", path, err);
  fd = {};
  if (const int err = io::RemoveFile(path); err != 0) io::ThrowIo("remove the key file", path, err);
  io::FsyncDir(path.parent_path());
  return true;
}

}  // namespace zcrm::store
