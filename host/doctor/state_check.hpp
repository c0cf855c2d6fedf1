// The host's state folder (modes, key, vault) and its allowed-caller config.
#pragma once

#include <filesystem>
#include <string>

#include "doctor/report.hpp"
#include "doctor/tables.hpp"

namespace zcrm::doctor {

// The fix of a state the host cannot use: start over.
inline constexpr const char* kResetFix =
    "run `zcrm-bridge reset` (moves the old state aside; sign in again afterwards)";

// state.dir and state.key private to the user (POSIX: modes 0700 and 0600, doctor/posix/state_dir_check.cpp;
// Windows: an ACL for the user alone, doctor/windows/state_dir_check.cpp), state.key 32 bytes,
// state.key_store where the key is kept, then CheckVault. A state folder or key that does not exist yet is
// fine: the host creates both at the first sign-in.
void CheckState(const std::filesystem::path& state_dir, Report& report);

// state.vault: opens with the key; no damaged records.
void CheckVault(const std::filesystem::path& state_dir, Report& report);

// config.json (the state folder's, else system_config): a JSON object whose allowed_extensions lists both of
// the extension's IDs. Returns the file it checked (empty when none exists).
std::filesystem::path CheckConfig(const std::filesystem::path& state_dir,
                                  const std::filesystem::path& system_config, const Identity& identity,
                                  const std::string& reinstall, Report& report);

}  // namespace zcrm::doctor
