#include "doctor/state_check.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "error/host_error.hpp"
#include "records/record_name.hpp"
#include "store/vault.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

}  // namespace

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
          kResetFix);
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
      report.Fail("state", "state.vault", std::string(ErrorCodeName(e.code())) + ": " + e.what(), kResetFix);
    } else {
      report.Fail("state", "state.vault", std::string(ErrorCodeName(e.code())) + ": " + e.what(),
                  "fix what the message names, then run `zcrm-bridge doctor` again");
    }
  }
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
