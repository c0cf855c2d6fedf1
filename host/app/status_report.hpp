// `zcrm-bridge status`: what is stored, per client ID and data centre, never the token itself.
#pragma once

#include <filesystem>
#include <ostream>

namespace zcrm::app {

int PrintStatus(const std::filesystem::path& state_dir, bool as_json, std::ostream& out);

}  // namespace zcrm::app
