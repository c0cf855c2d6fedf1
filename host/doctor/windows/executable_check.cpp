#include "doctor/executable_check.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace zcrm::doctor {

// Windows has no execute bit: the browser starts a regular file as a program when it is an .exe.
bool CheckExecutable(const std::filesystem::path& host, const std::string& reinstall,
                     const std::string& scope, Report& report) {
  std::error_code ec;
  const auto status = std::filesystem::status(host, ec);
  if (!std::filesystem::exists(status)) {
    report.Fail(scope, "manifest.executable", host.string() + " does not exist",
                "run " + reinstall + " (it copies zcrm-bridge.exe there), or reinstall the MSI");
    return false;
  }
  std::string extension = host.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!std::filesystem::is_regular_file(status) || extension != ".exe") {
    report.Fail(scope, "manifest.executable", host.string() + " is not an .exe file",
                "run " + reinstall + " (its manifests name zcrm-bridge.exe)");
    return false;
  }
  report.Ok(scope, "manifest.executable", host.string());
  return true;
}

}  // namespace zcrm::doctor
