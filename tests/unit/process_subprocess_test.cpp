// process::Run, the one way the host starts a helper program: each way a child can misbehave ends in a typed
// outcome the caller can act on, within the deadline, and never harms the caller. The children are /bin/sh
// one-liners that misbehave on purpose.
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "process/subprocess.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::process {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

Command Shell(const std::string& script) {
  Command command;
  command.argv = {"/bin/sh", "-c", script};
  command.deadline = 5000ms;
  return command;
}

std::span<const std::uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(Subprocess, AChildThatExitsIsSeenWithItsExitCodeAndOutput) {
  const Outcome outcome = process::Run(Shell("echo out; echo err >&2; exit 0"));
  EXPECT_TRUE(outcome.Exited(0));
  EXPECT_EQ(outcome.stdout_text, "out\n");
  EXPECT_EQ(outcome.stderr_text, "err\n");
  EXPECT_EQ(outcome.stdout_bytes, 4u);
}

TEST(Subprocess, ANonZeroExitIsReportedAsThatCode) {
  const Outcome outcome = process::Run(Shell("exit 7"));
  EXPECT_EQ(outcome.ending, Ending::kExited);
  EXPECT_EQ(outcome.exit_code, 7);
  EXPECT_FALSE(outcome.Exited(0));
}

TEST(Subprocess, AChildStillRunningAtTheDeadlineIsKilledInTime) {
  Command command = Shell("exec sleep 30");
  command.deadline = 200ms;
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = process::Run(command);
  EXPECT_EQ(outcome.ending, Ending::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(Subprocess, AChildThatClosesItsOutputButKeepsRunningIsKilledAtTheDeadline) {
  Command command = Shell("exec >&- 2>&-; sleep 30");
  command.deadline = 200ms;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(process::Run(command).ending, Ending::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(Subprocess, OutputOverTheBoundIsCutAndTheChildStillFinishes) {
  Command command = Shell("head -c 100000 /dev/zero; head -c 100000 /dev/zero >&2");
  command.max_stdout = 1000;
  command.max_stderr = 10;
  const Outcome outcome = process::Run(command);
  EXPECT_TRUE(outcome.Exited(0));  // drained, so it never blocked on a full pipe
  EXPECT_EQ(outcome.stdout_text.size(), 1000u);
  EXPECT_EQ(outcome.stderr_text.size(), 10u);
  EXPECT_EQ(outcome.stdout_bytes, 100000u);
  EXPECT_TRUE(outcome.stdout_truncated);
  EXPECT_TRUE(outcome.stderr_truncated);
}

TEST(Subprocess, StdoutIntoCallerMemoryFillsItAndCountsTheRest) {
  std::vector<std::uint8_t> key(4);
  Command command = Shell("printf abcdef");
  command.stdout_into = key;
  const Outcome outcome = process::Run(command);
  EXPECT_EQ(std::string(key.begin(), key.end()), "abcd");
  EXPECT_TRUE(outcome.stdout_text.empty());
  EXPECT_EQ(outcome.stdout_bytes, 6u);
  EXPECT_TRUE(outcome.stdout_truncated);
}

TEST(Subprocess, AMissingProgramIsNotStartedWithEnoent) {
  Command command;
  command.argv = {"/nonexistent/zcrm-no-such-program"};
  const Outcome outcome = process::Run(command);
  EXPECT_EQ(outcome.ending, Ending::kNotStarted);
  EXPECT_EQ(outcome.start_errno, ENOENT);
}

TEST(Subprocess, AProgramNameIsNotLookedUpInThePath) {
  Command command;
  command.argv = {"sh", "-c", "exit 0"};
  EXPECT_EQ(process::Run(command).ending, Ending::kNotStarted);
}

TEST(Subprocess, EmptyArgvIsNotStarted) {
  const Outcome outcome = process::Run(Command{});
  EXPECT_EQ(outcome.ending, Ending::kNotStarted);
  EXPECT_EQ(outcome.start_errno, EINVAL);
}

TEST(Subprocess, TheInputReachesStdinAndStdinIsThenClosed) {
  const std::string input = "secret bytes";
  Command command = Shell("cat");
  command.input = Bytes(input);
  const Outcome outcome = process::Run(command);
  EXPECT_TRUE(outcome.Exited(0));  // cat ended: it saw end of input
  EXPECT_EQ(outcome.stdout_text, input);
  EXPECT_FALSE(outcome.input_refused);
}

TEST(Subprocess, AChildClosingStdinEarlyIsReportedAndDoesNotKillTheCaller) {
  const std::string input(1 << 20, 'x');  // far more than a pipe holds
  Command command = Shell("exec <&-; sleep 0.1; exit 3");
  command.input = Bytes(input);
  const Outcome outcome = process::Run(command);  // a SIGPIPE here would end the test binary
  EXPECT_TRUE(outcome.Exited(3));
  EXPECT_TRUE(outcome.input_refused);
}

TEST(Subprocess, AChildKilledByASignalIsSignalled) {
  const Outcome outcome = process::Run(Shell("kill -TERM $$"));
  EXPECT_EQ(outcome.ending, Ending::kSignalled);
  EXPECT_EQ(outcome.signal, SIGTERM);
}

TEST(Subprocess, TheEnvironmentIsExactlyTheOneGiven) {
  Command command = Shell("echo \"[$ZCRM_SUBPROCESS_TEST][$HOME]\"");
  command.env = std::vector<std::string>{"ZCRM_SUBPROCESS_TEST=given"};
  EXPECT_EQ(process::Run(command).stdout_text, "[given][]\n");
}

TEST(Subprocess, TheChildStartsInTheWorkingFolderGiven) {
  const fs::path dir = test_support::MakeTempDir(test_support::UnderTempDir("zcrm-subprocess"));
  Command command = Shell("pwd -P");
  command.working_dir = dir;
  const Outcome outcome = process::Run(command);
  test_support::RemoveTree(dir);
  EXPECT_EQ(outcome.stdout_text,
            fs::canonical(dir.parent_path()).string() + "/" + dir.filename().string() + "\n");
}

}  // namespace
}  // namespace zcrm::process
