#include "wire/frame_writer.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "wire/raw_io.hpp"

namespace zcrm::wire {
namespace {

// The length prefix is a u32 in native byte order (docs/PROTOCOL.md, "Framing").
constexpr std::size_t kHeaderSize = sizeof(std::uint32_t);

static_assert(kMaxOutboundFrame <= UINT32_MAX, "the length must fit the u32 header");

}  // namespace

FrameWriter::FrameWriter(int fd) : fd_(fd) {}

std::optional<std::string> EncodeFrame(std::string_view body) {
  if (body.size() > kMaxOutboundFrame) return std::nullopt;
  const auto length = static_cast<std::uint32_t>(body.size());
  char header[kHeaderSize];
  std::memcpy(header, &length, kHeaderSize);
  std::string frame;
  frame.reserve(kHeaderSize + body.size());
  frame.append(header, kHeaderSize);
  frame.append(body);
  return frame;
}

WriteStatus FrameWriter::Write(std::string_view body) {
  // Refused before anything is written: a browser closes the port on an oversized frame, and a header without
  // its body would leave the stream out of step.
  // Header and body go out from one buffer so a frame normally leaves in a single write() and never appears
  // as a lone header. Copying at most 1 MiB per answer costs nothing next to the JSON work that produced it.
  const std::optional<std::string> encoded = EncodeFrame(body);
  if (!encoded) return WriteStatus::kTooLarge;
  const std::string& frame = *encoded;

  std::size_t sent = 0;
  while (sent < frame.size()) {
    const std::ptrdiff_t n = WriteSome(fd_, frame.data() + sent, frame.size() - sent);
    if (n > 0) {
      // A signal or a full pipe may cut a write short; continue where it stopped.
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // The host ignores SIGPIPE, so a browser that went away shows up here as EPIPE rather than killing us.
    if (n < 0 && errno == EPIPE) return WriteStatus::kClosed;
    // write() returning 0 for a non-empty buffer makes no progress; treat it as an error rather than spin.
    return WriteStatus::kIoError;
  }
  return WriteStatus::kOk;
}

}  // namespace zcrm::wire
