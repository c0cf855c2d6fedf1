// Who started the host: the browser passes the calling extension in argv.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zcrm::app {

struct Caller {
  std::string browser;  // "chromium" or "firefox"
  std::string id;       // extension ID (32 letters a-p) or Firefox add-on ID
  std::string Key() const { return browser + ":" + id; }
};

// Chromium: [path, "chrome-extension://<id>/"] (Windows adds --parent-window). Firefox: [path, manifest, id].
// nullopt when argv does not look like a browser start (a person running the CLI).
std::optional<Caller> CallerFromArgs(const std::vector<std::string>& args);

// True when argv is a browser start, even from a caller we cannot identify.
bool IsBrowserLaunch(const std::vector<std::string>& args);

bool IsAllowed(const Caller& caller, const std::vector<std::string>& allowed_extensions);

}  // namespace zcrm::app
