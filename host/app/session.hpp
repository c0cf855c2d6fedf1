// The native messaging side: frames in, one answer per frame out.
#pragma once

#include <csignal>
#include <string>
#include <vector>

namespace zcrm::app {

// Serves requests on stdin/stdout until EOF, a stop signal or a broken stream. Returns the exit status:
// 0 on EOF, stop or a closed pipe; 2 when the input stream is out of step; 1 when stdout cannot be set up.
int RunNativeMessaging(const std::vector<std::string>& args, const volatile std::sig_atomic_t* stop_flag);

}  // namespace zcrm::app
