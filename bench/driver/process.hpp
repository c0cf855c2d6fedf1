// Starting the host (or the floor) as a browser does, and speaking native messaging to it through the host's
// own wire::FrameWriter / wire::FrameReader, so the benchmark frames exactly as the host does.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace zcrm::bench {

struct Program {
  std::string path;
  std::vector<std::string> args;  // argv[1..]
  std::vector<std::string> env;   // full environment, NAME=value
};

struct Child {
  pid_t pid = -1;
  int in = -1;   // our end of the child's stdin
  int out = -1;  // our end of the child's stdout
};

// Where every child's stderr goes (appended); /dev/null until set.
void SetChildStderrLog(const std::string& path);

// Our environment with ZCRM_BRIDGE_HOME pointing at `state` (the host's state dir).
std::vector<std::string> EnvWith(const std::string& state);

Child Spawn(const Program& program);
void SendFrame(const Child& child, std::string_view body);
std::string ReceiveFrame(const Child& child);
// Closes the child's stdin: the EOF that tells a native-messaging host the browser is done.
void CloseInput(Child& child);
// Waits for EOF on the child's output (it has exited or is about to) and reaps it; the exit must be 0.
void FinishChild(Child& child, const std::string& what, rusage* usage = nullptr);

// VmHWM (peak resident set) of a live process, in KiB.
long PeakRssKb(pid_t pid);

}  // namespace zcrm::bench
