#include "doctor/state_check.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "error/host_error.hpp"
#include "records/record_name.hpp"
#include "store/keyring.hpp"
#include "store/secret_key.hpp"
#include "store/vault.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr auto kKeySize = static_cast<off_t>(store::SecretKey::kSize);
constexpr const char* kReset =
    "run `zcrm-bridge reset` (moves the old state aside; sign in again afterwards)";

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
    report.Fail("state", "state.key", key.string() + " is not a regular file (a symbolic link?)", kReset);
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
        kReset);
    return false;
  }
  report.Ok("state", "state.key", key.string() + " (0600, 32 bytes)");
  return true;
}

void CheckVault(const fs::path& dir, Report& report) {
  try {
    const auto vault = store::Vault::OpenExisting(dir);
    if (!vault) {
      report.Info("state", "state.vault", "nothing stored yet");
      return;
    }
    const auto listing = vault->List("");
    if (listing.damaged > 0) {
      report.Fail(
          "state", "state.vault",
          "VAULT_CORRUPT: " + std::to_string(listing.damaged) + " stored record(s) fail authentication",
          kReset);
    } else {
      // A name no host writes is not damage (it authenticates), but worth a look: an older or newer host, or
      // a tool that wrote into the vault.
      const auto unknown = std::count_if(listing.records.begin(), listing.records.end(),
                                         [](const auto& r) { return !records::RecordName::Parse(r.first); });
      report.Ok(
          "state", "state.vault",
          "opens with the key; " + std::to_string(listing.records.size()) + " record(s)" +
              (unknown > 0 ? ", " + std::to_string(unknown) + " of them named like no record this host writes"
                           : ""));
    }
  } catch (const HostError& e) {
    if (e.code() == ErrorCode::kKeyringUnavailable) {
      report.Fail("state", "state.vault", std::string(ErrorCodeName(e.code())) + ": " + e.what(),
                  "unlock or start the desktop keyring, then run `zcrm-bridge doctor` again");
    } else if (e.code() == ErrorCode::kKeyMismatch || e.code() == ErrorCode::kVaultCorrupt) {
      report.Fail("state", "state.vault", std::string(ErrorCodeName(e.code())) + ": " + e.what(), kReset);
    } else {
      report.Fail("state", "state.vault", std::string(ErrorCodeName(e.code())) + ": " + e.what(),
                  "fix what the message names, then run `zcrm-bridge doctor` again");
    }
  }
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

fs::path CheckConfig(const fs::path& state_dir, const fs::path& system_config, const Identity& identity,
                     const std::string& reinstall, Report& report) {
  fs::path file = state_dir / "config.json";
  std::error_code ec;
  if (fs::is_symlink(file, ec)) {
    report.Fail("config", "config.json",
                file.string() + " is a symbolic link, which the host refuses (KEY_UNSAFE)",
                "replace the link with a copy of the file it points to, or run " + reinstall);
    return {};
  }
  if (!fs::exists(file, ec) && !system_config.empty() && fs::exists(system_config, ec)) file = system_config;
  std::ifstream in(file);
  if (!in) {
    report.Fail("config", "config.json",
                "no " + (state_dir / "config.json").string() + " (nor " + system_config.string() +
                    "): the host answers no extension",
                "run " + reinstall + " (it writes config.json)");
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  const json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    report.Fail("config", "config.json", file.string() + " is not a JSON object",
                "fix it, or move it away and run " + reinstall);
    return file;
  }
  report.Ok("config", "config.json", file.string());
  const json ids = j.value("allowed_extensions", json());
  std::vector<std::string> missing;
  for (const auto& id : {identity.chromium_id, identity.gecko_id}) {
    if (!ids.is_array() || std::find(ids.begin(), ids.end(), json(id)) == ids.end()) missing.push_back(id);
  }
  if (missing.empty()) {
    report.Ok("config", "config.ids", ids.dump());
  } else {
    std::string list;
    for (const auto& id : missing) list += (list.empty() ? "\"" : ", \"") + id + "\"";
    report.Fail("config", "config.ids",
                "allowed_extensions of " + file.string() + " lacks " + list + " (has " + ids.dump() + ")",
                "run " + reinstall + " (it adds both IDs and keeps your other settings)");
  }
  return file;
}

}  // namespace zcrm::doctor
