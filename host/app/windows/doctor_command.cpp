#include "app/doctor_command.hpp"

#include <iostream>

namespace zcrm::app {
namespace {

// sysexits' EX_UNAVAILABLE, beside the usage error's EX_USAGE (64) of app/cli.cpp.
constexpr int kExitUnavailable = 69;

}  // namespace

int RunDoctor(const std::vector<std::string>& /*args*/,
              const std::function<int(const std::string&)>& /*usage*/) {
  std::cerr << "zcrm-bridge: doctor does not check a Windows installation yet (registry keys, manifests, "
               "ACLs); `zcrm-bridge status` shows the state folder.\n";
  return kExitUnavailable;
}

}  // namespace zcrm::app
