// `zcrm-bridge doctor`: is everything a browser needs to reach the host in place? For each browser found (or
// named): on Windows the registry key naming the manifest (registry.key, HKCU then HKLM); the manifest where
// that browser reads it (manifest.found, .json, .name, .type, .path, .executable, .origins / .extensions) and
// the host answering `hello` when started the way that browser starts it (host.hello); once: the state folder
// (state.dir, state.key, state.vault) and config.json (config.json, config.ids); and the settings an
// organisation set by policy (managed.*, doctor/policy_check.hpp). Each problem comes with a concrete fix;
// the exit status is 1 when anything is wrong.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "doctor/policy_check.hpp"
#include "doctor/report.hpp"
#include "doctor/state_check.hpp"
#include "doctor/tables.hpp"

namespace zcrm::doctor {

struct Options {
  std::vector<std::string> browsers;  // empty: every browser found
  std::vector<std::filesystem::path>
      profile_dirs;  // Chromium --user-data-dir folders to check instead of ~/.config
  bool json = false;
  std::filesystem::path state_dir;  // the host's state folder
  std::filesystem::path
      system_config;        // the package install's config.json for every user (app::SystemConfigPath)
  std::string home;         // $HOME
  std::string config_home;  // $XDG_CONFIG_HOME, else ~/.config
  std::string path_env;     // $PATH, to find browsers
  // Where the browsers' policy folders are: $ZCRM_POLICY_ROOT, else /.
  std::filesystem::path policy_root = "/";
  std::chrono::milliseconds hello_timeout{5000};
};

// Options from the environment ($HOME, $XDG_CONFIG_HOME, $PATH) with the given state folder.
Options DefaultOptions(const std::filesystem::path& state_dir);

// Reads [--json] [--browser NAME]... [--profile-dir DIR]... from args[from...]; an error text for the usage.
std::optional<std::string> ParseArgs(const std::vector<std::string>& args, std::size_t from,
                                     Options& options);

// Browsers that look installed: a program of theirs on PATH, their settings folder, or our manifest present;
// on Windows their registry key.
std::vector<std::string> DetectBrowsers(const Table& table, const Options& options, const Identity& identity);

// The folders a browser reads manifests from, in its order: user (or the profile folders) then system. POSIX
// only (doctor/posix/browsers.cpp): on Windows a registry key names the manifest
// (doctor/windows/browsers.cpp).
std::vector<std::filesystem::path> ManifestFolders(const Table& table, const std::string& browser,
                                                   const Options& options);

Report Diagnose(const Options& options, const Table& table = BuiltinTable(),
                const Identity& identity = BuiltinIdentity(),
                const PolicyTable& policies = BuiltinPolicyTable());

// Diagnose, then print the table (or JSON); returns the exit status.
int Run(const Options& options, std::ostream& out);

}  // namespace zcrm::doctor
