#include "wire/stdout_guard.hpp"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <windows.h>

#include <cerrno>

namespace zcrm::wire {

int ReserveStdoutForFrames() {
  // Frames are binary: in the C runtime's default text mode a 0x0A byte of a length prefix would go out as
  // CR LF, and a 0x1A in the input would read as end of file. Both frame streams switch before any byte
  // moves.
  if (::_setmode(0, _O_BINARY) < 0 || ::_setmode(1, _O_BINARY) < 0) return -1;
  const int frames_fd = ::_dup(1);
  if (frames_fd < 0) return -1;
  // The close-on-exec of POSIX: a child process must never inherit, and write into, the browser's pipe.
  if (!::SetHandleInformation(reinterpret_cast<HANDLE>(::_get_osfhandle(frames_fd)), HANDLE_FLAG_INHERIT,
                              0)) {
    ::_close(frames_fd);
    errno = EBADF;
    return -1;
  }
  // From here on printf, std::cout and any library that writes to fd 1 lands in stderr, which browsers log.
  if (::_dup2(2, 1) < 0) {
    const int saved_errno = errno;
    ::_close(frames_fd);
    errno = saved_errno;
    return -1;
  }
  return frames_fd;
}

}  // namespace zcrm::wire
