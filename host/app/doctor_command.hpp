// `zcrm-bridge doctor`: the doctor part's checks on POSIX (app/posix/doctor_command.cpp). Windows has no
// doctor yet (app/windows/doctor_command.cpp): its checks are of registry keys and ACLs, not manifest folders
// and modes, and are still to be written (issue 18).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace zcrm::app {

// args as main() got them (args[1] == "doctor"); usage prints a problem with the command line and returns its
// exit code. Returns the process's exit code.
int RunDoctor(const std::vector<std::string>& args, const std::function<int(const std::string&)>& usage);

}  // namespace zcrm::app
