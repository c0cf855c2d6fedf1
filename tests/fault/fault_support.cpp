#include "fault_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zcrm::fault {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw HostTestError(what);
}

}  // namespace

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
  if (const char* old = std::getenv(name_.c_str())) old_ = old;
  ::setenv(name_.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
  if (old_) {
    ::setenv(name_.c_str(), old_->c_str(), 1);
  } else {
    ::unsetenv(name_.c_str());
  }
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path.string());
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) Fail("cannot write " + path.string());
}

std::vector<std::string> Entries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> TempFiles(const fs::path& state) {
  std::vector<std::string> temps;
  for (const auto& name : Entries(state / "vault")) {
    if (!name.ends_with(".zcb")) temps.push_back(name);
  }
  return temps;
}

LockHolder::LockHolder(const fs::path& path) {
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) Fail(std::string("pipe2: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) Fail(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    // Only async-signal-safe calls from here on: the test process may have threads.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(3);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(2);
    const char ok = 'L';
    if (::write(ready[1], &ok, 1) != 1) ::_exit(2);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char got = 0;
  ssize_t n;
  do {
    n = ::read(ready[0], &got, 1);
  } while (n < 0 && errno == EINTR);
  ::close(ready[0]);
  if (n != 1 || got != 'L') {
    Release();
    Fail("the lock holder could not take the lock on " + path.string());
  }
}

void LockHolder::Release() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

LockHolder::~LockHolder() {
  Release();
}

bool CanMount() {
  static const bool can = [] {
    if (::geteuid() != 0) return false;
    const fs::path dir = MakeTempDir("zcrm-fault-mnt-probe-XXXXXX");
    const bool ok = ::mount("zcrm-probe", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") == 0;
    if (ok) ::umount2(dir.c_str(), MNT_DETACH);
    ::rmdir(dir.c_str());
    return ok;
  }();
  return can;
}

std::optional<Mount> Mount::Tmpfs(std::uint64_t bytes) {
  if (!CanMount()) return std::nullopt;
  const fs::path dir = MakeTempDir("zcrm-fault-tmpfs-XXXXXX");
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("zcrm-fault", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    ::rmdir(dir.c_str());
    return std::nullopt;
  }
  return Mount(dir, dir);
}

std::optional<Mount> Mount::ReadOnlyBind(const fs::path& dir) {
  if (!CanMount()) return std::nullopt;
  if (::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0) return std::nullopt;
  if (::mount(nullptr, dir.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
    ::umount2(dir.c_str(), MNT_DETACH);
    return std::nullopt;
  }
  return Mount(dir, fs::path());
}

Mount::Mount(Mount&& other) noexcept
    : target_(std::exchange(other.target_, fs::path())),
      owned_dir_(std::exchange(other.owned_dir_, fs::path())) {}

Mount::~Mount() {
  if (target_.empty()) return;
  ::umount2(target_.c_str(), MNT_DETACH);
  if (!owned_dir_.empty()) ::rmdir(owned_dir_.c_str());
}

std::vector<Json> AskPipelined(StateDir& state, const std::vector<Json>& requests,
                               const std::vector<std::string>& args) {
  HostProcess host(state, args);
  std::string stream;
  for (const auto& request : requests) stream += Frame(request);
  if (!host.WriteRaw(stream)) Fail("the host closed its stdin early; stderr: " + host.Stderr());
  host.CloseStdin();
  std::string leftover;
  std::vector<Json> answers;
  for (const auto& body : SplitFrames(host.ReadToEnd(), leftover)) answers.push_back(Json::parse(body));
  if (!leftover.empty()) Fail("the host's output ends inside a frame");
  const int code = host.WaitExit();
  if (code != 0) Fail("the host exited with " + std::to_string(code) + "; stderr: " + host.Stderr());
  return answers;
}

std::string ErrorMessage(const Json& answer) {
  return answer.value("error", Json::object()).value("message", "");
}

}  // namespace zcrm::fault
