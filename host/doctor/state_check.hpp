// The host's state folder (modes, key, vault) and its allowed-caller config.
#pragma once

#include <filesystem>
#include <string>

#include "doctor/report.hpp"
#include "doctor/tables.hpp"

namespace zcrm::doctor {

// state.dir (0700), state.key (0600, 32 bytes), state.vault (opens with the key; no damaged records). A state
// folder or key that does not exist yet is fine: the host creates both at the first sign-in.
void CheckState(const std::filesystem::path& state_dir, Report& report);

// config.json (the state folder's, else system_config): a JSON object whose allowed_extensions lists both of
// the extension's IDs. Returns the file it checked (empty when none exists).
std::filesystem::path CheckConfig(const std::filesystem::path& state_dir,
                                  const std::filesystem::path& system_config, const Identity& identity,
                                  const std::string& reinstall, Report& report);

}  // namespace zcrm::doctor
