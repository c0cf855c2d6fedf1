#include "process/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string_view>
#include <utility>

#include "process/output_capture.hpp"

extern char** environ;

namespace zcrm::process {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read_end, write_end;
  bool Open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read_end = Fd(fds[0]);
    write_end = Fd(fds[1]);
    return true;
  }
};

// A child that exits without reading its stdin must not end the caller with SIGPIPE: the host ignores it, but
// tests and tools may not. Blocked while writing; a SIGPIPE raised meanwhile is discarded.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    const sigset_t pipe_only = PipeOnly();
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old_);
  }
  ~SigpipeBlocked() {
    sigset_t pending;
    sigpending(&pending);
    const sigset_t pipe_only = PipeOnly();
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec now{};
      sigtimedwait(&pipe_only, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  static sigset_t PipeOnly() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    return set;
  }
  sigset_t old_{};
  bool was_pending_ = false;
};

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Starts the child with the pipes as its stdin/stdout/stderr; returns its pid or -errno.
pid_t Spawn(const Command& command, Pipe& in, Pipe& out, Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end.get(), STDERR_FILENO);
  if (!command.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, command.working_dir.c_str());
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);  // the host ignores SIGPIPE; the child gets the usual behaviour back
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv = command.argv;
  std::vector<std::string> env;
  if (command.env) env = *command.env;
  std::vector<char*> argv_pointers = Pointers(argv);
  std::vector<char*> env_pointers = Pointers(env);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, argv_pointers.data(),
                                    command.env ? env_pointers.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return spawned == 0 ? pid : -spawned;
}

void ReadStdout(Fd& fd, StdoutSink& sink) {
  const auto room = sink.Room();
  const ssize_t r = ::read(fd.get(), room.data(), room.size());
  if (r > 0) sink.Took(static_cast<std::size_t>(r));
  if (r == 0 || (r < 0 && errno != EINTR)) fd.Close();
}

void ReadStderr(Fd& fd, std::size_t bound, Outcome& outcome) {
  char buffer[1024];
  const ssize_t r = ::read(fd.get(), buffer, sizeof buffer);
  if (r > 0) KeepStderr(std::string_view(buffer, static_cast<std::size_t>(r)), bound, outcome);
  if (r == 0 || (r < 0 && errno != EINTR)) fd.Close();
}

void WriteStdin(Fd& fd, std::span<const std::uint8_t> input, std::size_t& fed, Outcome& outcome) {
  const SigpipeBlocked quiet;
  const ssize_t w = ::write(fd.get(), input.data() + fed, input.size() - fed);
  if (w > 0) fed += static_cast<std::size_t>(w);
  if (w < 0 && errno != EINTR && errno != EAGAIN) {
    outcome.input_refused = true;
    fd.Close();
  } else if (fed == input.size()) {
    fd.Close();
  }
}

}  // namespace

Outcome Run(const Command& command) {
  Outcome outcome;
  if (command.argv.empty()) {
    outcome.start_errno = EINVAL;
    return outcome;
  }
  Pipe in, out, err;
  if (!in.Open() || !out.Open() || !err.Open()) {
    outcome.start_errno = errno;
    return outcome;
  }
  const pid_t pid = Spawn(command, in, out, err);
  if (pid < 0) {
    outcome.start_errno = -pid;
    return outcome;
  }
  outcome.ending = Ending::kExited;
  in.read_end.Close();
  out.write_end.Close();
  err.write_end.Close();
  if (command.input.empty()) in.write_end.Close();

  // Poll-driven, so a child that writes a lot to one pipe cannot block on the other or on its stdin.
  StdoutSink sink{command, outcome};
  std::size_t fed = 0;
  const auto deadline = Clock::now() + command.deadline;
  while (out.read_end || err.read_end) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    if (in.write_end) fds[n++] = {in.write_end.get(), POLLOUT, 0};
    if (out.read_end) fds[n++] = {out.read_end.get(), POLLIN, 0};
    if (err.read_end) fds[n++] = {err.read_end.get(), POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      outcome.ending = Ending::kTimedOut;
      break;
    }
    const int ready = ::poll(fds.data(), n, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (in.write_end && fds[i].fd == in.write_end.get()) {
        WriteStdin(in.write_end, command.input, fed, outcome);
      } else if (out.read_end && fds[i].fd == out.read_end.get()) {
        ReadStdout(out.read_end, sink);
      } else if (err.read_end && fds[i].fd == err.read_end.get()) {
        ReadStderr(err.read_end, command.max_stderr, outcome);
      }
    }
  }
  if (in.write_end && fed < command.input.size()) outcome.input_refused = true;
  in.write_end.Close();
  // A child that closed its output but still runs is past its usefulness at the deadline too.
  int status = 0;
  if (outcome.ending != Ending::kTimedOut) {
    while (true) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (done < 0 && errno != EINTR) break;
      if (Clock::now() >= deadline) {
        outcome.ending = Ending::kTimedOut;
        break;
      }
      ::usleep(1000);
    }
  }
  if (outcome.ending == Ending::kTimedOut) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return outcome;
  }
  if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.ending = Ending::kSignalled;
    outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

}  // namespace zcrm::process
