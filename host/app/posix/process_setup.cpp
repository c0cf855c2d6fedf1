#include "app/process_setup.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace zcrm::app {
namespace {

volatile std::sig_atomic_t* g_stop = nullptr;

void RequestStop(int) {
  if (g_stop != nullptr) *g_stop = 1;
}

}  // namespace

void DisableCrashDumps() {
  // A core dump would hold the decrypted token and the vault key.
  struct rlimit none {};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void InstallStopRequests(volatile std::sig_atomic_t* stop) {
  g_stop = stop;
  // A closed pipe must surface as EPIPE from write(), not kill the process mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction request {};
  request.sa_handler = RequestStop;
  sigemptyset(&request.sa_mask);
  request.sa_flags = 0;  // no SA_RESTART: a blocked read must return so the host can exit cleanly
  sigaction(SIGTERM, &request, nullptr);
  sigaction(SIGINT, &request, nullptr);
}

}  // namespace zcrm::app
