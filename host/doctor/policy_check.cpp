#include "doctor/policy_check.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "doctor/embedded_tables.hpp"
#include "doctor/managed_fields.hpp"

namespace zcrm::doctor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kRewrite = "sudo installer/install.sh --managed <settings.json> rewrites it (docs/MANAGED.md)";

fs::path Under(const fs::path& root, const std::string& logical) {
  return root / fs::path(logical).relative_path();
}

struct Source {
  fs::path file;
  json settings;  // what the file sets for the extension
};

struct BrowserPolicy {
  std::vector<Source> sources;
  std::vector<std::string> installs;  // how the file force-installs the extension
};

// The file's JSON, or a managed.json failure and nullopt.
std::optional<json> ReadJson(const fs::path& file, const std::string& browser, Report& report) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& e) {
    report.Fail(browser, "managed.json",
                file.string() + " is not valid JSON (" + e.what() + "); the browser ignores it",
                "correct it, or remove it; for zcrm-bridge's own file " + std::string(kRewrite));
    return std::nullopt;
  }
}

const json* At(const json& j, std::initializer_list<std::string> keys) {
  const json* at = &j;
  for (const auto& k : keys) {
    if (!at->is_object() || !at->contains(k)) return nullptr;
    at = &(*at)[k];
  }
  return at;
}

void ChromiumFamily(const fs::path& dir, const std::string& browser, const Identity& id,
                    BrowserPolicy& policy, Report& report) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json" && e.is_regular_file(ec)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto doc = ReadJson(file, browser, report);
    if (!doc) continue;
    if (const json* s = At(*doc, {"3rdparty", "extensions", id.chromium_id}))
      policy.sources.push_back({file, *s});
    if (const json* e = At(*doc, {"ExtensionSettings", id.chromium_id})) {
      policy.installs.push_back(file.string() + ": ExtensionSettings " + e->value("installation_mode", "?") +
                                " from " + e->value("update_url", "the Chrome Web Store"));
    }
    if (const json* list = At(*doc, {"ExtensionInstallForcelist"}); list && list->is_array()) {
      for (const auto& item : *list) {
        if (item.is_string() && item.get<std::string>().rfind(id.chromium_id, 0) == 0)
          policy.installs.push_back(file.string() + ": ExtensionInstallForcelist " + item.get<std::string>());
      }
    }
  }
}

void Firefox(const fs::path& file, const std::string& browser, const Identity& id, BrowserPolicy& policy,
             Report& report) {
  const auto doc = ReadJson(file, browser, report);
  if (!doc) return;
  if (const json* s = At(*doc, {"policies", "3rdparty", "Extensions", id.gecko_id})) {
    // Firefox also takes the add-on's policy as a JSON string.
    json value = *s;
    if (value.is_string()) {
      try {
        value = json::parse(value.get<std::string>());
      } catch (const json::parse_error&) {
      }
    }
    policy.sources.push_back({file, value});
  }
  if (const json* e = At(*doc, {"policies", "ExtensionSettings", id.gecko_id})) {
    policy.installs.push_back(file.string() + ": ExtensionSettings " + e->value("installation_mode", "?") +
                              " from " + e->value("install_url", "addons.mozilla.org"));
  }
}

std::string TypeOf(const json& v) {
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return std::isfinite(d) && d == std::floor(d) ? "integer" : "number";
  }
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "null";
}

// What a Chromium-family browser drops before the extension sees it: a value (or a list entry) whose type is
// not the one extension/managed_schema.json declares.
void TypeProblems(const json& schema, const json& v, const std::string& at, std::vector<std::string>& out) {
  const std::string want = schema.value("type", ""), got = TypeOf(v);
  if (want != got && !(want == "number" && got == "integer")) {
    out.push_back(at + " is " + (got == "array" || got == "object" || got == "integer" ? "an " : "a ") + got +
                  ", not " + (want == "array" || want == "object" || want == "integer" ? "an " : "a ") +
                  want);
    return;
  }
  if (got == "array" && schema.contains("items")) {
    for (std::size_t i = 0; i < v.size(); ++i)
      TypeProblems(schema["items"], v[i], at + "[" + std::to_string(i) + "]", out);
  } else if (got == "object") {
    for (const auto& [k, sub] : v.items()) {
      if (schema.contains("properties") && schema["properties"].contains(k)) {
        TypeProblems(schema["properties"][k], sub, at + "." + k, out);
      } else if (schema.contains("additionalProperties")) {
        TypeProblems(schema["additionalProperties"], sub, at + "." + k, out);
      }
    }
  }
}

const json& ManagedSchema() {
  static const json schema = json::parse(embedded::kManagedSchema);
  return schema;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::vector<std::string> PolicyValues(const PolicyTable& table, const std::string& browser,
                                      const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& r : table) {
    if (r.browser == browser && r.os == "linux" && r.kind == kind) out.push_back(r.value);
  }
  return out;
}

}  // namespace

PolicyTable ParsePolicyTable(std::string_view tsv) {
  PolicyTable table;
  int number = 0;
  std::istringstream in{std::string(tsv)};
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
    const std::string where = "policies.tsv line " + std::to_string(number);
    if (cols.size() < 4) throw std::invalid_argument(where + ": needs 4 tab-separated columns");
    PolicyRow row{cols[0], cols[1], cols[2], cols[3]};
    const auto one_of = [](const std::string& v, std::initializer_list<const char*> allowed) {
      return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
    };
    if (!one_of(row.os, {"linux", "windows", "macos"})) throw std::invalid_argument(where + ": unknown os");
    if (!one_of(row.kind, {"dir", "file", "distribution", "key", "domain"}))
      throw std::invalid_argument(where + ": unknown kind");
    table.push_back(std::move(row));
  }
  return table;
}

const PolicyTable& BuiltinPolicyTable() {
  static const PolicyTable table = ParsePolicyTable(embedded::kPoliciesTsv);
  return table;
}

void CheckManaged(const PolicyTable& table, const fs::path& root, const Identity& identity, Report& report) {
  std::vector<std::string> browsers;
  for (const auto& r : table) {
    if (r.os == "linux" && std::find(browsers.begin(), browsers.end(), r.browser) == browsers.end())
      browsers.push_back(r.browser);
  }
  std::vector<std::string> places;
  // setting -> browser -> value, for the settings the extension can use
  std::map<std::string, std::vector<std::pair<std::string, json>>> used;
  bool any = false;
  for (const auto& browser : browsers) {
    BrowserPolicy policy;
    for (const auto& dir : PolicyValues(table, browser, "dir")) {
      places.push_back(Under(root, dir).string());
      ChromiumFamily(Under(root, dir), browser, identity, policy, report);
    }
    const auto main = PolicyValues(table, browser, "file");
    std::error_code ec;
    const bool main_exists = !main.empty() && fs::exists(Under(root, main[0]), ec);
    if (!main.empty()) places.push_back(Under(root, main[0]).string());
    if (main_exists) Firefox(Under(root, main[0]), browser, identity, policy, report);
    for (const auto& dist : PolicyValues(table, browser, "distribution")) {
      const auto file = Under(root, dist);
      if (!fs::exists(file, ec)) continue;
      if (!main_exists) {
        Firefox(file, browser, identity, policy, report);
        continue;
      }
      BrowserPolicy hidden;
      Report ignored;
      Firefox(file, browser, identity, hidden, ignored);
      if (!hidden.sources.empty()) {
        report.Warn(browser, "managed.hidden",
                    file.string() + " sets zcrm-bridge's settings, but Firefox reads only " +
                        Under(root, main[0]).string(),
                    "move the zcrm-bridge entry into " + Under(root, main[0]).string() + "; " + kRewrite);
      }
    }
    for (const auto& install : policy.installs) report.Info(browser, "managed.install", install);
    if (policy.sources.empty()) continue;
    any = true;
    std::vector<std::string> files;
    json merged = json::object();
    bool shape_ok = true;
    for (const auto& s : policy.sources) {
      files.push_back(s.file.string());
      if (!s.settings.is_object()) {
        report.Fail(
            browser, "managed.json",
            s.file.string() + ": zcrm-bridge's policy is not an object of settings; the extension ignores it",
            std::string("make it {\"clientId\": ..., ...}; ") + kRewrite);
        shape_ok = false;
        continue;
      }
      // Each file in turn, a later one's setting over an earlier one's.
      for (const auto& [k, v] : s.settings.items()) merged[k] = v;
    }
    if (files.size() > 1) {
      report.Warn(browser, "managed.files", "several files set zcrm-bridge's settings: " + Join(files),
                  "keep them in one file; for a setting in two of them the browser takes one value only");
    }
    if (!shape_ok && merged.empty()) continue;
    std::vector<std::string> names;
    for (const auto& [k, v] : merged.items()) names.push_back(k);
    report.Info(browser, "managed.settings",
                Join(files) + ": " + (names.empty() ? std::string("no settings") : Join(names)) + " (" +
                    std::to_string(names.size()) + (names.size() == 1 ? " setting" : " settings") +
                    ", locked in the options page)");
    std::vector<std::string> bad;
    for (const auto& p : CheckManagedSettings(merged)) {
      bad.push_back(p.field);
      if (p.unknown) {
        report.Warn(browser, "managed.unknown", p.field + ": " + p.message + "; the extension ignores it",
                    "correct or remove \"" + p.field + "\" in " + Join(files) +
                        " (settings: " + Join(ManagedSettingNames()) + ")");
      } else {
        report.Fail(browser, "managed.invalid",
                    p.field + ": " + p.message +
                        "; the extension ignores this setting, so the person's own value applies",
                    "correct \"" + p.field + "\" in " + Join(files) + "; " + kRewrite);
      }
    }
    // The Chromium family checks types against the extension's schema first, and drops what does not match.
    if (!PolicyValues(table, browser, "dir").empty()) {
      for (const auto& [k, v] : merged.items()) {
        const auto& props = ManagedSchema()["properties"];
        if (!props.contains(k) || std::find(bad.begin(), bad.end(), k) != bad.end()) continue;
        std::vector<std::string> wrong;
        TypeProblems(props[k], v, k, wrong);
        if (wrong.empty()) continue;
        bad.push_back(k);
        report.Fail(browser, "managed.invalid",
                    Join(wrong, "; ") + " (extension/managed_schema.json), so " + browser +
                        " drops it before the extension sees it",
                    "correct \"" + k + "\" in " + Join(files) + "; " + kRewrite);
      }
    }
    for (const auto& [k, v] : merged.items()) {
      if (std::find(bad.begin(), bad.end(), k) == bad.end()) used[k].emplace_back(browser, v);
    }
  }
  for (const auto& [setting, values] : used) {
    bool differ = false;
    for (const auto& [b, v] : values) differ = differ || v != values.front().second;
    if (!differ) continue;
    std::vector<std::string> each;
    for (const auto& [b, v] : values) {
      // Appended rather than `" " + v.dump()`: GCC 12 at -O3 takes that operator+ for an overlapping memcpy
      // (-Werror=restrict, GCC PR 105329) and fails the Release build.
      std::string entry = b;
      if (const std::string text = v.dump(); v.is_primitive() && text.size() <= 64)
        entry.append(" ").append(text);
      each.push_back(std::move(entry));
    }
    report.Warn(
        "managed", "managed.conflict", setting + " differs between browsers: " + Join(each),
        "give every browser the same settings: sudo installer/install.sh --managed <settings.json> writes "
        "them all from one file");
  }
  if (!any) report.Info("managed", "managed.none", "no managed settings for zcrm-bridge in " + Join(places));
}

}  // namespace zcrm::doctor
