// manifest.executable: is the manifest's "path" a program the browser can start? What makes a file startable
// differs: the execute bit on POSIX (doctor/posix/), a regular .exe file on Windows (doctor/windows/).
#pragma once

#include <filesystem>
#include <string>

#include "doctor/report.hpp"

namespace zcrm::doctor {

// Adds manifest.executable under scope; true when host can be started. reinstall: the command quoted in
// fixes.
bool CheckExecutable(const std::filesystem::path& host, const std::string& reinstall,
                     const std::string& scope, Report& report);

}  // namespace zcrm::doctor
