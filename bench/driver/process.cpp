#include "process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "die.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

extern char** environ;

namespace zcrm::bench {
namespace {

std::string g_stderr_log = "/dev/null";

int Reap(Child& c, rusage* ru) {
  if (c.in >= 0) close(c.in);
  if (c.out >= 0) close(c.out);
  c.in = c.out = -1;
  int status = 0;
  rusage local{};
  while (wait4(c.pid, &status, 0, ru ? ru : &local) < 0) {
    if (errno != EINTR) Die("wait: %s", std::strerror(errno));
  }
  return status;
}

}  // namespace

void SetChildStderrLog(const std::string& path) {
  g_stderr_log = path;
}

std::vector<std::string> EnvWith(const std::string& state) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "ZCRM_BRIDGE_HOME=", 17) != 0) env.emplace_back(*e);
  }
  env.push_back("ZCRM_BRIDGE_HOME=" + state);
  return env;
}

Child Spawn(const Program& p) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) Die("pipe: %s", std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, g_stderr_log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(p.path.c_str()));
  for (const auto& a : p.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : p.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  Child c;
  const int rc = posix_spawn(&c.pid, p.path.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) Die("spawn %s: %s", p.path.c_str(), std::strerror(rc));
  close(in[0]);
  close(out[1]);
  c.in = in[1];
  c.out = out[0];
  return c;
}

void SendFrame(const Child& child, std::string_view body) {
  switch (wire::FrameWriter(child.in).Write(body)) {
    case wire::WriteStatus::kOk:
      return;
    case wire::WriteStatus::kTooLarge:
      Die("a request of %zu bytes is over the frame limit", body.size());
    case wire::WriteStatus::kClosed:
    case wire::WriteStatus::kIoError:
      break;
  }
  Die("write to a child: %s", std::strerror(errno));
}

std::string ReceiveFrame(const Child& child) {
  wire::ReadResult frame = wire::FrameReader(child.out).Next();
  switch (frame.status) {
    case wire::ReadStatus::kFrame:
      return std::move(frame.body);
    case wire::ReadStatus::kTooLarge:
      Die("a child answered a frame of %u bytes", frame.declared_length);
    case wire::ReadStatus::kTruncatedBody:
      Die("a child closed its output inside a frame");
    case wire::ReadStatus::kEndOfStream:
    case wire::ReadStatus::kTruncatedHeader:
    case wire::ReadStatus::kStopped:
    case wire::ReadStatus::kIoError:
      break;
  }
  Die("a child closed its output before answering");
}

void CloseInput(Child& child) {
  close(child.in);
  child.in = -1;
}

void FinishChild(Child& c, const std::string& what, rusage* ru) {
  char extra[256];
  ssize_t n;
  while ((n = read(c.out, extra, sizeof extra)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Die("%s: read: %s", what.c_str(), std::strerror(errno));
    Die("%s wrote bytes after its answer", what.c_str());
  }
  const int status = Reap(c, ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("%s exited with status 0x%x", what.c_str(), status);
}

long PeakRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  Die("no VmHWM for pid %d", pid);
}

}  // namespace zcrm::bench
