// What the host sets up about its own process before anything else runs (host/main.cpp): no crash file with
// secrets in it, and a stop request that ends a blocked read. app/posix/process_setup.cpp (signals, rlimit,
// prctl) and app/windows/process_setup.cpp.
#pragma once

#include <csignal>

namespace zcrm::app {

// No core dump (POSIX) or crash dialog (Windows) that would hold the decrypted token and the vault key.
void DisableCrashDumps();

// SIGTERM and SIGINT (Windows: console Ctrl+C, Ctrl+Break and close) set *stop to 1, and a closed pipe shows
// up as EPIPE from write() instead of ending the process. stop must outlive the process.
void InstallStopRequests(volatile std::sig_atomic_t* stop);

}  // namespace zcrm::app
