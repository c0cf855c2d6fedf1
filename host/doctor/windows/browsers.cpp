// Where a browser on Windows finds our manifest: not a folder but the registry key of installer/browsers.tsv
// (kind key) plus the host's name, under HKCU first, then HKLM; the key's default value is the manifest's
// path (installer/windows/install.ps1 and the MSI write them). Flatpak, PATH and policy folders are Linux's.
#include <algorithm>
#include <optional>

#include "doctor/doctor.hpp"
#include "doctor/hello_probe.hpp"
#include "doctor/manifest_check.hpp"
#include "store/windows/windows_api.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReinstall =
    "`installer\\windows\\install.ps1` (or the MSI: zcrm-bridge.msi) with the browser closed";

std::wstring Wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  const int n = ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

struct Hive {
  HKEY root;
  const char* name;
};
// The order Chromium and Firefox read them in: the user's registration wins over the machine's.
const Hive kHives[] = {{HKEY_CURRENT_USER, "HKCU"}, {HKEY_LOCAL_MACHINE, "HKLM"}};

bool KeyExists(HKEY root, const std::string& key) {
  HKEY opened = nullptr;
  if (::RegOpenKeyExW(root, Wide(key).c_str(), 0, KEY_READ, &opened) != ERROR_SUCCESS) return false;
  ::RegCloseKey(opened);
  return true;
}

// The key's default value (REG_SZ; a REG_EXPAND_SZ comes back expanded as REG_SZ); nullopt when it has none.
std::optional<fs::path> DefaultValue(HKEY root, const std::string& key) {
  const std::wstring wide_key = Wide(key);
  DWORD size = 0;
  constexpr DWORD kFlags = RRF_RT_REG_SZ;  // RRF_RT_REG_EXPAND_SZ would need RRF_NOEXPAND
  if (::RegGetValueW(root, wide_key.c_str(), nullptr, kFlags, nullptr, nullptr, &size) != ERROR_SUCCESS) {
    return std::nullopt;
  }
  std::wstring value(size / sizeof(wchar_t) + 1, L'\0');
  if (::RegGetValueW(root, wide_key.c_str(), nullptr, kFlags, nullptr, value.data(), &size) !=
      ERROR_SUCCESS) {
    return std::nullopt;
  }
  value.resize(::wcslen(value.c_str()));
  if (value.empty()) return std::nullopt;
  return fs::path(value);
}

// The browser's key for our host, e.g. SOFTWARE\Google\Chrome\NativeMessagingHosts\<host name>.
std::optional<std::string> HostKey(const Table& table, const std::string& browser, const Identity& identity) {
  const auto keys = Values(table, browser, "windows", "key");
  if (keys.empty()) return std::nullopt;
  return keys.front() + "\\" + identity.host_name;
}

void CheckBrowser(const Table& table, const std::string& browser, const Options& options,
                  const Identity& identity, const fs::path& config_file, Report& report) {
  const auto key = HostKey(table, browser, identity);
  if (!key) {
    report.Fail(
        browser, "registry.key",
        "where " + browser + " reads native messaging hosts on Windows is not known (installer/browsers.tsv)",
        "use Chrome, Chromium, Edge, Brave or Firefox");
    return;
  }
  std::optional<fs::path> manifest;
  for (const auto& hive : kHives) {
    if (!KeyExists(hive.root, *key)) continue;
    manifest = DefaultValue(hive.root, *key);
    const std::string where = std::string(hive.name) + "\\" + *key;
    if (!manifest) {
      report.Fail(browser, "registry.key", where + " has no default value (the manifest's path)",
                  "run " + std::string(kReinstall));
      return;
    }
    report.Ok(browser, "registry.key", where + " = " + manifest->string());
    break;
  }
  if (!manifest) {
    report.Fail(
        browser, "registry.key", "no key HKCU\\" + *key + " nor HKLM\\" + *key,
        "run " + std::string(kReinstall) + "; Chromium says \"Specified native messaging host not found.\"");
    return;
  }
  std::error_code ec;
  if (!fs::is_regular_file(*manifest, ec)) {
    report.Fail(browser, "manifest.found",
                "the registry names " + manifest->string() + ", which does not exist",
                "run " + std::string(kReinstall) + " (it writes the manifest and the key together)");
    return;
  }
  report.Ok(browser, "manifest.found", manifest->string());
  const std::string family = FamilyOf(table, browser);
  ManifestExpectation want{identity.host_name, family, identity.chromium_id, identity.gecko_id, kReinstall};
  want.named_by_file = false;
  want.relative_path_allowed = true;
  const auto host = CheckManifest(*manifest, want, browser, report);
  if (!host) return;
  // As the browsers start a host on Windows: Chromium adds the window it was called from.
  std::vector<std::string> argv{host->string()};
  if (family == "chromium") {
    argv.push_back("chrome-extension://" + identity.chromium_id + "/");
    argv.push_back("--parent-window=0");
  } else {
    argv.push_back(manifest->string());
    argv.push_back(identity.gecko_id);
  }
  CheckHello(argv, options.hello_timeout, config_file, kReinstall, browser, report);
}

}  // namespace

Options DefaultOptions(const fs::path& state_dir) {
  Options o;
  o.state_dir = state_dir;
  return o;
}

// A browser counts as present when our host is registered for it, or its own key (the parent of
// NativeMessagingHosts) exists. A key that a browser listed earlier reads too (Brave, Vivaldi and Opera read
// Chrome's) says nothing about this one.
std::vector<std::string> DetectBrowsers(const Table& table, const Options& /*options*/,
                                        const Identity& identity) {
  std::vector<std::string> found;
  std::vector<std::string> earlier;
  for (const auto& browser : Browsers(table)) {
    const auto key = HostKey(table, browser, identity);
    if (!key || std::find(earlier.begin(), earlier.end(), *key) != earlier.end()) continue;
    earlier.push_back(*key);
    const fs::path vendor = fs::path(*key).parent_path().parent_path();
    for (const auto& hive : kHives) {
      if (KeyExists(hive.root, *key) || KeyExists(hive.root, vendor.string())) {
        found.push_back(browser);
        break;
      }
    }
  }
  return found;
}

Report Diagnose(const Options& options, const Table& table, const Identity& identity,
                const PolicyTable& /*policies*/) {
  Report report;
  auto browsers = options.browsers.empty() ? DetectBrowsers(table, options, identity) : options.browsers;
  if (browsers.empty()) {
    report.Fail("doctor", "browser.found", "no supported browser's registry key under HKCU or HKLM",
                "run " + std::string(kReinstall) + ", or name one: zcrm-bridge doctor --browser chrome");
  }
  CheckState(options.state_dir, report);
  const auto config_file =
      CheckConfig(options.state_dir, options.system_config, identity, kReinstall, report);
  for (const auto& browser : browsers) CheckBrowser(table, browser, options, identity, config_file, report);
  // Policies (managed.*) live in the registry on Windows (SOFTWARE\Policies); the doctor reads Linux's policy
  // folders only, so they are not checked here.
  return report;
}

}  // namespace zcrm::doctor
