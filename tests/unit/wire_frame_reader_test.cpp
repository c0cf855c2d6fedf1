#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <string>
#include <string_view>
#include <thread>

#include "support/pipe.hpp"
#include "support/thread_state.hpp"
#include "wire/frame_reader.hpp"

namespace zcrm::wire {
namespace {

using namespace std::chrono_literals;
using test_support::Frame;
using test_support::g_signalled;
using test_support::Header;
using test_support::Pipe;
using test_support::ScopedInterruptingSignal;
using test_support::ThreadState;
using test_support::WaitFor;

// Upper bound for anything that should finish promptly; past it the test fails instead of hanging.
constexpr auto kDeadline = 5s;

class FrameReaderTest : public ::testing::Test {
 protected:
  // Writer threads in these tests must see EPIPE, not die, if a failing reader closes its end early.
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }

  // Puts `bytes` in the pipe, closes it, and reads one frame.
  ReadResult ReadAfterWriting(std::string_view bytes) {
    EXPECT_TRUE(pipe_.Write(bytes));
    pipe_.CloseWrite();
    return FrameReader(pipe_.read_fd()).Next();
  }

  Pipe pipe_;
};

TEST_F(FrameReaderTest, ReaderReturnsFrameBody) {
  const ReadResult result = ReadAfterWriting(Frame(R"({"id":1,"type":"hello"})"));

  EXPECT_EQ(result.status, ReadStatus::kFrame);
  EXPECT_EQ(result.body, R"({"id":1,"type":"hello"})");
  EXPECT_EQ(result.declared_length, result.body.size());
}

TEST_F(FrameReaderTest, ReaderReturnsFramesSentBackToBackInOrder) {
  ASSERT_TRUE(pipe_.Write(Frame("first") + Frame("second") + Frame("third")));
  pipe_.CloseWrite();
  FrameReader reader(pipe_.read_fd());

  EXPECT_EQ(reader.Next().body, "first");
  EXPECT_EQ(reader.Next().body, "second");
  EXPECT_EQ(reader.Next().body, "third");
  EXPECT_EQ(reader.Next().status, ReadStatus::kEndOfStream);
}

TEST_F(FrameReaderTest, ReaderReassemblesFramesSplitAcrossTinyWrites) {
  const std::string bytes = Frame("split") + Frame("across bytes");
  // One byte per write with a pause in between, so reads see every possible partial header and body.
  std::thread writer([&] {
    for (char byte : bytes) {
      if (!pipe_.Write(std::string_view(&byte, 1))) break;
      std::this_thread::sleep_for(1ms);
    }
    pipe_.CloseWrite();
  });
  FrameReader reader(pipe_.read_fd());

  const ReadResult first = reader.Next();
  const ReadResult second = reader.Next();
  const ReadResult end = reader.Next();
  writer.join();

  EXPECT_EQ(first.status, ReadStatus::kFrame);
  EXPECT_EQ(first.body, "split");
  EXPECT_EQ(second.status, ReadStatus::kFrame);
  EXPECT_EQ(second.body, "across bytes");
  EXPECT_EQ(end.status, ReadStatus::kEndOfStream);
}

TEST_F(FrameReaderTest, ReaderReportsEndOfStreamWhenEofBeforeHeader) {
  EXPECT_EQ(ReadAfterWriting("").status, ReadStatus::kEndOfStream);
}

class FrameReaderTruncatedHeaderTest : public FrameReaderTest, public ::testing::WithParamInterface<int> {};

TEST_P(FrameReaderTruncatedHeaderTest, ReaderReportsTruncatedHeaderWhenEofInsideLength) {
  const std::string header = Header(5);
  const ReadResult result = ReadAfterWriting(std::string_view(header).substr(0, GetParam()));

  EXPECT_EQ(result.status, ReadStatus::kTruncatedHeader);
  EXPECT_TRUE(result.body.empty());
}

INSTANTIATE_TEST_SUITE_P(OneTwoOrThreeBytes, FrameReaderTruncatedHeaderTest, ::testing::Values(1, 2, 3));

TEST_F(FrameReaderTest, ReaderReturnsEmptyFrameForZeroLengthAndStaysInStep) {
  ASSERT_TRUE(pipe_.Write(Header(0) + Frame("next")));
  pipe_.CloseWrite();
  FrameReader reader(pipe_.read_fd());

  const ReadResult empty = reader.Next();
  EXPECT_EQ(empty.status, ReadStatus::kFrame);
  EXPECT_TRUE(empty.body.empty());
  EXPECT_EQ(empty.declared_length, 0u);
  EXPECT_EQ(reader.Next().body, "next");
}

TEST_F(FrameReaderTest, ReaderAcceptsFrameOfExactlyTheLimit) {
  const std::string body(kMaxInboundFrame, 'x');
  // The frame is far larger than a pipe buffer, so it has to be fed while the reader drains it.
  std::thread writer([&] {
    pipe_.Write(Frame(body));
    pipe_.CloseWrite();
  });
  FrameReader reader(pipe_.read_fd());

  const ReadResult result = reader.Next();
  pipe_.CloseRead();  // unblocks the writer if the reader stopped early
  writer.join();

  EXPECT_EQ(result.status, ReadStatus::kFrame);
  EXPECT_EQ(result.declared_length, kMaxInboundFrame);
  EXPECT_TRUE(result.body == body);  // not EXPECT_EQ: a failure would print a megabyte
}

TEST_F(FrameReaderTest, ReaderRejectsLengthOneOverLimitWithoutReadingBody) {
  const ReadResult result = ReadAfterWriting(Header(kMaxInboundFrame + 1) + "body bytes");

  EXPECT_EQ(result.status, ReadStatus::kTooLarge);
  EXPECT_EQ(result.declared_length, kMaxInboundFrame + 1);
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(pipe_.ReadRemaining(), "body bytes");
}

TEST_F(FrameReaderTest, ReaderRejectsMaximumU32LengthWithoutReadingBody) {
  const ReadResult result = ReadAfterWriting(Header(0xFFFFFFFFu) + "body bytes");

  EXPECT_EQ(result.status, ReadStatus::kTooLarge);
  EXPECT_EQ(result.declared_length, 0xFFFFFFFFu);
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(pipe_.ReadRemaining(), "body bytes");
}

TEST_F(FrameReaderTest, ReaderAppliesConfiguredLimit) {
  constexpr std::uint32_t kSmallLimit = 8;
  ASSERT_TRUE(pipe_.Write(Frame("12345678") + Frame("123456789")));
  pipe_.CloseWrite();
  FrameReader reader(pipe_.read_fd(), kSmallLimit);

  EXPECT_EQ(reader.Next().status, ReadStatus::kFrame);
  EXPECT_EQ(reader.Next().status, ReadStatus::kTooLarge);
}

TEST_F(FrameReaderTest, ReaderReportsTruncatedBodyWhenEofInsideBody) {
  const ReadResult result = ReadAfterWriting(Header(10) + "short");

  EXPECT_EQ(result.status, ReadStatus::kTruncatedBody);
  EXPECT_EQ(result.declared_length, 10u);
  EXPECT_TRUE(result.body.empty());
}

TEST_F(FrameReaderTest, ReaderReportsIoErrorWhenReadFails) {
  // The write end of a pipe cannot be read: read() fails with EBADF.
  EXPECT_EQ(FrameReader(pipe_.write_fd()).Next().status, ReadStatus::kIoError);
}

TEST_F(FrameReaderTest, ReaderReturnsStoppedWhenSignalInterruptsReadWithStopFlagSet) {
  ScopedInterruptingSignal interrupting;
  std::atomic<bool> done{false};
  test_support::ThreadId tid{0};
  ReadResult result;
  std::thread reader_thread([&] {
    test_support::PublishThreadId(tid);
    result = FrameReader(pipe_.read_fd(), kMaxInboundFrame, &g_signalled).Next();
    done = true;
  });

  EXPECT_TRUE(WaitFor([&] { return tid != 0 && ThreadState(tid) == 'S'; }, kDeadline)) << "never blocked";
  // A signal could land just before the thread enters read(); keep signalling until the reader gives up.
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    ::pthread_kill(reader_thread.native_handle(), SIGUSR1);
    std::this_thread::sleep_for(5ms);
  }
  pipe_.CloseWrite();  // unblocks the reader if the signal did not
  reader_thread.join();

  EXPECT_EQ(result.status, ReadStatus::kStopped);
}

TEST_F(FrameReaderTest, ReaderRetriesInterruptedReadWhenStopFlagIsClear) {
  ScopedInterruptingSignal interrupting;
  const volatile std::sig_atomic_t never_stop = 0;
  std::atomic<bool> done{false};
  test_support::ThreadId tid{0};
  ReadResult result;
  std::thread reader_thread([&] {
    test_support::PublishThreadId(tid);
    result = FrameReader(pipe_.read_fd(), kMaxInboundFrame, &never_stop).Next();
    done = true;
  });

  const auto blocked = [&] { return done || (tid != 0 && ThreadState(tid) == 'S'); };
  bool returned_early = false;
  int handled = 0;
  for (int i = 0; i < 3 && !returned_early && WaitFor(blocked, kDeadline); ++i) {
    // Each signal is handled (the flag goes up) and the reader either reads again (blocks) or returns.
    g_signalled = 0;
    ::pthread_kill(reader_thread.native_handle(), SIGUSR1);
    if (WaitFor([&] { return g_signalled == 1; }, kDeadline) && WaitFor(blocked, kDeadline)) ++handled;
    returned_early = done;
  }
  pipe_.Write(Frame("after signals"));
  reader_thread.join();

  EXPECT_EQ(handled, 3);
  EXPECT_FALSE(returned_early);
  EXPECT_EQ(result.status, ReadStatus::kFrame);
  EXPECT_EQ(result.body, "after signals");
}

TEST_F(FrameReaderTest, ReaderReturnsStoppedWithoutReadingWhenStopFlagAlreadySet) {
  const volatile std::sig_atomic_t stop = 1;
  ASSERT_TRUE(pipe_.Write(Frame("unread")));
  pipe_.CloseWrite();

  EXPECT_EQ(FrameReader(pipe_.read_fd(), kMaxInboundFrame, &stop).Next().status, ReadStatus::kStopped);
  EXPECT_EQ(pipe_.ReadRemaining(), Frame("unread"));
}

}  // namespace
}  // namespace zcrm::wire
