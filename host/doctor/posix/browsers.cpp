// Where a browser on Linux (and macOS) reads our manifest: the folders of installer/browsers.tsv, and what
// shows a browser is installed there (programs on PATH, profile folders, Flatpak copies, policy folders under
// /etc).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "doctor/doctor.hpp"
#include "doctor/hello_probe.hpp"
#include "doctor/manifest_check.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool OnPath(const std::string& names, const std::string& path_env) {
  std::size_t start = 0;
  while (start <= names.size()) {
    const auto space = std::min(names.find(' ', start), names.size());
    const std::string name = names.substr(start, space - start);
    start = space + 1;
    if (name.empty()) continue;
    std::size_t from = 0;
    while (from <= path_env.size()) {
      const auto colon = std::min(path_env.find(':', from), path_env.size());
      const std::string dir = path_env.substr(from, colon - from);
      from = colon + 1;
      if (!dir.empty() && ::access((fs::path(dir) / name).c_str(), X_OK) == 0) return true;
    }
  }
  return false;
}

std::string Reinstall(const std::string& browser) {
  return "`installer/install.sh --browser " + browser +
         "` (packaged: /usr/share/zcrm-bridge/installer/install.sh)";
}

void CheckSandboxes(const Table& table, const std::string& browser, const Options& options, Report& report) {
  for (const auto& id : Values(table, browser, "linux", "flatpak")) {
    std::error_code ec;
    if (!options.home.empty() && fs::is_directory(fs::path(options.home) / ".var/app" / id, ec)) {
      report.Warn(browser, "browser.sandbox",
                  "a Flatpak copy (" + id + ") exists; it cannot start host programs",
                  "use the distribution's or vendor's package of " + browser +
                      ", or see installer/install.sh's Flatpak advice (flatpak-spawn wrapper)");
    }
  }
}

void CheckBrowser(const Table& table, const std::string& browser, const Options& options,
                  const Identity& identity, const fs::path& config_file, Report& report) {
  const auto folders = ManifestFolders(table, browser, options);
  const std::string file_name = identity.host_name + ".json";
  std::optional<fs::path> found;
  for (const auto& folder : folders) {
    std::error_code ec;
    if (fs::exists(folder / file_name, ec)) {
      found = folder / file_name;
      break;
    }
  }
  CheckSandboxes(table, browser, options, report);
  if (!found) {
    std::string where;
    for (const auto& folder : folders) where += (where.empty() ? "" : ", ") + folder.string();
    report.Fail(
        browser, "manifest.found", "no " + file_name + " in " + where,
        "run " + Reinstall(browser) + "; Chromium says \"Specified native messaging host not found.\"");
    return;
  }
  report.Ok(browser, "manifest.found", found->string());
  const std::string family = FamilyOf(table, browser);
  const ManifestExpectation want{identity.host_name, family, identity.chromium_id, identity.gecko_id,
                                 Reinstall(browser)};
  const auto host = CheckManifest(*found, want, browser, report);
  if (!host) return;
  std::vector<std::string> argv{host->string()};
  if (family == "chromium") {
    argv.push_back("chrome-extension://" + identity.chromium_id + "/");
  } else {
    argv.push_back(found->string());
    argv.push_back(identity.gecko_id);
  }
  CheckHello(argv, options.hello_timeout, config_file, Reinstall(browser), browser, report);
}

}  // namespace

Options DefaultOptions(const fs::path& state_dir) {
  Options o;
  o.state_dir = state_dir;
  o.home = Env("HOME");
  o.config_home = Env("XDG_CONFIG_HOME");
  if (o.config_home.empty()) o.config_home = o.home + "/.config";
  o.path_env = Env("PATH");
  if (const auto root = Env("ZCRM_POLICY_ROOT"); !root.empty()) o.policy_root = root;
  return o;
}

std::vector<fs::path> ManifestFolders(const Table& table, const std::string& browser,
                                      const Options& options) {
  std::vector<fs::path> folders;
  if (FamilyOf(table, browser) == "chromium" && !options.profile_dirs.empty()) {
    for (const auto& p : options.profile_dirs) folders.push_back(p / "NativeMessagingHosts");
  } else {
    for (const auto& v : Values(table, browser, "linux", "user")) {
      folders.emplace_back(Expand(v, options.home, options.config_home));
    }
  }
  for (const auto& v : Values(table, browser, "linux", "system")) {
    folders.emplace_back(Expand(v, options.home, options.config_home));
  }
  return folders;
}

// A browser is found by its programs on PATH, by its profile folder (rows of kind profile), else by the
// parent of its user folder; or by a manifest in its folders. A folder that a browser listed earlier reads
// too (Zen reads Firefox's, ungoogled-chromium Chromium's) says nothing about this one.
std::vector<std::string> DetectBrowsers(const Table& table, const Options& options,
                                        const Identity& identity) {
  std::vector<std::string> found;
  std::vector<fs::path> earlier;  // the folders of the browsers looked at so far
  const auto own = [&earlier](const fs::path& folder) {
    return std::find(earlier.begin(), earlier.end(), folder) == earlier.end();
  };
  for (const auto& browser : Browsers(table)) {
    bool present = false;
    std::error_code ec;
    for (const auto& names : Values(table, browser, "linux", "bin"))
      present = present || OnPath(names, options.path_env);
    const auto profiles = Values(table, browser, "linux", "profile");
    for (const auto& v : profiles) {
      present = present || fs::is_directory(Expand(v, options.home, options.config_home), ec);
    }
    for (const auto& v : Values(table, browser, "linux", "user")) {
      const fs::path folder = Expand(v, options.home, options.config_home);
      present = present || (profiles.empty() && own(folder) && fs::is_directory(folder.parent_path(), ec));
    }
    const auto folders = ManifestFolders(table, browser, options);
    for (const auto& folder : folders) {
      present = present || (own(folder) && fs::exists(folder / (identity.host_name + ".json"), ec));
    }
    earlier.insert(earlier.end(), folders.begin(), folders.end());
    if (present) found.push_back(browser);
  }
  return found;
}

Report Diagnose(const Options& options, const Table& table, const Identity& identity,
                const PolicyTable& policies) {
  Report report;
  auto browsers = options.browsers.empty() ? DetectBrowsers(table, options, identity) : options.browsers;
  if (browsers.empty()) {
    report.Fail("doctor", "browser.found", "no supported browser found on PATH or in " + options.config_home,
                "name one: zcrm-bridge doctor --browser chromium");
  }
  CheckState(options.state_dir, report);
  const auto config_file =
      CheckConfig(options.state_dir, options.system_config, identity, "`installer/install.sh`", report);
  for (const auto& browser : browsers) CheckBrowser(table, browser, options, identity, config_file, report);
  CheckManaged(policies, options.policy_root, identity, report);
  return report;
}

}  // namespace zcrm::doctor
