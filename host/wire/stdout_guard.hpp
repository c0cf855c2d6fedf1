// Keeps fd 1 for frames only: anything else printed by accident must not corrupt the stream.
#pragma once

namespace zcrm::wire {

// Duplicates fd 1 to a private descriptor (close-on-exec) for frames, then points fd 1 at stderr.
// Returns the private descriptor, or -1 with errno set. On Windows it first puts fds 0 and 1 in binary mode
// (wire/windows/stdout_guard.cpp): the C runtime's text mode would rewrite frame bytes.
int ReserveStdoutForFrames();

}  // namespace zcrm::wire
