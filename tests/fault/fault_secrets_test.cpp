// Secrets hygiene of the running host: the token never shows in its stderr, its argv (/proc/<pid>/cmdline),
// its environment (/proc/<pid>/environ), nor in clear in any file it writes or moves (records, damaged
// copies, reset folders); core dumps are off (RLIMIT_CORE 0 and not dumpable) even when the host was started
// with core dumps on; and an answer never echoes a token back in an error message.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fault_support.hpp"

namespace zcrm::fault {
namespace {

std::string ProcFile(pid_t pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string EveryFileUnder(const fs::path& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) all += ReadFile(entry.path());
  }
  return all;
}

// Drops every capability of the calling process (permitted, effective, inheritable). Async-signal-safe.
void DropAllCapabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  ::syscall(SYS_capset, &header, data);
}

// Opens and reads /proc/<pid>/<file> from a child process of the same user without capabilities: 0 when
// readable, else the errno. A process that is not dumpable cannot be read this way even by its own user; a
// dumpable one can. (Root's capabilities let any process be read, and a target that has capabilities the
// reader lacks is refused whether dumpable or not, so the tests give both sides none: see ZCRM_FAULT_NO_CAPS
// in fault_launcher.cpp.)
int OpenAsPlainUser(pid_t pid, const char* file) {
  const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    DropAllCapabilities();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    char byte;
    const bool ok = fd >= 0 && ::read(fd, &byte, 1) >= 0;
    ::_exit(ok ? 0 : (errno > 0 && errno < 255 ? errno : 254));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// "Max core file size" soft and hard limits as /proc/<pid>/limits shows them.
std::string CoreLimits(pid_t pid) {
  std::istringstream lines(ProcFile(pid, "limits"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Max core file size", 0) == 0) {
      std::istringstream fields(line.substr(std::string("Max core file size").size()));
      std::string soft, hard;
      fields >> soft >> hard;
      return soft + " " + hard;
    }
  }
  return "<not found>";
}

TEST(SecretsHygiene, TokenNeverInStderrArgvEnvironmentOrAnyFile) {
  StateDir state;
  const std::string token = "1000." + RandomSecret();
  std::string seen;  // everything a local observer could read besides the answers themselves
  {
    HostProcess host(state, ChromiumArgs());
    ASSERT_EQ(ErrorCode(host.Ask(TokenStore(1, token))), "");
    ASSERT_EQ(host.Ask(Scoped(2, "token.get")).value("access_token", ""), token);
    // A refresh overwrites it: the old record is replaced, not appended to.
    ASSERT_EQ(ErrorCode(host.Ask(TokenStore(3, token, kClient, kDc, "60", "refresh"))), "");
    ASSERT_EQ(ErrorCode(host.Ask(Scoped(4, "token.status"))), "");
    // While it runs and holds the token in memory:
    const std::string cmdline = ProcFile(host.pid(), "cmdline");
    const std::string environ = ProcFile(host.pid(), "environ");
    EXPECT_NE(cmdline.find("chrome-extension://"), std::string::npos) << "/proc/<pid>/cmdline was read";
    EXPECT_EQ(LeakedWindow(cmdline, token), "") << "the token is in argv";
    if (!environ.empty()) {
      EXPECT_NE(environ.find("ZCRM_BRIDGE_HOME="), std::string::npos);
      EXPECT_EQ(LeakedWindow(environ, token), "") << "the token is in the environment";
    }
    EXPECT_EQ(host.Finish(), 0);
    seen += host.Stderr();
  }
  // The CLI's views, a damaged copy and a reset folder are files too.
  for (const std::vector<std::string>& cli : {std::vector<std::string>{"status"}, {"status", "--json"}}) {
    const CliRun run = RunCli(state, cli);
    EXPECT_EQ(run.exit_code, 0);
    seen += run.out + run.err;
  }
  EXPECT_EQ(LeakedWindow(seen, token), "") << "the token is in the host's output or logs";
  std::string files = EveryFileUnder(state.path()) + EveryFileUnder(state.scratch());
  EXPECT_EQ(LeakedWindow(files, token), "") << "the token is in a file in clear";
  {
    HostProcess reset(state, {"reset"});
    reset.ReadToEnd();
    EXPECT_EQ(reset.Finish(), 0) << reset.Stderr();
  }
  files = EveryFileUnder(state.path());
  EXPECT_EQ(LeakedWindow(files, token), "") << "the token is in clear in the reset folder";
}

TEST(SecretsHygiene, CoreDumpsAreOffEvenWhenTheHostIsStartedWithThemOn) {
  StateDir state;
  // A process of ours that is dumpable and has no capabilities: it proves the check below tells the
  // difference.
  // The child says when its capabilities are gone: read before that, a plain user is refused by the
  // capabilities it still has, not by dumpability.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t control = ::fork();
  ASSERT_GE(control, 0);
  if (control == 0) {
    DropAllCapabilities();
    const char done = 1;
    if (::write(ready[1], &done, 1) != 1) ::_exit(1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char done = 0;
  const ssize_t got = ::read(ready[0], &done, 1);
  ::close(ready[0]);
  ASSERT_EQ(got, 1) << "the control process did not get ready";
  const int control_access = OpenAsPlainUser(control, "environ");
  ::kill(control, SIGKILL);
  ::waitpid(control, nullptr, 0);
  ASSERT_EQ(control_access, 0) << "a dumpable process of the same user must be readable; errno "
                               << control_access;

  ScopedEnv core("ZCRM_FAULT_CORE", "1");  // the launcher raises RLIMIT_CORE to its hard limit first
  ScopedEnv no_caps("ZCRM_FAULT_NO_CAPS", "1");
  HostProcess host(state, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(TokenStore(1, "1000." + RandomSecret()))), "");  // it now holds a secret
  EXPECT_EQ(CoreLimits(host.pid()), "0 0") << "RLIMIT_CORE must be 0 (soft and hard)";
  EXPECT_EQ(OpenAsPlainUser(host.pid(), "environ"), EACCES)
      << "the host must not be dumpable (PR_SET_DUMPABLE 0)";
  EXPECT_EQ(OpenAsPlainUser(host.pid(), "mem"), EACCES) << "its memory must not be readable by its own user";
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
}

// An answer goes back to the extension, which hands error messages on to web pages (extension/bg/web-api.js).
// A frame the host cannot parse must not come back with the secret it carried quoted in the message.
TEST(SecretsHygiene, AnErrorAnswerNeverQuotesTheTokenItWasSent) {
  StateDir state;
  const std::string token = "1000." + RandomSecret();
  const std::string start = R"({"id":1,"type":"token.store","client_id":"1000.A","dc":"us","source":"login",)"
                            R"("token":{"expires_in":"3600","access_token":")";
  const std::vector<std::pair<std::string, std::string>> frames = {
      {"a control character inside the token",
       start + token.substr(0, 40) + "\x01" + token.substr(40) + "\"}}"},
      {"invalid UTF-8 inside the token", start + token.substr(0, 40) + "\xc3" + token.substr(40) + "\"}}"},
      {"the frame ends inside the token", start + token},
      {"a space inside the token", start + token.substr(0, 40) + " " + token.substr(40) + "\"}}"},
  };
  HostProcess host(state, ChromiumArgs());
  for (const auto& [what, body] : frames) {
    ASSERT_TRUE(host.WriteRaw(RawFrame(body)));
    const Json answer = host.ReadAnswer();
    EXPECT_NE(ErrorCode(answer), "") << what;
    EXPECT_EQ(LeakedWindow(answer.dump(), token), "") << what << ": the answer quotes the token: " << answer;
  }
  EXPECT_EQ(host.Finish(), 0);
  EXPECT_EQ(LeakedWindow(host.Stderr(), token), "");
}

}  // namespace
}  // namespace zcrm::fault
