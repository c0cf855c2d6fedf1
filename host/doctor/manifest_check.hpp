// One native messaging host manifest, checked the way the browser reads it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "doctor/report.hpp"

namespace zcrm::doctor {

struct ManifestExpectation {
  std::string host_name;    // name, and the file stem
  std::string family;       // "chromium": allowed_origins; "firefox": allowed_extensions
  std::string chromium_id;  // expected origin chrome-extension://<id>/
  std::string gecko_id;     // expected entry of allowed_extensions
  std::string reinstall;    // the command that rewrites the manifest, quoted in fixes
  // POSIX: the browser finds the manifest by its file name, which must then be "name". Windows: by the
  // registry key, named host_name, so the file may be called anything (install.ps1 writes
  // <name>.<family>.json).
  bool named_by_file = true;
  // Windows: Chromium and Firefox take a relative "path" from the manifest's folder (the MSI writes one).
  bool relative_path_allowed = false;
};

// Adds findings manifest.json, manifest.name, manifest.type, manifest.path, manifest.executable and
// manifest.origins (Chromium family) or manifest.extensions (Firefox) under scope. The file must exist.
// Returns the host path when the manifest names an absolute, executable one (for the hello check).
std::optional<std::filesystem::path> CheckManifest(const std::filesystem::path& file,
                                                   const ManifestExpectation& expected,
                                                   const std::string& scope, Report& report);

}  // namespace zcrm::doctor
