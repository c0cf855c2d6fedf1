#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "support/pipe.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

namespace zcrm::wire {
namespace {

using namespace std::chrono_literals;
using test_support::Header;
using test_support::Pipe;
using test_support::ScopedInterruptingSignal;

class FrameWriterTest : public ::testing::Test {
 protected:
  // The host ignores SIGPIPE; so must the tests, or writing to a closed pipe would kill the test binary.
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }

  Pipe pipe_;
};

TEST_F(FrameWriterTest, WriterPrefixesBodyWithNativeEndianLength) {
  EXPECT_EQ(FrameWriter(pipe_.write_fd()).Write(R"({"id":1,"ok":true})"), WriteStatus::kOk);
  pipe_.CloseWrite();

  EXPECT_EQ(pipe_.ReadRemaining(), Header(18) + R"({"id":1,"ok":true})");
}

TEST_F(FrameWriterTest, WriterFramesRoundTripThroughReader) {
  const std::string bodies[] = {R"({"id":1})", "", "UTF-8: \xC3\xA9\xE2\x82\xAC", std::string(1000, 'j')};
  FrameWriter writer(pipe_.write_fd());
  for (const std::string& body : bodies) ASSERT_EQ(writer.Write(body), WriteStatus::kOk);
  pipe_.CloseWrite();

  FrameReader reader(pipe_.read_fd());
  for (const std::string& body : bodies) {
    const ReadResult result = reader.Next();
    EXPECT_EQ(result.status, ReadStatus::kFrame);
    EXPECT_EQ(result.body, body);
  }
  EXPECT_EQ(reader.Next().status, ReadStatus::kEndOfStream);
}

TEST_F(FrameWriterTest, WriterAcceptsFrameOfExactlyTheLimit) {
  const std::string body(kMaxOutboundFrame, 'x');
  ReadResult received;
  // The frame is far larger than a pipe buffer, so something must drain it while it is written.
  std::thread reader([&] { received = FrameReader(pipe_.read_fd()).Next(); });

  const WriteStatus status = FrameWriter(pipe_.write_fd()).Write(body);
  pipe_.CloseWrite();  // unblocks the reader if the write stopped early
  reader.join();

  EXPECT_EQ(status, WriteStatus::kOk);
  EXPECT_EQ(received.status, ReadStatus::kFrame);
  EXPECT_TRUE(received.body == body);  // not EXPECT_EQ: a failure would print a megabyte
}

TEST_F(FrameWriterTest, WriterRefusesFrameOverLimitAndWritesNothing) {
  const std::string body(kMaxOutboundFrame + 1, 'x');

  EXPECT_EQ(FrameWriter(pipe_.write_fd()).Write(body), WriteStatus::kTooLarge);
  pipe_.CloseWrite();
  EXPECT_EQ(pipe_.ReadRemaining(), "");
}

TEST_F(FrameWriterTest, WriterReportsClosedWhenReaderHasGone) {
  pipe_.CloseRead();

  EXPECT_EQ(FrameWriter(pipe_.write_fd()).Write("{}"), WriteStatus::kClosed);
}

TEST_F(FrameWriterTest, WriterReportsIoErrorWhenWriteFails) {
  // The read end of a pipe cannot be written: write() fails with EBADF.
  EXPECT_EQ(FrameWriter(pipe_.read_fd()).Write("{}"), WriteStatus::kIoError);
}

TEST_F(FrameWriterTest, WriterCompletesFrameWhenSignalsCutWritesShort) {
  ScopedInterruptingSignal interrupting;
  std::string body(kMaxOutboundFrame, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  std::atomic<bool> done{false};
  WriteStatus status = WriteStatus::kIoError;
  std::thread writer([&] {
    status = FrameWriter(pipe_.write_fd()).Write(body);
    done = true;
    pipe_.CloseWrite();  // lets the drain below see EOF even if the write stopped early
  });

  // Drain slowly and signal the writer between reads: each signal makes a blocked write() return a short
  // count (or EINTR if nothing was written yet), which the writer must resume from exactly where it stopped.
  std::string received;
  char buffer[4096];
  while (received.size() < sizeof(std::uint32_t) + body.size()) {
    if (!done) ::pthread_kill(writer.native_handle(), SIGUSR1);
    const ssize_t n = ::read(pipe_.read_fd(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  writer.join();

  EXPECT_EQ(status, WriteStatus::kOk);
  EXPECT_TRUE(received ==
              Header(kMaxOutboundFrame) + body);  // not EXPECT_EQ: a failure would print a megabyte
}

}  // namespace
}  // namespace zcrm::wire
