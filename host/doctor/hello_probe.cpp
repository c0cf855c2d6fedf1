#include "doctor/hello_probe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace zcrm::doctor {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxFrame = 1024 * 1024;  // the protocol's outbound limit
constexpr std::size_t kMaxStderr = 2048;

struct Pipe {
  int fd[2] = {-1, -1};
  bool Open() { return ::pipe2(fd, O_CLOEXEC) == 0; }
  void Close(int end) {
    if (fd[end] >= 0) ::close(fd[end]);
    fd[end] = -1;
  }
  ~Pipe() {
    Close(0);
    Close(1);
  }
};

std::string Frame(const std::string& body) {
  const auto n = static_cast<std::uint32_t>(body.size());
  std::string out(sizeof n, '\0');
  std::memcpy(out.data(), &n, sizeof n);  // native byte order, as browsers write it
  return out + body;
}

void ParseFrame(const std::string& out, HelloOutcome& outcome) {
  if (out.empty()) return;
  std::uint32_t n = 0;
  if (out.size() < sizeof n) {
    outcome.frame_problem = "stdout ended inside a frame header";
    return;
  }
  std::memcpy(&n, out.data(), sizeof n);
  if (n > kMaxFrame || out.size() < sizeof n + n) {
    outcome.frame_problem = "stdout is not a native messaging frame (it announces " + std::to_string(n) +
                            " bytes): something printed plain text to stdout";
    return;
  }
  auto answer = nlohmann::json::parse(out.substr(sizeof n, n), nullptr, false);
  if (answer.is_discarded()) {
    outcome.frame_problem = "the answer frame is not JSON";
    return;
  }
  outcome.answer = std::move(answer);
}

}  // namespace

HelloOutcome AskHello(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  HelloOutcome outcome;
  Pipe in, out, err, exec_status;
  if (args.empty() || !in.Open() || !out.Open() || !err.Open() || !exec_status.Open()) {
    outcome.start_errno = args.empty() ? EINVAL : errno;
    return outcome;
  }
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string dir = std::filesystem::path(args[0]).parent_path().string();

  const pid_t pid = ::fork();
  if (pid < 0) {
    outcome.start_errno = errno;
    return outcome;
  }
  if (pid == 0) {  // only async-signal-safe calls from here on
    ::dup2(in.fd[0], STDIN_FILENO);
    ::dup2(out.fd[1], STDOUT_FILENO);
    ::dup2(err.fd[1], STDERR_FILENO);
    [[maybe_unused]] const int cd =
        dir.empty() ? 0 : ::chdir(dir.c_str());  // browsers start it in its folder
    ::execv(argv[0], argv.data());
    const int e = errno;
    [[maybe_unused]] auto ignored = ::write(exec_status.fd[1], &e, sizeof e);
    ::_exit(127);
  }
  in.Close(0);
  out.Close(1);
  err.Close(1);
  exec_status.Close(1);
  int e = 0;
  if (::read(exec_status.fd[0], &e, sizeof e) == static_cast<ssize_t>(sizeof e)) outcome.start_errno = e;

  if (outcome.start_errno == 0) {
    // A host that exits before reading must not kill the doctor with SIGPIPE.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const std::string request = Frame(R"({"id":"doctor","type":"hello"})");
    [[maybe_unused]] auto written = ::write(in.fd[1], request.data(), request.size());
    ::sigaction(SIGPIPE, &previous, nullptr);
  }
  in.Close(1);

  std::string stdout_text;
  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      outcome.timed_out = true;
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        fds[i].fd = -1;
        continue;
      }
      auto& sink = i == 0 ? stdout_text : outcome.stderr_text;
      const std::size_t cap = i == 0 ? kMaxFrame + 4 : kMaxStderr;
      if (sink.size() < cap) sink.append(buf, std::min(static_cast<std::size_t>(n), cap - sink.size()));
    }
  }
  if (outcome.timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  ParseFrame(stdout_text, outcome);
  return outcome;
}

void CheckHello(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                const std::filesystem::path& config_file, const std::string& reinstall,
                const std::string& scope, Report& report) {
  const auto o = AskHello(argv, timeout);
  const std::string host = argv.empty() ? "" : argv[0];
  std::string said = o.stderr_text.empty() ? "" : "; it said: " + o.stderr_text;
  while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
  if (o.start_errno != 0) {
    report.Fail(
        scope, "host.hello", "cannot start " + host + ": " + std::strerror(o.start_errno),
        o.start_errno == EACCES ? "chmod 755 '" + host + "'" : "run " + reinstall + " --host <built host>");
  } else if (o.timed_out) {
    report.Fail(scope, "host.hello", "no answer within " + std::to_string(timeout.count()) + " ms" + said,
                "run `" + host +
                    " --version` in a terminal; a host that waits on something else cannot serve the "
                    "browser");
  } else if (!o.answer) {
    report.Fail(scope, "host.hello",
                (o.frame_problem.empty()
                     ? "the host exited (status " + std::to_string(o.exit_status) + ") without answering"
                     : o.frame_problem) +
                    said,
                "fix what it said; Chromium then reports \"Native host has exited\"");
  } else if (o.answer->value("ok", false) && o.answer->value("protocol", 0) == 1) {
    report.Ok(scope, "host.hello",
              "host " + o.answer->value("host_version", std::string("?")) + " answered as " +
                  o.answer->value("caller", std::string("?")));
  } else if (o.answer->value("ok", false)) {
    report.Fail(scope, "host.hello",
                "the host speaks protocol " + o.answer->value("protocol", nlohmann::json()).dump() +
                    ", the extension speaks 1",
                "install the host and the extension from the same release");
  } else {
    const auto error = o.answer->value("error", nlohmann::json::object());
    const std::string code = error.value("code", std::string("?"));
    const std::string message = error.value("message", std::string());
    std::string fix = "fix what the message names";
    if (code == "FORBIDDEN") {
      fix = config_file.empty() ? "run " + reinstall + " (it writes config.json)"
                                : "the host did not accept the caller with " + config_file.string() +
                                      ": run " + reinstall + " (a per-user config.json wins)";
    } else if (code == "CONFIG_INVALID") {
      fix = "fix " + (config_file.empty() ? std::string("config.json") : config_file.string()) + " or run " +
            reinstall;
    }
    report.Fail(scope, "host.hello", code + ": " + message, fix);
  }
}

}  // namespace zcrm::doctor
