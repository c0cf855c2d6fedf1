// `zcrm-bridge doctor`: the doctor part's checks (manifest folders and modes on POSIX, registry keys and ACLs
// on Windows: doctor/posix/, doctor/windows/).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace zcrm::app {

// args as main() got them (args[1] == "doctor"); usage prints a problem with the command line and returns its
// exit code. Returns the process's exit code.
int RunDoctor(const std::vector<std::string>& args, const std::function<int(const std::string&)>& usage);

}  // namespace zcrm::app
