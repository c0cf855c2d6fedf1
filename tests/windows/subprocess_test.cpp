// process::Run on Windows (host/process/windows/subprocess.cpp) against a real child program
// (subprocess_child.exe, built next to this test): pipes, bounds, exit codes, the deadline, quoting.
#include "process/subprocess.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "store/windows/windows_api.hpp"

namespace zcrm::process {
namespace {

std::string Child() {
  wchar_t self[MAX_PATH];
  ::GetModuleFileNameW(nullptr, self, MAX_PATH);
  return (std::filesystem::path(self).parent_path() / "subprocess_child.exe").string();
}

std::span<const std::uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(WindowsSubprocess, CapturesStdoutAndStderrAndFeedsStdin) {
  const std::string input = "fed through stdin";
  Command command;
  command.argv = {Child(), "echo"};
  command.input = Bytes(input);
  const Outcome outcome = process::Run(command);
  EXPECT_TRUE(outcome.Exited(0)) << outcome.start_errno;
  EXPECT_EQ(outcome.stdout_text, input);
  EXPECT_EQ(outcome.stderr_text, "to stderr");
  EXPECT_FALSE(outcome.input_refused);
}

TEST(WindowsSubprocess, ReportsTheChildsExitCode) {
  Command command;
  command.argv = {Child(), "exit", "7"};
  EXPECT_TRUE(process::Run(command).Exited(7));
}

TEST(WindowsSubprocess, KillsAChildThatHangsAtTheDeadline) {
  Command command;
  command.argv = {Child(), "hang"};
  command.deadline = std::chrono::milliseconds(300);
  const Outcome outcome = process::Run(command);
  EXPECT_EQ(outcome.ending, Ending::kTimedOut);
}

TEST(WindowsSubprocess, KeepsStdoutWithinItsBoundAndCountsTheRest) {
  Command command;
  command.argv = {Child(), "flood", "200000"};
  command.max_stdout = 1000;
  const Outcome outcome = process::Run(command);
  EXPECT_TRUE(outcome.Exited(0));
  EXPECT_EQ(outcome.stdout_text, std::string(1000, 'x'));
  EXPECT_TRUE(outcome.stdout_truncated);
  EXPECT_EQ(outcome.stdout_bytes, 200000u);
}

TEST(WindowsSubprocess, PassesArgumentsWithSpacesQuotesAndBackslashesIntact) {
  Command command;
  command.argv = {Child(), "args", "two words", "say \"hi\"", "C:\\dir with space\\", "", "a\\\\b"};
  const Outcome outcome = process::Run(command);
  EXPECT_TRUE(outcome.Exited(0));
  EXPECT_EQ(outcome.stdout_text, "two words\nsay \"hi\"\nC:\\dir with space\\\n\na\\\\b\n");
}

TEST(WindowsSubprocess, AMissingProgramIsNotStartedWithEnoent) {
  Command command;
  command.argv = {Child() + ".missing.exe"};
  const Outcome outcome = process::Run(command);
  EXPECT_EQ(outcome.ending, Ending::kNotStarted);
  EXPECT_EQ(outcome.start_errno, ENOENT);
}

}  // namespace
}  // namespace zcrm::process
