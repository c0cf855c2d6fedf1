// wire::EncodeFrame and wire::DecodeFrame: frames built and read in memory, for a child's stdin and captured
// stdout (the doctor's hello probe) and for tests. They must agree byte for byte with
// FrameWriter/FrameReader.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "support/pipe.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

namespace zcrm::wire {
namespace {

using test_support::Header;

TEST(FrameCodec, EncodeWritesTheSameBytesAsTheWriter) {
  test_support::Pipe pipe;
  ASSERT_EQ(FrameWriter(pipe.write_fd()).Write(R"({"ok":true})"), WriteStatus::kOk);
  pipe.CloseWrite();
  EXPECT_EQ(EncodeFrame(R"({"ok":true})"), pipe.ReadRemaining());
}

TEST(FrameCodec, EncodeRefusesABodyOverTheOutboundLimit) {
  EXPECT_FALSE(EncodeFrame(std::string(kMaxOutboundFrame + 1, 'x')));
  EXPECT_TRUE(EncodeFrame(std::string(kMaxOutboundFrame, 'x')));
}

TEST(FrameCodec, DecodeReadsTheFirstFrameAndIgnoresWhatFollows) {
  const ReadResult r = DecodeFrame(*EncodeFrame("first") + *EncodeFrame("second"));
  EXPECT_EQ(r.status, ReadStatus::kFrame);
  EXPECT_EQ(r.body, "first");
}

TEST(FrameCodec, DecodeOfNothingIsEndOfStream) {
  EXPECT_EQ(DecodeFrame("").status, ReadStatus::kEndOfStream);
}

TEST(FrameCodec, DecodeOfAPartialHeaderIsATruncatedHeader) {
  EXPECT_EQ(DecodeFrame(Header(5).substr(0, 2)).status, ReadStatus::kTruncatedHeader);
}

TEST(FrameCodec, DecodeOfAShortBodyIsTruncatedAndSaysTheAnnouncedLength) {
  const ReadResult r = DecodeFrame(Header(10) + "abc");
  EXPECT_EQ(r.status, ReadStatus::kTruncatedBody);
  EXPECT_EQ(r.declared_length, 10u);
  EXPECT_TRUE(r.body.empty());
}

TEST(FrameCodec, DecodeRefusesALengthOverTheLimitItIsGiven) {
  const ReadResult r = DecodeFrame(Header(9) + "123456789", 8);
  EXPECT_EQ(r.status, ReadStatus::kTooLarge);
  EXPECT_EQ(r.declared_length, 9u);
  EXPECT_EQ(DecodeFrame(Header(8) + "12345678", 8).status, ReadStatus::kFrame);
}

TEST(FrameCodec, PlainTextIsNotAFrame) {
  // "star" read as a length is far over 1 MiB: what the hello probe sees when a host prints text to stdout.
  EXPECT_EQ(DecodeFrame("starting up...\n").status, ReadStatus::kTooLarge);
}

}  // namespace
}  // namespace zcrm::wire
