#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "doctor/state_check.hpp"
#include "store/key_store.hpp"
#include "store/keyring.hpp"
#include "store/secret_key.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;

constexpr auto kKeySize = static_cast<off_t>(store::SecretKey::kSize);

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// false when the key is missing or unusable (then the vault is not opened).
bool CheckKey(const fs::path& key, Report& report) {
  struct stat st {};
  if (::lstat(key.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      report.Info("state", "state.key",
                  "no key yet: the host creates " + key.string() + " at the first sign-in");
    } else {
      report.Fail("state", "state.key", "cannot inspect " + key.string() + ": " + std::strerror(errno),
                  "check the permissions of the state folder");
    }
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    report.Fail("state", "state.key", key.string() + " is not a regular file (a symbolic link?)", kResetFix);
    return false;
  }
  if ((st.st_mode & 077) != 0) {
    report.Fail("state", "state.key",
                key.string() + " has mode " + Octal(st.st_mode) + ": others may read it",
                "chmod 600 '" + key.string() + "'");
    return false;
  }
  if (st.st_size != kKeySize) {
    report.Fail(
        "state", "state.key",
        key.string() + " has " + std::to_string(st.st_size) + " bytes instead of " + std::to_string(kKeySize),
        kResetFix);
    return false;
  }
  report.Ok("state", "state.key", key.string() + " (0600, 32 bytes)");
  return true;
}

// Where the key lives; a key file while a Secret Service runs is worth knowing, not a failure.
void CheckKeyPlace(const fs::path& dir, store::KeyPlace place, Report& report) {
  if (place == store::KeyPlace::kKeyring) {
    report.Ok("state", "state.key_store",
              "the vault key is in the keyring (Secret Service); " +
                  (dir / store::kKeyringMarkerName).string() + " names the item");
  } else if (store::Keyring::SessionBusConfigured() && store::Keyring().Available()) {
    report.Info("state", "state.key_store",
                "the vault key is in a file although a Secret Service is running; `zcrm-bridge key move "
                "keyring` keeps it there instead");
  } else {
    report.Info("state", "state.key_store", "the vault key is in a file (no Secret Service is running)");
  }
}

}  // namespace

void CheckState(const fs::path& dir, Report& report) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      report.Info("state", "state.dir",
                  dir.string() + " does not exist yet: the host creates it at the first sign-in");
    } else {
      report.Fail("state", "state.dir", "cannot inspect " + dir.string() + ": " + std::strerror(errno),
                  "check the permissions of its parent folder");
    }
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    report.Fail("state", "state.dir", dir.string() + " is not a folder",
                "move it away; the host needs a folder there");
    return;
  }
  if ((st.st_mode & 077) != 0) {
    report.Fail("state", "state.dir",
                dir.string() + " has mode " + Octal(st.st_mode) + ": others may enter it",
                "chmod 700 '" + dir.string() + "'");
    return;
  }
  report.Ok("state", "state.dir", dir.string() + " (0700)");
  // A key in the keyring has no file to inspect; the vault check below reads it through the keyring.
  const auto place = store::FindKey(dir).value_or(store::KeyPlace::kFile);
  if (place == store::KeyPlace::kFile && !CheckKey(dir / store::kKeyFileName, report)) return;
  CheckKeyPlace(dir, place, report);
  CheckVault(dir, report);
}

}  // namespace zcrm::doctor
