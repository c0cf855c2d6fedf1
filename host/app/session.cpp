#include "app/session.hpp"

#include <unistd.h>

#include <cstdio>

#include "app/answer.hpp"
#include "error/host_error.hpp"
#include "protocol/response.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"
#include "wire/stdout_guard.hpp"

namespace zcrm::app {
namespace {

constexpr int kExitOutOfStep = 2;

// The stream is out of step: say why if the pipe still takes it, then stop.
int Abandon(wire::FrameWriter& writer, ErrorCode code, const std::string& message) {
  writer.Write(protocol::ErrorResponse(nullptr, HostError(code, message)));
  std::fprintf(stderr, "zcrm-bridge: %s\n", message.c_str());
  return kExitOutOfStep;
}

}  // namespace

int RunNativeMessaging(const std::vector<std::string>& args, const volatile std::sig_atomic_t* stop_flag) {
  const int frame_fd = wire::ReserveStdoutForFrames();
  if (frame_fd < 0) {
    std::perror("zcrm-bridge: cannot reserve stdout for frames");
    return 1;
  }
  wire::FrameReader reader(STDIN_FILENO, wire::kMaxInboundFrame, stop_flag);
  wire::FrameWriter writer(frame_fd);
  Responder responder(CallerFromArgs(args), StateDir());

  for (;;) {
    auto frame = reader.Next();
    switch (frame.status) {
      case wire::ReadStatus::kFrame:
        if (writer.Write(responder.Answer(frame.body)) != wire::WriteStatus::kOk) return 0;
        break;
      case wire::ReadStatus::kEndOfStream:
      case wire::ReadStatus::kStopped:
        return 0;
      case wire::ReadStatus::kTruncatedHeader:
        return Abandon(writer, ErrorCode::kBadFrame, "The input ended inside a frame header.");
      case wire::ReadStatus::kTruncatedBody:
        return Abandon(
            writer, ErrorCode::kBadFrame,
            "The input ended inside a frame of " + std::to_string(frame.declared_length) + " bytes.");
      case wire::ReadStatus::kTooLarge:
        return Abandon(
            writer, ErrorCode::kFrameTooLarge,
            "A frame of " + std::to_string(frame.declared_length) + " bytes is over the 1 MiB limit.");
      case wire::ReadStatus::kIoError:
        return Abandon(writer, ErrorCode::kBadFrame, "Reading the input failed.");
    }
  }
}

}  // namespace zcrm::app
