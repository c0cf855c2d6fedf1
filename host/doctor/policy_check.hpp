// Managed settings (enterprise policy): what an organisation set for the extension in the policy files the
// doctor knows (installer/policies.tsv, compiled in), per browser, and whether the extension can use it.
//
// Findings, scope = the browser: managed.settings (info: the file and the settings it sets), managed.install
// (info: forced installation), managed.json (fail: a policy file the browser cannot read), managed.invalid
// (fail: a setting the extension ignores, one finding each), managed.unknown (warn: a key that is no
// setting), managed.files (warn: several files set it), managed.hidden (warn: a Firefox policies.json that
// Firefox does not read); scope "managed": managed.conflict (warn: browsers given different values for a
// setting), managed.none (info: no managed settings anywhere).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "doctor/report.hpp"
#include "doctor/tables.hpp"

namespace zcrm::doctor {

struct PolicyRow {
  std::string browser;  // chrome, chromium, edge, brave, firefox
  std::string os;       // linux, windows, macos
  std::string kind;     // dir, file, distribution, key, domain
  std::string value;    // a folder, a file, a registry key or a preference domain
};
using PolicyTable = std::vector<PolicyRow>;

// Skips comments and blank lines; throws std::invalid_argument naming the line when a row has fewer than four
// tab-separated columns or an unknown os or kind.
PolicyTable ParsePolicyTable(std::string_view tsv);

// The table compiled into this binary.
const PolicyTable& BuiltinPolicyTable();

// Reads the Linux policy files of the table under root ("/" for real; tests use a temporary folder).
void CheckManaged(const PolicyTable& table, const std::filesystem::path& root, const Identity& identity,
                  Report& report);

}  // namespace zcrm::doctor
