#include "host_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "boost_process.hpp"

namespace zcrm::integration {
namespace fs = std::filesystem;
namespace bp = boost::process;
namespace {

using Clock = std::chrono::steady_clock;

// A host that closes its stdin must show up as EPIPE from write(), not kill the test binary.
const bool kSigpipeIgnored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();

[[noreturn]] void Fail(const std::string& what) {
  throw HostTestError(what);
}

// Close-on-exec, so a host started later never inherits (and keeps open) another host's pipe.
void MakePipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) Fail(std::string("pipe2: ") + std::strerror(errno));
}

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<std::int64_t>(0, left));
}

// Waits until fd is ready for events; false on timeout.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, RemainingMs(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) Fail(std::string("poll: ") + std::strerror(errno));
  }
}

}  // namespace

struct HostProcess::Impl {
  bp::child child;
  int in_fd = -1;       // our end of the host's stdin
  int out_fd = -1;      // our end of the host's stdout
  std::string pending;  // stdout bytes read but not handed out yet
  fs::path stderr_path;
  bool stdout_eof = false;
  std::optional<int> exit;

  // Reads until pending holds at least n bytes; false on EOF first. Throws on timeout.
  bool Fill(std::size_t n, Clock::time_point deadline) {
    char buffer[65536];
    while (pending.size() < n) {
      if (stdout_eof || out_fd < 0) return false;
      if (!WaitFor(out_fd, POLLIN, deadline)) Fail("no answer from the host within the time limit");
      const ssize_t got = ::read(out_fd, buffer, sizeof buffer);
      if (got > 0) {
        pending.append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0) {
        stdout_eof = true;
      } else if (errno != EINTR && errno != EAGAIN) {
        Fail(std::string("read: ") + std::strerror(errno));
      }
    }
    return true;
  }
};

HostProcess::HostProcess(StateDir& state, const std::vector<std::string>& args)
    : impl_(std::make_unique<Impl>()) {
  int in[2];
  int out[2];
  MakePipe(in);
  MakePipe(out);
  bp::pipe in_pipe(in[0], in[1]);
  bp::pipe out_pipe(out[0], out[1]);
  impl_->stderr_path = state.NextLogPath();
  bp::environment env = boost::this_process::environment();
  env["ZCRM_BRIDGE_HOME"] = state.path().string();
  // Were the host ever to ignore ZCRM_BRIDGE_HOME, it would write into the scratch folder, not the real home.
  env["HOME"] = state.scratch().string();
  env["XDG_CONFIG_HOME"] = (state.scratch() / "xdg").string();
  // This binary ignores SIGPIPE and exec() would pass that on; a browser's host starts with the default
  // action, so the host itself must be what keeps a closed pipe from killing it.
  const auto default_sigpipe = [](auto&) { std::signal(SIGPIPE, SIG_DFL); };
  impl_->child = bp::child(bp::exe = HostBinary(), bp::args = args, bp::env = env, (bp::std_in < in_pipe),
                           (bp::std_out > out_pipe), (bp::std_err > impl_->stderr_path.string()),
                           bp::extend::on_exec_setup = default_sigpipe);
  // The child's ends were closed by Boost after the fork; keep ours out of the pipe objects' destructors.
  impl_->in_fd = in_pipe.native_sink();
  in_pipe.assign_sink(-1);
  impl_->out_fd = out_pipe.native_source();
  out_pipe.assign_source(-1);
  ::fcntl(impl_->in_fd, F_SETFL, ::fcntl(impl_->in_fd, F_GETFL) | O_NONBLOCK);
}

HostProcess::~HostProcess() {
  if (!impl_->exit) {
    std::error_code ec;
    if (impl_->child.running(ec)) impl_->child.terminate(ec);
  }
  if (impl_->in_fd >= 0) ::close(impl_->in_fd);
  if (impl_->out_fd >= 0) ::close(impl_->out_fd);
}

bool HostProcess::WriteRaw(std::string_view bytes) {
  if (impl_->in_fd < 0) Fail("stdin is already closed");
  const auto deadline = Clock::now() + kIoTimeout;
  while (!bytes.empty()) {
    const ssize_t n = ::write(impl_->in_fd, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EPIPE) {
      return false;
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!WaitFor(impl_->in_fd, POLLOUT, deadline)) Fail("the host stopped reading its stdin");
    } else {
      Fail(std::string("write: ") + std::strerror(errno));
    }
  }
  return true;
}

std::optional<std::string> HostProcess::ReadFrame(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (!impl_->Fill(sizeof(std::uint32_t), deadline)) {
    if (impl_->pending.empty()) return std::nullopt;
    Fail("stdout ended inside a frame header");
  }
  // The announced length is read from the header by wire::DecodeFrame; a body not yet whole is waited for.
  constexpr auto kAnyLength = std::numeric_limits<std::uint32_t>::max();
  wire::ReadResult frame = wire::DecodeFrame(impl_->pending, kAnyLength);
  if (frame.status == wire::ReadStatus::kTruncatedBody) {
    if (!impl_->Fill(sizeof(std::uint32_t) + frame.declared_length, deadline)) {
      Fail("stdout ended inside a frame body");
    }
    frame = wire::DecodeFrame(impl_->pending, kAnyLength);
  }
  impl_->pending.erase(0, sizeof(std::uint32_t) + frame.body.size());
  return std::move(frame.body);
}

Json HostProcess::ReadAnswer(std::chrono::milliseconds timeout) {
  auto body = ReadFrame(timeout);
  if (!body) Fail("the host closed stdout instead of answering; stderr: " + Stderr());
  Json answer = Json::parse(*body, nullptr, false);
  if (answer.is_discarded()) Fail("the host answered with a frame that is not JSON: " + body->substr(0, 200));
  return answer;
}

Json HostProcess::Ask(const Json& request) {
  if (!Send(request)) Fail("the host closed its stdin before " + request.dump().substr(0, 200));
  return ReadAnswer();
}

std::string HostProcess::ReadToEnd(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  impl_->Fill(SIZE_MAX, deadline);
  return std::exchange(impl_->pending, std::string());
}

void HostProcess::CloseStdin() {
  if (impl_->in_fd >= 0) ::close(impl_->in_fd);
  impl_->in_fd = -1;
}

void HostProcess::CloseStdout() {
  if (impl_->out_fd >= 0) ::close(impl_->out_fd);
  impl_->out_fd = -1;
}

void HostProcess::Signal(int signal_number) {
  ::kill(pid(), signal_number);
}

int HostProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (impl_->exit) return *impl_->exit;
  const auto deadline = Clock::now() + timeout;
  std::error_code ec;
  while (impl_->child.running(ec)) {
    if (Clock::now() >= deadline) {
      impl_->child.terminate(ec);
      Fail("the host did not exit within " + std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(2ms);
  }
  if (ec) Fail("waiting for the host failed: " + ec.message());
  const int status = impl_->child.native_exit_code();
  impl_->exit = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  return *impl_->exit;
}

int HostProcess::Finish(std::chrono::milliseconds timeout) {
  CloseStdin();
  return WaitExit(timeout);
}

pid_t HostProcess::pid() const {
  return impl_->child.id();
}
int HostProcess::stdin_fd() const {
  return impl_->in_fd;
}
int HostProcess::stdout_fd() const {
  return impl_->out_fd;
}

std::string HostProcess::Stderr() const {
  std::ifstream in(impl_->stderr_path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CliRun RunCli(StateDir& state, const std::vector<std::string>& args) {
  HostProcess cli(state, args);
  CliRun run;
  run.out = cli.ReadToEnd();
  run.exit_code = cli.Finish();
  run.err = cli.Stderr();
  return run;
}

std::vector<Json> AskFresh(StateDir& state, const std::vector<Json>& requests,
                           const std::vector<std::string>& args) {
  HostProcess host(state, args);
  std::vector<Json> answers;
  for (const auto& request : requests) answers.push_back(host.Ask(request));
  const int exit_code = host.Finish();
  if (exit_code != 0)
    Fail("the host exited with " + std::to_string(exit_code) + "; stderr: " + host.Stderr());
  return answers;
}

Json AskOnce(StateDir& state, const Json& request, const std::vector<std::string>& args) {
  return AskFresh(state, {request}, args).front();
}

}  // namespace zcrm::integration
