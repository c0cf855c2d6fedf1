#include "wire/frame_reader.hpp"

#include <cerrno>
#include <cstddef>
#include <cstring>

#include "wire/raw_io.hpp"

namespace zcrm::wire {
namespace {

// The length prefix is a u32 in native byte order (docs/PROTOCOL.md, "Framing").
constexpr std::size_t kHeaderSize = sizeof(std::uint32_t);

enum class FillOutcome {
  kFull,     // all requested bytes arrived
  kEof,      // the writer closed first; `got` says how far we came
  kStopped,  // interrupted by a signal that asked us to stop
  kError,    // read() failed; errno is set
};

struct Fill {
  FillOutcome outcome;
  std::size_t got;
};

// Reads exactly `size` bytes unless EOF, an error or a stop request comes first. Pipes deliver whatever the
// browser has written so far, so a single read() may return any part of a header or body.
Fill ReadFully(int fd, char* data, std::size_t size, const volatile std::sig_atomic_t* stop_flag) {
  std::size_t got = 0;
  while (got < size) {
    const std::ptrdiff_t n = ReadSome(fd, data + got, size - got);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return {FillOutcome::kEof, got};
    if (errno != EINTR) return {FillOutcome::kError, got};
    // A signal without SA_RESTART woke us; only the signal handler knows whether it was a request to stop.
    if (stop_flag != nullptr && *stop_flag != 0) return {FillOutcome::kStopped, got};
  }
  return {FillOutcome::kFull, got};
}

ReadResult WithStatus(ReadStatus status) {
  ReadResult result;
  result.status = status;
  return result;
}

}  // namespace

ReadResult DecodeFrame(std::string_view bytes, std::uint32_t max_frame) {
  if (bytes.empty()) return WithStatus(ReadStatus::kEndOfStream);
  if (bytes.size() < kHeaderSize) return WithStatus(ReadStatus::kTruncatedHeader);
  ReadResult result;
  std::memcpy(&result.declared_length, bytes.data(), kHeaderSize);
  if (result.declared_length > max_frame) {
    result.status = ReadStatus::kTooLarge;
  } else if (bytes.size() - kHeaderSize < result.declared_length) {
    result.status = ReadStatus::kTruncatedBody;
  } else {
    result.status = ReadStatus::kFrame;
    result.body.assign(bytes.substr(kHeaderSize, result.declared_length));
  }
  return result;
}

FrameReader::FrameReader(int fd, std::uint32_t max_frame, const volatile std::sig_atomic_t* stop_flag)
    : fd_(fd), max_frame_(max_frame), stop_flag_(stop_flag) {}

ReadResult FrameReader::Next() {
  // A stop request that arrived while the previous frame was being handled consumed its signal already;
  // without this check the next read() would block until the browser closed the pipe.
  if (stop_flag_ != nullptr && *stop_flag_ != 0) return WithStatus(ReadStatus::kStopped);

  char header[kHeaderSize];
  const Fill header_fill = ReadFully(fd_, header, kHeaderSize, stop_flag_);
  switch (header_fill.outcome) {
    case FillOutcome::kFull:
      break;
    case FillOutcome::kEof:
      // No header byte at all is the browser's normal way to say "done"; a partial one means a broken stream.
      return WithStatus(header_fill.got == 0 ? ReadStatus::kEndOfStream : ReadStatus::kTruncatedHeader);
    case FillOutcome::kStopped:
      return WithStatus(ReadStatus::kStopped);
    case FillOutcome::kError:
      return WithStatus(ReadStatus::kIoError);
  }

  ReadResult result;
  std::memcpy(&result.declared_length, header, kHeaderSize);
  if (result.declared_length > max_frame_) {
    // Checked before allocating or reading anything of the body: the length is untrusted input.
    result.status = ReadStatus::kTooLarge;
    return result;
  }

  // The limit above bounds this allocation, so sizing the buffer up front is safe.
  result.body.resize(result.declared_length);
  const Fill body_fill = ReadFully(fd_, result.body.data(), result.body.size(), stop_flag_);
  switch (body_fill.outcome) {
    case FillOutcome::kFull:
      result.status = ReadStatus::kFrame;
      return result;
    case FillOutcome::kEof:
      result.status = ReadStatus::kTruncatedBody;
      break;
    case FillOutcome::kStopped:
      result.status = ReadStatus::kStopped;
      break;
    case FillOutcome::kError:
      result.status = ReadStatus::kIoError;
      break;
  }
  // A partial body is never handed on as if it were a message.
  result.body.clear();
  return result;
}

}  // namespace zcrm::wire
