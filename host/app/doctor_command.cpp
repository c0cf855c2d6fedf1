#include "app/doctor_command.hpp"

#include <iostream>

#include "app/config.hpp"
#include "doctor/doctor.hpp"

namespace zcrm::app {

int RunDoctor(const std::vector<std::string>& args, const std::function<int(const std::string&)>& usage) {
  auto options = doctor::DefaultOptions(StateDir());
  options.system_config = SystemConfigPath();
  if (auto problem = doctor::ParseArgs(args, 2, options)) return usage(*problem);
  return doctor::Run(options, std::cout);
}

}  // namespace zcrm::app
