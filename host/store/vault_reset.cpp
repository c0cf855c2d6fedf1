// Vault::Reset lives apart from the rest of the vault: it must work exactly when the key cannot be trusted.

#include <array>
#include <cerrno>
#include <ctime>

#include "clock/utc_calendar.hpp"
#include "clock/wall_clock.hpp"
#include "error/host_error.hpp"
#include "store/posix_io.hpp"
#include "store/vault.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;

fs::path Vault::Reset(const fs::path& root_in) {
  const fs::path root = root_in.has_filename() ? root_in : root_in.parent_path();
  // Follows a link, as stat(2) did: the state folder may be reached through one (io::Links::kFollow).
  std::error_code inspected;
  if (!fs::exists(root, inspected)) {
    if (!inspected || inspected == std::errc::no_such_file_or_directory) {
      throw HostError(ErrorCode::kStateUnavailable,
                      "Nothing stored yet: " + root.string() + " does not exist.");
    }
    io::ThrowIo("inspect", root, inspected.value());
  }
  // Under the lock no host process is halfway through writing a record we are moving away.
  const FileLock held = FileLock::Acquire(root / "lock", VaultOptions{}.lock_timeout);

  const auto now = static_cast<std::time_t>(clock::NowMs() / 1000);
  const std::tm utc = clock::UtcCalendar(now);
  std::array<char, 32> stamp{};
  std::strftime(stamp.data(), stamp.size(), "%Y%m%dT%H%M%SZ", &utc);
  // Old state is moved, not deleted: a reset by mistake can still be undone by hand.
  const std::string base = std::string("reset-") + stamp.data();
  fs::path dest = root / base;
  for (int n = 1; !io::MakePrivateDir(dest); ++n) dest = root / (base + "-" + std::to_string(n));

  for (const char* item : {kKeyFileName, kKeyringMarkerName, "vault", "damaged"}) {
    if (const int err = io::RenameFile(root / item, dest / item); err != 0 && err != ENOENT) {
      io::ThrowIo("move aside", root / item, err);
    }
  }
  io::FsyncDir(dest);
  io::FsyncDir(root);
  return dest;
}

}  // namespace zcrm::store
