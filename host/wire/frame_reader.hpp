// Reads native messaging frames: a 32-bit native-endian length, then that many bytes.
#pragma once

#include <csignal>
#include <cstdint>
#include <string>
#include <string_view>

namespace zcrm::wire {

// The largest real request (a token store) is a few KiB. Browsers may send up to 4 GiB; a bound keeps a
// hostile or buggy caller from making the host allocate that much before anything is validated.
inline constexpr std::uint32_t kMaxInboundFrame = 1024 * 1024;

enum class ReadStatus {
  kFrame,            // body holds one complete frame
  kEndOfStream,      // clean EOF before any header byte
  kTruncatedHeader,  // EOF after 1-3 header bytes
  kTruncatedBody,    // EOF inside the body
  kTooLarge,         // declared length over the limit; nothing of the body was read
  kStopped,          // *stop_flag became non-zero while waiting
  kIoError,          // read() failed with something other than EINTR
};

struct ReadResult {
  ReadStatus status = ReadStatus::kIoError;
  std::string body;
  std::uint32_t declared_length = 0;
};

// One frame from bytes already in memory (a child's captured stdout): kFrame, kEndOfStream when bytes is
// empty, kTruncatedHeader/kTruncatedBody when it ends early, kTooLarge over max_frame. Bytes after the frame
// are ignored.
ReadResult DecodeFrame(std::string_view bytes, std::uint32_t max_frame = kMaxInboundFrame);

class FrameReader {
 public:
  // stop_flag (may be null) is set by a signal handler; EINTR is retried unless it is set.
  explicit FrameReader(int fd, std::uint32_t max_frame = kMaxInboundFrame,
                       const volatile std::sig_atomic_t* stop_flag = nullptr);

  ReadResult Next();

 private:
  int fd_;
  std::uint32_t max_frame_;
  const volatile std::sig_atomic_t* stop_flag_;
};

}  // namespace zcrm::wire
