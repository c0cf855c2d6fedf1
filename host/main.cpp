// Wires things up and nothing else: signals, core dumps off, then native messaging or the CLI.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include "app/caller.hpp"
#include "app/cli.hpp"
#include "app/session.hpp"
#ifdef ZCRM_TEST_CLOCK
#include "test_clock/file_clock.hpp"
#endif

namespace {

volatile std::sig_atomic_t g_stop = 0;

void RequestStop(int) {
  g_stop = 1;
}

void InstallSignals() {
  // A closed pipe must surface as EPIPE from write(), not kill the process mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction stop {};
  stop.sa_handler = RequestStop;
  sigemptyset(&stop.sa_mask);
  stop.sa_flags = 0;  // no SA_RESTART: a blocked read must return so the host can exit cleanly
  sigaction(SIGTERM, &stop, nullptr);
  sigaction(SIGINT, &stop, nullptr);
}

void DisableCoreDumps() {
  // A core dump would hold the decrypted token and the vault key.
  struct rlimit none {};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace

int main(int argc, char** argv) {
  DisableCoreDumps();
  InstallSignals();
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
