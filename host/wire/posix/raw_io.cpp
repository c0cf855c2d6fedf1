#include "wire/raw_io.hpp"

#include <unistd.h>

namespace zcrm::wire {

std::ptrdiff_t ReadSome(int fd, void* data, std::size_t size) {
  return ::read(fd, data, size);
}

std::ptrdiff_t WriteSome(int fd, const void* data, std::size_t size) {
  return ::write(fd, data, size);
}

}  // namespace zcrm::wire
