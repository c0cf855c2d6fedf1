#include "app/process_setup.hpp"

#include <windows.h>

namespace zcrm::app {
namespace {

volatile std::sig_atomic_t* g_stop = nullptr;

// Runs on a thread of its own. The flag is all it can do: the frame reader sees it once its read returns,
// which for a browser's pipe is when the browser closes it.
BOOL WINAPI RequestStop(DWORD /*event*/) {
  if (g_stop != nullptr) *g_stop = 1;
  return TRUE;
}

}  // namespace

void DisableCrashDumps() {
  // No "zcrm-bridge has stopped working" dialog keeping a crashed host, its token and key in memory, alive
  // until someone clicks; the process ends at once. Whether Windows Error Reporting also writes a dump file
  // is the machine's setting (its LocalDumps key), which a program cannot override for itself.
  ::SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
}

// Windows has no SIGPIPE: a write to a closed pipe already fails (EPIPE from the C runtime).
void InstallStopRequests(volatile std::sig_atomic_t* stop) {
  g_stop = stop;
  ::SetConsoleCtrlHandler(RequestStop, TRUE);
}

}  // namespace zcrm::app
