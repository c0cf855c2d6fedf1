// The state folder on Windows: private by its ACL (store/windows/private_dir.hpp, what the host itself checks
// before it reads the key), the key a file of 32 bytes or sealed with DPAPI, then the vault.
#include <system_error>

#include "doctor/state_check.hpp"
#include "error/host_error.hpp"
#include "store/key_store.hpp"
#include "store/secret_key.hpp"
#include "store/windows/private_dir.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMakePrivate =
    "give only your own account access (Properties > Security > Advanced: disable inheritance, remove the "
    "others), or ";

// Adds a failure and returns false when path is readable by others or its ACL cannot be read.
bool CheckPrivate(const fs::path& path, const std::string& check, const std::string& fix, Report& report) {
  try {
    if (const auto why = store::win::WhyNotPrivate(path)) {
      report.Fail("state", check, path.string() + " " + *why + " (the host refuses it: KEY_UNSAFE)", fix);
      return false;
    }
  } catch (const HostError& e) {
    report.Fail("state", check, "cannot read the ACL of " + path.string() + ": " + e.what(),
                "check that your account owns " + path.string());
    return false;
  }
  return true;
}

bool CheckKeyFile(const fs::path& key, Report& report) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(key, ec))) {
    report.Fail("state", "state.key", key.string() + " is not a regular file (a link?)", kResetFix);
    return false;
  }
  if (!CheckPrivate(key, "state.key", std::string(kMakePrivate) + kResetFix, report)) return false;
  const auto size = fs::file_size(key, ec);
  if (ec || size != store::SecretKey::kSize) {
    report.Fail("state", "state.key",
                key.string() + " has " + std::to_string(size) + " bytes instead of " +
                    std::to_string(store::SecretKey::kSize),
                kResetFix);
    return false;
  }
  report.Ok("state", "state.key", key.string() + " (only you, 32 bytes)");
  report.Info("state", "state.key_store", "the vault key is in a file");
  return true;
}

}  // namespace

void CheckState(const fs::path& dir, Report& report) {
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found) {
    report.Info("state", "state.dir",
                dir.string() + " does not exist yet: the host creates it at the first sign-in");
    return;
  }
  if (ec) {
    report.Fail("state", "state.dir", "cannot inspect " + dir.string() + ": " + ec.message(),
                "check the permissions of its parent folder");
    return;
  }
  if (!fs::is_directory(status)) {
    report.Fail("state", "state.dir", dir.string() + " is not a folder",
                "move it away; the host needs a folder there");
    return;
  }
  if (!CheckPrivate(dir, "state.dir", std::string(kMakePrivate) + kResetFix, report)) return;
  report.Ok("state", "state.dir", dir.string() + " (only you)");
  const auto place = store::FindKey(dir);
  if (!place) {
    report.Info("state", "state.key",
                "no key yet: the host creates one in " + dir.string() + " at the first sign-in");
    return;
  }
  if (*place == store::KeyPlace::kFile) {
    if (!CheckKeyFile(dir / store::kKeyFileName, report)) return;
  } else {
    report.Ok("state", "state.key_store",
              "the vault key is sealed with DPAPI for your account (vault-key-*.dpapi)");
  }
  CheckVault(dir, report);
}

}  // namespace zcrm::doctor
