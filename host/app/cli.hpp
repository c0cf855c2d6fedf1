// zcrm-bridge started by a person: --help, --version, status, log, forget, reset, key, doctor.
#pragma once

#include <string>
#include <vector>

namespace zcrm::app {

// Exit codes: 0 done, 1 the state could not be read or changed, 64 the command line is wrong.
int RunCli(const std::vector<std::string>& args);

}  // namespace zcrm::app
