// Many hosts started at once on a fresh state folder (a browser restoring a session with several tabs that
// each start a host before anything was stored): they race to create the key and the vault's check record.
// Every one of them must end up using the one key that wins; none may conclude that "the key is missing but
// records exist" (KEY_MISMATCH), whose advice, `zcrm-bridge reset`, would move the brand-new vault aside.
#include <gtest/gtest.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "fault_support.hpp"

namespace zcrm::fault {
namespace {

TEST(FirstStart, HostsRacingToCreateTheVaultAllUseTheWinningKey) {
  constexpr int kRounds = 6;
  constexpr int kHosts = 24;
  int mismatches = 0;
  for (int round = 0; round < kRounds; ++round) {
    StateDir state;
    std::vector<std::unique_ptr<HostProcess>> hosts;
    for (int h = 0; h < kHosts; ++h) hosts.push_back(std::make_unique<HostProcess>(state, ChromiumArgs()));
    // Everything is sent before any answer is read, so the first requests reach the hosts as close together
    // as their start-up allows. Odd hosts write first, even ones read first: both paths open the vault.
    for (int h = 0; h < kHosts; ++h) {
      const Json first = h % 2
                             ? TokenStore(h, "1000.first-" + std::to_string(h), "1000.F" + std::to_string(h))
                             : Scoped(h, "token.status", "1000.F" + std::to_string(h));
      ASSERT_TRUE(hosts[h]->Send(first));
    }
    for (int h = 0; h < kHosts; ++h) {
      const Json answer = hosts[h]->ReadAnswer();
      if (ErrorCode(answer) == "KEY_MISMATCH") ++mismatches;
      EXPECT_EQ(ErrorCode(answer), "") << "round " << round << ", host " << h << ": " << answer;
      EXPECT_EQ(hosts[h]->Finish(), 0) << hosts[h]->Stderr();
    }
    // One key, and a vault every later host opens.
    const auto after = AskFresh(state, {Scoped(1, "token.get", "1000.F1"), TokenStore(2, "1000.later")});
    EXPECT_EQ(after[0].value("access_token", ""), "1000.first-1") << after[0];
    EXPECT_EQ(ErrorCode(after[1]), "") << after[1];
    if (HasFailure()) break;
  }
  std::cout << "[ fault ] " << kRounds << " fresh folders x " << kHosts << " hosts: " << mismatches
            << " KEY_MISMATCH\n";
}

#if defined(__x86_64__)
// Reads a NUL-terminated string of at most max bytes from the tracee, word by word (PTRACE_PEEKDATA works for
// a tracer even once the host is not dumpable, unlike /proc/<pid>/mem or process_vm_readv without
// privileges).
std::string PeekString(pid_t pid, std::uint64_t address, std::size_t max) {
  std::string out;
  while (out.size() < max) {
    errno = 0;
    const long word = ::ptrace(PTRACE_PEEKDATA, pid, reinterpret_cast<void*>(address + out.size()), nullptr);
    if (errno != 0) break;
    const char* bytes = reinterpret_cast<const char*>(&word);
    for (std::size_t i = 0; i < sizeof word; ++i) {
      if (bytes[i] == '\0') return out;
      out += bytes[i];
    }
  }
  return out;
}

// Runs the traced host (started with ZCRM_FAULT_TRACEME) until it returns from opening `path` with ENOENT,
// and leaves it stopped there. False if that does not happen within the time limit (the host is then left
// stopped).
bool RunUntilOpenFails(pid_t pid, const std::string& path, std::chrono::seconds limit) {
  int status = 0;
  if (::waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) return false;  // the stop after execve
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
  const auto deadline = Clock::now() + limit;
  bool watching = false;  // the syscall being run is an open of `path`
  int signal_to_pass = 0;
  while (Clock::now() < deadline) {
    if (::ptrace(PTRACE_SYSCALL, pid, nullptr, signal_to_pass) != 0) return false;
    signal_to_pass = 0;
    if (::waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) return false;
    if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
      if (WSTOPSIG(status) != SIGTRAP) signal_to_pass = WSTOPSIG(status);
      continue;
    }
    __ptrace_syscall_info info{};
    if (::ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info) <= 0) return false;
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
      const auto nr = info.entry.nr;
      const std::uint64_t address = nr == SYS_openat ? info.entry.args[1]
                                    : nr == SYS_open ? info.entry.args[0]
                                                     : 0;
      watching = false;
      if (address != 0) watching = PeekString(pid, address, path.size() + 1) == path;
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT && watching) {
      if (info.exit.is_error && info.exit.rval == -ENOENT) return true;
      watching = false;
    }
  }
  return false;
}

// The race made exact: host A finds no key file and is held right there; host B creates the key and the vault
// (its check record and a token); then A goes on. A must notice that the key exists now and use it: seeing
// B's records without a key is not "the key is missing", it is a lost race.
TEST(FirstStart, AHostThatMissedTheKeyBeingCreatedByAnotherUsesItInsteadOfRefusing) {
  StateDir state;
  std::unique_ptr<HostProcess> a;
  {
    ScopedEnv trace("ZCRM_FAULT_TRACEME", "1");
    a = std::make_unique<HostProcess>(state, ChromiumArgs());
  }
  ASSERT_TRUE(a->Send(TokenStore(1, "1000.from-a", "1000.A")));
  if (!RunUntilOpenFails(a->pid(), (state.path() / "key").string(), std::chrono::seconds(30))) {
    ::kill(a->pid(), SIGKILL);
    FAIL() << "host A never looked for the key file";
  }
  // A is stopped just after its key lookup failed. B starts the vault from scratch meanwhile.
  const Json b = AskOnce(state, TokenStore(2, "1000.from-b", "1000.B"));
  ASSERT_EQ(ErrorCode(b), "") << b;
  ASSERT_TRUE(fs::exists(state.path() / "key"));
  ASSERT_EQ(::ptrace(PTRACE_DETACH, a->pid(), nullptr, 0), 0);

  const Json answer = a->ReadAnswer();
  EXPECT_EQ(ErrorCode(answer), "") << "host A lost the race for the key and refused instead of using it: "
                                   << answer;
  EXPECT_EQ(a->Finish(), 0) << a->Stderr();
  const auto after = AskFresh(state, {Scoped(3, "token.get", "1000.A"), Scoped(4, "token.get", "1000.B")});
  EXPECT_EQ(after[1].value("access_token", ""), "1000.from-b") << "B's vault must be intact: " << after[1];
}
#endif

}  // namespace
}  // namespace zcrm::fault
