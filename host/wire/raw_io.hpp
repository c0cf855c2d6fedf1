// One read or write on a file descriptor, so the framing code is the same on every system: POSIX read(2) and
// write(2) (wire/posix/raw_io.cpp), the C runtime's _read and _write on Windows (wire/windows/raw_io.cpp),
// whose count is an unsigned int.
#pragma once

#include <cstddef>

namespace zcrm::wire {

// Bytes moved (possibly fewer than size), 0 at end of input, or -1 with errno set (EINTR, EPIPE, ...).
std::ptrdiff_t ReadSome(int fd, void* data, std::size_t size);
std::ptrdiff_t WriteSome(int fd, const void* data, std::size_t size);

}  // namespace zcrm::wire
