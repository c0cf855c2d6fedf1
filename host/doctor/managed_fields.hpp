// The extension's checks of managed settings (extension/lib/managed-settings.js, which applies
// lib/settings.js to each field), mirrored for the doctor: which fields an organisation's policy sets and
// which of them the extension will ignore as invalid. The extension decides; tests/installer/managed.test.mjs
// keeps the two in agreement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace zcrm::doctor {

// The settings an organisation may set, in the extension's order (DEFAULT_SETTINGS).
const std::vector<std::string>& ManagedSettingNames();

struct FieldProblem {
  std::string field;     // a setting name, or the unknown key
  bool unknown = false;  // not a setting at all
  std::string message;   // why the extension ignores it
};

// Problems of each field of one policy object (`3rdparty.extensions.<id>`); a field without a problem is used
// by the extension as it is. A value that is not an object is one problem with field "*".
std::vector<FieldProblem> CheckManagedSettings(const nlohmann::json& settings);

}  // namespace zcrm::doctor
