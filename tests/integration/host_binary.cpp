// Compiled into each test binary that uses HostProcess (not into the helper library), with that binary's
// ZCRM_HOST_BINARY: the real host for integration and keyring tests, the fault launcher for fault tests.
#include "host_process.hpp"

namespace zcrm::integration {

const char* HostBinary() {
  return ZCRM_HOST_BINARY;
}

}  // namespace zcrm::integration
