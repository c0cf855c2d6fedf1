// Writes native messaging frames; never more than a browser accepts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace zcrm::wire {

// Chromium (kMaximumNativeMessageSize) and Firefox close the port on any host message over 1 MiB.
inline constexpr std::size_t kMaxOutboundFrame = 1024 * 1024;

enum class WriteStatus {
  kOk,
  kTooLarge,  // nothing was written
  kClosed,    // the reader went away (EPIPE)
  kIoError,
};

// Header and body as one string (a request fed to a child's stdin); nullopt over kMaxOutboundFrame.
std::optional<std::string> EncodeFrame(std::string_view body);

class FrameWriter {
 public:
  explicit FrameWriter(int fd);
  // Writes header and body completely (retrying short writes and EINTR) or reports why not.
  WriteStatus Write(std::string_view body);

 private:
  int fd_;
};

}  // namespace zcrm::wire
