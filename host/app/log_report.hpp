// `zcrm-bridge log`: which web apps used the sign-in. The CRM calls the extension made for them
// (request.record) and the token hand-outs (token.get with for_origin), merged, newest first, one line each.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace zcrm::app {

struct LogFilter {
  std::optional<std::string> origin;  // only this web app's lines
  std::optional<std::size_t> limit;   // only the newest this many
};

int PrintLog(const std::filesystem::path& state_dir, const LogFilter& filter, std::ostream& out);

}  // namespace zcrm::app
