#include "doctor/executable_check.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace zcrm::doctor {

bool CheckExecutable(const std::filesystem::path& host, const std::string& reinstall,
                     const std::string& scope, Report& report) {
  struct stat st {};
  if (::stat(host.c_str(), &st) != 0) {
    report.Fail(scope, "manifest.executable", host.string() + " does not exist",
                "build the host (cmake --build --preset default) or run " + reinstall + " --host <path>");
    return false;
  }
  if (!S_ISREG(st.st_mode) || ::access(host.c_str(), X_OK) != 0) {
    report.Fail(scope, "manifest.executable", host.string() + " is not an executable file",
                "chmod 755 '" + host.string() + "'");
    return false;
  }
  report.Ok(scope, "manifest.executable", host.string());
  return true;
}

}  // namespace zcrm::doctor
