#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "wire/stdout_guard.hpp"

namespace zcrm::wire {
namespace {

// Reserving rewires fds 1 and 2 of the whole test binary, so each test points them at pipes first and puts
// the originals back before making any assertion (a failure message printed in between would vanish into a
// pipe).
class StdoutGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FlushStreams();
    saved_stdout_ = ::dup(STDOUT_FILENO);
    saved_stderr_ = ::dup(STDERR_FILENO);
    ASSERT_GE(saved_stdout_, 0);
    ASSERT_GE(saved_stderr_, 0);
    ASSERT_EQ(::pipe(stdout_pipe_), 0);
    ASSERT_EQ(::pipe(stderr_pipe_), 0);
    ASSERT_GE(::dup2(stdout_pipe_[1], STDOUT_FILENO), 0);
    ASSERT_GE(::dup2(stderr_pipe_[1], STDERR_FILENO), 0);
  }

  void TearDown() override {
    RestoreStreams();
    CloseFd(stdout_pipe_[0]);
    CloseFd(stderr_pipe_[0]);
  }

  // Puts the test runner's own stdout and stderr back and closes every write end, so the pipes reach EOF.
  void RestoreStreams() {
    if (saved_stdout_ < 0 && saved_stderr_ < 0) return;
    FlushStreams();
    if (saved_stdout_ >= 0) ::dup2(saved_stdout_, STDOUT_FILENO);
    if (saved_stderr_ >= 0) ::dup2(saved_stderr_, STDERR_FILENO);
    CloseFd(saved_stdout_);
    CloseFd(saved_stderr_);
    CloseFd(stdout_pipe_[1]);
    CloseFd(stderr_pipe_[1]);
    CloseFd(frames_fd_);
  }

  static void FlushStreams() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
  }

  static std::string ReadAll(int fd) {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

  static void CloseFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  int saved_stdout_ = -1;
  int saved_stderr_ = -1;
  int stdout_pipe_[2] = {-1, -1};
  int stderr_pipe_[2] = {-1, -1};
  int frames_fd_ = -1;
};

TEST_F(StdoutGuardTest, StrayOutputGoesToStderrAfterReserving) {
  frames_fd_ = ReserveStdoutForFrames();
  const bool reserved = frames_fd_ >= 0;
  std::printf("printf;");
  std::fflush(stdout);
  std::cout << "cout;" << std::flush;
  const bool wrote = ::write(STDOUT_FILENO, "write;", 6) == 6;
  RestoreStreams();

  ASSERT_TRUE(reserved);
  EXPECT_TRUE(wrote);
  EXPECT_EQ(ReadAll(stderr_pipe_[0]), "printf;cout;write;");
  EXPECT_EQ(ReadAll(stdout_pipe_[0]), "");
}

TEST_F(StdoutGuardTest, ReservedDescriptorReachesOriginalStdout) {
  frames_fd_ = ReserveStdoutForFrames();
  const bool reserved = frames_fd_ >= 0;
  const bool wrote = reserved && ::write(frames_fd_, "frame", 5) == 5;
  RestoreStreams();

  ASSERT_TRUE(reserved);
  EXPECT_TRUE(wrote);
  EXPECT_EQ(ReadAll(stdout_pipe_[0]), "frame");
  EXPECT_EQ(ReadAll(stderr_pipe_[0]), "");
}

TEST_F(StdoutGuardTest, ReservedDescriptorIsCloseOnExec) {
  frames_fd_ = ReserveStdoutForFrames();
  const int flags = frames_fd_ >= 0 ? ::fcntl(frames_fd_, F_GETFD) : -1;
  RestoreStreams();

  ASSERT_GE(flags, 0);
  EXPECT_TRUE(flags & FD_CLOEXEC);
}

TEST_F(StdoutGuardTest, ReservedDescriptorAvoidsStandardDescriptorsEvenWhenStdinIsClosed) {
  // A browser may start the host with stdin already closed; a plain dup() would then hand back fd 0.
  const int saved_stdin = ::dup(STDIN_FILENO);
  ASSERT_GE(saved_stdin, 0);
  ::close(STDIN_FILENO);
  frames_fd_ = ReserveStdoutForFrames();
  const int reserved = frames_fd_;
  ::dup2(saved_stdin, STDIN_FILENO);
  ::close(saved_stdin);
  RestoreStreams();

  EXPECT_GT(reserved, STDERR_FILENO);
}

}  // namespace
}  // namespace zcrm::wire
