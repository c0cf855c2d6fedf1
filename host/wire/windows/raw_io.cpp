#include "wire/raw_io.hpp"

#include <io.h>

#include <algorithm>

namespace zcrm::wire {
namespace {

// _read and _write count in unsigned int and fail on INT_MAX or more; callers loop over short transfers
// anyway.
constexpr std::size_t kMaxChunk = std::size_t{1} << 30;

unsigned Chunk(std::size_t size) {
  return static_cast<unsigned>(std::min(size, kMaxChunk));
}

}  // namespace

std::ptrdiff_t ReadSome(int fd, void* data, std::size_t size) {
  return ::_read(fd, data, Chunk(size));
}

std::ptrdiff_t WriteSome(int fd, const void* data, std::size_t size) {
  return ::_write(fd, data, Chunk(size));
}

}  // namespace zcrm::wire
