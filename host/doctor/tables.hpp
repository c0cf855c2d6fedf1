// The browser folder table (installer/browsers.tsv, compiled in) and the host's identity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zcrm::doctor {

struct TableRow {
  std::string browser;  // chrome, chrome-beta, chromium, firefox, zen, ...: a name of installer/browsers.tsv
  std::string family;   // chromium (allowed_origins) or firefox (allowed_extensions)
  std::string os;       // linux, macos, windows
  std::string kind;     // user, system (folders), key (registry), bin, flatpak, snap, profile (detection)
  std::string value;    // a folder with ${HOME}/${CONFIG}, a registry key, program names or an app ID
};
using Table = std::vector<TableRow>;

// Skips comments and blank lines. Throws std::invalid_argument naming the line when a row has fewer than five
// tab-separated columns or an unknown family or kind.
Table ParseTable(std::string_view tsv);

// The table compiled into this binary.
const Table& BuiltinTable();

struct Identity {
  std::string host_name;    // the manifest name and file stem
  std::string chromium_id;  // the extension's fixed Chromium ID
  std::string gecko_id;     // the add-on ID in Firefox
};
Identity BuiltinIdentity();

// The browsers of the table, in table order, each once.
std::vector<std::string> Browsers(const Table& table);
// "chromium" or "firefox"; empty when the table does not name browser.
std::string FamilyOf(const Table& table, std::string_view browser);
// The values of every row for browser, os and kind, in table order.
std::vector<std::string> Values(const Table& table, std::string_view browser, std::string_view os,
                                std::string_view kind);

// Replaces ${HOME} and ${CONFIG} ($XDG_CONFIG_HOME, else ~/.config).
std::string Expand(std::string_view value, std::string_view home, std::string_view config_home);

}  // namespace zcrm::doctor
