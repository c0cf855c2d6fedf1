#include "doctor/manifest_check.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "doctor/executable_check.hpp"

namespace zcrm::doctor {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Chromium accepts only [a-z0-9_.] in host names (and no leading/trailing/double dot).
bool ValidHostName(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.back() != '.' && name.find("..") == std::string::npos &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
         });
}

std::string Quoted(const json& value) {
  return value.dump();
}

void CheckName(const json& m, const fs::path& file, const ManifestExpectation& want, const std::string& scope,
               Report& report) {
  const std::string stem = file.stem().string();
  if (!m.contains("name") || !m["name"].is_string()) {
    report.Fail(scope, "manifest.name", "no \"name\" string", "set \"name\": \"" + want.host_name + "\"");
    return;
  }
  const auto& name = m["name"].get_ref<const std::string&>();
  if (want.named_by_file && name != stem) {
    report.Fail(scope, "manifest.name",
                "\"name\" is \"" + name + "\" but the file is " + file.filename().string(),
                "the browser looks the host up by file name: set \"name\": \"" + stem + "\" or run " +
                    want.reinstall);
  } else if (name != want.host_name || !ValidHostName(name)) {
    report.Fail(scope, "manifest.name",
                "\"name\" is \"" + name + "\"; the extension calls \"" + want.host_name + "\"",
                "run " + want.reinstall);
  } else {
    report.Ok(scope, "manifest.name", name);
  }
}

std::optional<fs::path> CheckPath(const json& m, const fs::path& file, const ManifestExpectation& want,
                                  const std::string& scope, Report& report) {
  if (!m.contains("path") || !m["path"].is_string() || m["path"].get_ref<const std::string&>().empty()) {
    report.Fail(scope, "manifest.path", "no \"path\" string", "run " + want.reinstall);
    return std::nullopt;
  }
  fs::path host = m["path"].get<std::string>();
  if (!host.is_absolute() && want.relative_path_allowed) host = file.parent_path() / host;
  if (!host.is_absolute()) {
    report.Fail(scope, "manifest.path",
                "\"path\" is " + host.string() + ": relative paths are not accepted on Linux",
                "run " + want.reinstall + " (it writes the absolute path of the host)");
    return std::nullopt;
  }
  report.Ok(scope, "manifest.path", host.string());
  if (!CheckExecutable(host, want.reinstall, scope, report)) return std::nullopt;
  return host;
}

void CheckCallers(const json& m, const ManifestExpectation& want, const std::string& scope, Report& report) {
  const bool chromium = want.family == "chromium";
  const std::string key = chromium ? "allowed_origins" : "allowed_extensions";
  const std::string check = chromium ? "manifest.origins" : "manifest.extensions";
  const std::string wanted = chromium ? "chrome-extension://" + want.chromium_id + "/" : want.gecko_id;
  const std::string fix = "list exactly \"" + wanted + "\" in \"" + key + "\": run " + want.reinstall;
  if (!m.contains(key) || !m[key].is_array()) {
    report.Fail(scope, check,
                "no \"" + key + "\" list" +
                    (m.contains(chromium ? "allowed_extensions" : "allowed_origins")
                         ? " (this is a " + std::string(chromium ? "Firefox" : "Chromium") +
                               " manifest in a " + (chromium ? "Chromium" : "Firefox") + " folder)"
                         : ""),
                fix);
    return;
  }
  const auto& list = m[key];
  if (std::find(list.begin(), list.end(), json(wanted)) != list.end()) {
    report.Ok(scope, check, wanted);
    return;
  }
  std::string seen = list.dump();
  for (const auto& entry : list) {
    if (!entry.is_string()) continue;
    const auto& s = entry.get_ref<const std::string&>();
    if (chromium && s == "chrome-extension://" + want.chromium_id) {
      report.Fail(scope, check, Quoted(entry) + " has no trailing slash, so Chromium ignores it",
                  "write \"" + wanted + "\" (with the trailing /) or run " + want.reinstall);
      return;
    }
    if (s.find('*') != std::string::npos) {
      report.Fail(scope, check, Quoted(entry) + ": wildcards are not allowed", fix);
      return;
    }
  }
  report.Fail(scope, check, key + " is " + seen + ", not the extension's " + wanted, fix);
}

}  // namespace

std::optional<fs::path> CheckManifest(const fs::path& file, const ManifestExpectation& want,
                                      const std::string& scope, Report& report) {
  std::ifstream in(file);
  if (!in) {
    report.Fail(scope, "manifest.json", "cannot read " + file.string(), "chmod 644 '" + file.string() + "'");
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  const json m = json::parse(text.str(), nullptr, false);
  if (m.is_discarded() || !m.is_object()) {
    report.Fail(scope, "manifest.json", file.string() + " is not a JSON object",
                "run " + want.reinstall + " to write it again");
    return std::nullopt;
  }
  report.Ok(scope, "manifest.json", "valid JSON");
  CheckName(m, file, want, scope, report);
  if (m.value("type", json()) != json("stdio")) {
    report.Fail(scope, "manifest.type", "\"type\" is " + m.value("type", json()).dump() + ", not \"stdio\"",
                "set \"type\": \"stdio\" or run " + want.reinstall);
  } else {
    report.Ok(scope, "manifest.type", "stdio");
  }
  auto host = CheckPath(m, file, want, scope, report);
  CheckCallers(m, want, scope, report);
  return host;
}

}  // namespace zcrm::doctor
