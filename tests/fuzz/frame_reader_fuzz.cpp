// Fuzzes wire::FrameReader with arbitrary bytes on a real file descriptor (a memfd, so read() behaves as on
// the browser's pipe: short reads at the end, EOF at any point). Oracle: the reader's contract in
// frame_reader.hpp.
//   byte 0 picks the frame limit (tiny limits reach FRAME_TOO_LARGE with short inputs); the rest is the
//   stream.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "wire/frame_reader.hpp"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_frame_reader: contract broken: %s\n", what);
    std::abort();
  }
}

int StreamFd() {
  static const int fd = memfd_create("zcrm-fuzz-frames", MFD_CLOEXEC);
  Check(fd >= 0, "memfd_create");
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr std::uint32_t kLimits[] = {0, 1, 4, 16, 64, 255, 4096, zcrm::wire::kMaxInboundFrame};
  const std::uint32_t limit = kLimits[data[0] % (sizeof kLimits / sizeof kLimits[0])];
  ++data;
  --size;

  const int fd = StreamFd();
  Check(::ftruncate(fd, 0) == 0, "ftruncate");
  Check(::lseek(fd, 0, SEEK_SET) == 0, "lseek");
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    Check(n > 0, "write");
    written += static_cast<std::size_t>(n);
  }
  Check(::lseek(fd, 0, SEEK_SET) == 0, "lseek");

  zcrm::wire::FrameReader reader(fd, limit);
  std::size_t consumed = 0;
  for (;;) {
    const auto result = reader.Next();
    using zcrm::wire::ReadStatus;
    if (result.status == ReadStatus::kFrame) {
      Check(result.declared_length <= limit, "a frame over the limit was delivered");
      Check(result.body.size() == result.declared_length, "body size differs from the declared length");
      Check(std::memcmp(&result.declared_length, data + consumed, 4) == 0, "length not read from the stream");
      Check(std::memcmp(result.body.data(), data + consumed + 4, result.body.size()) == 0, "body differs");
      consumed += 4 + result.body.size();
      Check(consumed <= size, "read past the input");
      continue;
    }
    const std::size_t left = size - consumed;
    switch (result.status) {
      case ReadStatus::kEndOfStream:
        Check(left == 0, "end of stream reported with bytes left");
        break;
      case ReadStatus::kTruncatedHeader:
        Check(left >= 1 && left <= 3, "truncated header with a whole header left");
        break;
      case ReadStatus::kTooLarge:
        Check(left >= 4 && result.declared_length > limit, "too large for a frame within the limit");
        Check(result.body.empty(), "a too-large frame carries a body");
        break;
      case ReadStatus::kTruncatedBody:
        Check(left >= 4 && result.declared_length <= limit && left - 4 < result.declared_length,
              "truncated body reported for a complete frame");
        Check(result.body.empty(), "a partial body was handed on");
        break;
      default:
        Check(false, "unexpected status (stopped or I/O error) on a memfd");
    }
    break;
  }
  return 0;
}
