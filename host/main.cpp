// Wires things up and nothing else: crash dumps off, stop requests, then native messaging or the CLI.
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include "app/caller.hpp"
#include "app/cli.hpp"
#include "app/process_setup.hpp"
#include "app/session.hpp"
#ifdef ZCRM_TEST_CLOCK
#include "test_clock/file_clock.hpp"
#endif

namespace {

volatile std::sig_atomic_t g_stop = 0;

}  // namespace

int main(int argc, char** argv) {
  zcrm::app::DisableCrashDumps();
  zcrm::app::InstallStopRequests(&g_stop);
#ifdef ZCRM_TEST_CLOCK
  zcrm::test_clock::InstallFromEnvironment();  // the test build only (host/CMakeLists.txt)
#endif
  std::vector<std::string> args(argv, argv + argc);
  // No arguments and no terminal: a browser that could not name the caller (e.g. a sandboxed one).
  if (zcrm::app::IsBrowserLaunch(args) || (argc == 1 && !isatty(STDIN_FILENO))) {
    return zcrm::app::RunNativeMessaging(args, &g_stop);
  }
  return zcrm::app::RunCli(args);
}
