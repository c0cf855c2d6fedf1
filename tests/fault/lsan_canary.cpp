// Proves LeakSanitizer works for a process set up like the host (not dumpable, RLIMIT_CORE 0): it leaks on
// purpose and must end with LeakSanitizer's exit code and report. tests/run-hardening.sh runs it in the
// sanitizer build.
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace {
char* volatile g_lost = nullptr;
}

int main() {
  struct rlimit none {};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  g_lost = new char[4096];
  std::memset(g_lost, 'z', 4096);
  g_lost = nullptr;  // the only pointer is gone: a definite leak
  std::puts("lsan_canary: leaked 4096 bytes");
  return 0;
}
