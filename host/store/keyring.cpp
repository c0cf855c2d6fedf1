#include "store/keyring.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "error/host_error.hpp"
#include "store/posix_io.hpp"

extern char** environ;

namespace zcrm::store {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Enough for the helper's one-line messages; more is cut so a misbehaving helper cannot grow the host.
constexpr std::size_t kMaxMessage = 1024;

struct Outcome {
  int exit = -1;  // -1: killed by a signal or by the timeout
  bool timed_out = false;
  std::size_t key_bytes = 0;  // bytes written into the key (at most kSize + 1 were read)
  std::string message;        // the helper's stderr
};

[[noreturn]] void Unavailable(const std::string& why) {
  throw HostError(ErrorCode::kKeyringUnavailable, why);
}

fs::path DefaultHelper() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return (ec ? fs::path("/usr/lib/zcrm-bridge") : self.parent_path()) / "zcrm-bridge-keyring";
}

// A helper that exits without reading its stdin must not end the caller with SIGPIPE: the host ignores it,
// but tests and tools linking the store may not. The signal is blocked while writing and a pending one
// discarded.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old_);
  }
  ~SigpipeBlocked() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_only;
      sigemptyset(&pipe_only);
      sigaddset(&pipe_only, SIGPIPE);
      const timespec now{};
      sigtimedwait(&pipe_only, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t old_{};
  bool was_pending_ = false;
};

struct Pipe {
  io::UniqueFd read_end, write_end;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      Unavailable(std::string("Cannot create a pipe: ") + std::strerror(errno));
    read_end = io::UniqueFd(fds[0]);
    write_end = io::UniqueFd(fds[1]);
  }
};

// Runs the helper with argv, feeds it input, reads its stdout into key (when given) and its stderr; kills it
// at the deadline. Poll-driven, so a helper that writes a lot to one pipe cannot block on the other.
Outcome Run(const fs::path& helper, const std::vector<std::string>& args, std::span<const std::uint8_t> input,
            SecretKey* key, std::chrono::milliseconds timeout) {
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end.get(), STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);  // the host ignores SIGPIPE; the helper gets the usual behaviour back
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  std::string program = helper.string();
  argv.push_back(program.data());
  std::vector<std::string> owned(args);
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    Unavailable("Cannot start the keyring helper " + program + ": " + std::strerror(spawned) +
                (spawned == ENOENT ? " (reinstall zcrm-bridge)" : ""));
  }
  in.read_end = {};
  out.write_end = {};
  err.write_end = {};

  Outcome outcome;
  std::array<std::uint8_t, SecretKey::kSize + 1>
      overflow{};  // stdout beyond the key lands here, then is wiped
  std::size_t fed = 0;
  if (input.empty()) in.write_end = {};
  const auto deadline = Clock::now() + timeout;
  while (out.read_end || err.read_end) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    if (in.write_end) fds[n++] = {in.write_end.get(), POLLOUT, 0};
    if (out.read_end) fds[n++] = {out.read_end.get(), POLLIN, 0};
    if (err.read_end) fds[n++] = {err.read_end.get(), POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      outcome.timed_out = true;
      break;
    }
    const int ready = ::poll(fds.data(), n, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (in.write_end && fds[i].fd == in.write_end.get()) {
        const SigpipeBlocked quiet;
        const ssize_t w = ::write(fds[i].fd, input.data() + fed, input.size() - fed);
        if (w > 0) fed += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EINTR && errno != EAGAIN) || fed == input.size()) in.write_end = {};
      } else if (out.read_end && fds[i].fd == out.read_end.get()) {
        // Read straight into the key's guarded memory; bytes beyond a key go to a buffer that is wiped.
        const bool into_key = key && outcome.key_bytes < SecretKey::kSize;
        std::uint8_t* target = into_key ? key->bytes().data() + outcome.key_bytes : overflow.data();
        const std::size_t room = into_key ? SecretKey::kSize - outcome.key_bytes : overflow.size();
        const ssize_t r = ::read(fds[i].fd, target, room);
        if (r > 0) outcome.key_bytes += static_cast<std::size_t>(r);
        if (r == 0 || (r < 0 && errno != EINTR)) out.read_end = {};
      } else if (err.read_end && fds[i].fd == err.read_end.get()) {
        char buffer[256];
        const ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
        if (r > 0 && outcome.message.size() < kMaxMessage) {
          outcome.message.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(r), kMaxMessage));
        }
        if (r == 0 || (r < 0 && errno != EINTR)) err.read_end = {};
      }
    }
  }
  std::memset(overflow.data(), 0, overflow.size());
  if (outcome.timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!outcome.timed_out && WIFEXITED(status)) outcome.exit = WEXITSTATUS(status);
  while (!outcome.message.empty() && (outcome.message.back() == '\n' || outcome.message.back() == '\r')) {
    outcome.message.pop_back();
  }
  return outcome;
}

constexpr std::string_view kReading = "reading the vault key";

[[noreturn]] void Explain(const Outcome& outcome, std::string_view doing, std::chrono::milliseconds timeout) {
  if (outcome.timed_out) {
    Unavailable("The keyring did not answer within " + std::to_string(timeout.count()) + " ms while " +
                std::string(doing) + "; is it waiting for an unlock prompt?");
  }
  std::string why = outcome.message.empty() ? "the keyring helper failed" : outcome.message;
  // Only a key that already lives in the keyring needs the way back to a file; a store or a clear is simply
  // refused.
  if (outcome.exit == keyring_exit::kNoService && doing == kReading) {
    why +=
        " (the vault key is kept in the Secret Service: start your desktop's keyring, or run "
        "`zcrm-bridge key move file` from a session where it runs)";
  }
  Unavailable("Cannot use the keyring while " + std::string(doing) + ": " + why + ".");
}

std::vector<std::string> ItemArgs(const char* command, const KeyringItem& item) {
  return {command, item.vault, item.key_id};
}

}  // namespace

Keyring::Keyring(fs::path helper, std::chrono::milliseconds timeout)
    : helper_(helper.empty() ? DefaultHelper() : std::move(helper)), timeout_(timeout) {}

bool Keyring::SessionBusConfigured() {
  const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address && *address) return true;
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (!runtime || !*runtime) return false;
  struct stat st {};
  return ::stat((fs::path(runtime) / "bus").c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

bool Keyring::Available() const {
  try {
    return Run(helper_, {"probe"}, {}, nullptr, timeout_).exit == keyring_exit::kDone;
  } catch (const HostError&) {
    return false;
  }
}

std::optional<SecretKey> Keyring::Lookup(const KeyringItem& item) const {
  SecretKey key;
  const Outcome outcome = Run(helper_, ItemArgs("lookup", item), {}, &key, timeout_);
  if (outcome.exit == keyring_exit::kNoItem) return std::nullopt;
  if (outcome.exit != keyring_exit::kDone) Explain(outcome, kReading, timeout_);
  if (outcome.key_bytes != SecretKey::kSize) {
    Unavailable("The keyring returned " + std::to_string(outcome.key_bytes) +
                " bytes for the vault key instead of 32.");
  }
  return key;
}

void Keyring::Store(const KeyringItem& item, const SecretKey& key) const {
  const Outcome outcome = Run(helper_, ItemArgs("store", item), key.bytes(), nullptr, timeout_);
  if (outcome.exit != keyring_exit::kDone) Explain(outcome, "storing the vault key", timeout_);
}

bool Keyring::Clear(const KeyringItem& item) const {
  const Outcome outcome = Run(helper_, ItemArgs("clear", item), {}, nullptr, timeout_);
  if (outcome.exit == keyring_exit::kNoItem) return false;
  if (outcome.exit != keyring_exit::kDone) Explain(outcome, "removing the vault key", timeout_);
  return true;
}

}  // namespace zcrm::store
