// Starts the real zcrm-bridge with a fault the host cannot cause itself, then gets out of the way (execv:
// same pid, same argv and environment otherwise, so tests see and signal the host itself). Every fault test
// starts hosts through this launcher; without any ZCRM_FAULT_* variable it changes nothing.
//
//   ZCRM_FAULT_FSIZE=<bytes>  RLIMIT_FSIZE on the host with SIGXFSZ ignored: a write past <bytes> in any file
//   fails
//                             with EFBIG, as a full disk fails with ENOSPC. Works without privileges.
//   ZCRM_FAULT_DROP_DAC=1     removes CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER from the bounding
//   set, so
//                             a host started by root obeys file modes like any user (a 0500 folder is
//                             read-only). Without privileges modes apply anyway and this does nothing.
//   ZCRM_FAULT_CORE=1         raises RLIMIT_CORE to its hard limit, so a test can see the host lower it
//   itself. ZCRM_FAULT_TRACEME=1      PTRACE_TRACEME before exec: the test (the parent) traces the host from
//   its first
//                             instruction, so it can hold it at an exact system call to force a race.
//   ZCRM_FAULT_NO_CAPS=1      empties the bounding set: a host started by root runs with no capabilities at
//   all,
//                             like a desktop user's, so whether it is dumpable becomes visible to a process
//                             of the same user (root's own capabilities would otherwise hide the difference).
// The variables are removed before the host starts, so they never show in its environment.
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

int main(int argc, char** argv) {
  (void)argc;
  if (const char* fsize = std::getenv("ZCRM_FAULT_FSIZE")) {
    const rlim_t limit = std::strtoull(fsize, nullptr, 10);
    const rlimit r{limit, limit};
    if (::setrlimit(RLIMIT_FSIZE, &r) != 0) {
      std::perror("fault_launcher: setrlimit(RLIMIT_FSIZE)");
      return 126;
    }
    // Ignored (inherited across execv): the write fails with EFBIG instead of the signal killing the host.
    std::signal(SIGXFSZ, SIG_IGN);
  }
  if (std::getenv("ZCRM_FAULT_DROP_DAC") != nullptr && ::geteuid() == 0) {
    for (const int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
      if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
        std::perror("fault_launcher: prctl(PR_CAPBSET_DROP)");
        return 126;
      }
    }
  }
  if (std::getenv("ZCRM_FAULT_NO_CAPS") != nullptr && ::geteuid() == 0) {
    for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) {
      if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
        std::perror("fault_launcher: prctl(PR_CAPBSET_DROP)");
        return 126;
      }
    }
  }
  if (std::getenv("ZCRM_FAULT_CORE") != nullptr) {
    rlimit r{};
    ::getrlimit(RLIMIT_CORE, &r);
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_CORE, &r);
  }
  const bool trace_me = std::getenv("ZCRM_FAULT_TRACEME") != nullptr;
  ::unsetenv("ZCRM_FAULT_TRACEME");
  if (trace_me && ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) {
    std::perror("fault_launcher: ptrace(PTRACE_TRACEME)");
    return 126;
  }
  ::unsetenv("ZCRM_FAULT_FSIZE");
  ::unsetenv("ZCRM_FAULT_DROP_DAC");
  ::unsetenv("ZCRM_FAULT_CORE");
  ::unsetenv("ZCRM_FAULT_NO_CAPS");
  argv[0] = const_cast<char*>(ZCRM_REAL_HOST);
  ::execv(ZCRM_REAL_HOST, argv);
  std::fprintf(stderr, "fault_launcher: cannot start %s: %s\n", ZCRM_REAL_HOST, std::strerror(errno));
  return 127;
}
