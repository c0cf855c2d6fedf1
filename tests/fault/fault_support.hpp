// Helpers shared by the fault-injection tests. Hosts are started with tests/integration's HostProcess, whose
// binary here is fault_launcher (see fault_launcher.cpp): ScopedEnv picks the fault for the hosts started in
// its scope.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "secret_search.hpp"  // RandomSecret, LeakedWindow

namespace zcrm::fault {

using namespace zcrm::integration;  // StateDir, HostProcess, Json, requests
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Sets an environment variable for as long as it lives. HostProcess copies the environment when a host
// starts, so only hosts started in this scope see it. Tests start hosts from the main thread only.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

std::string ReadFile(const fs::path& path);
void WriteFile(const fs::path& path, const std::string& bytes);

// Names of the entries of dir (not recursive), sorted; empty when dir does not exist.
std::vector<std::string> Entries(const fs::path& dir);
// Entries of <state>/vault whose name is not a finished record (temp files of writes that never completed).
std::vector<std::string> TempFiles(const fs::path& state);

// A separate process (fork) that takes an exclusive flock on path, as a host stuck mid-write would, and keeps
// it until Release() or destruction (SIGKILL, then reaped). It dies with the test process (PR_SET_PDEATHSIG).
class LockHolder {
 public:
  explicit LockHolder(const fs::path& path);
  ~LockHolder();
  LockHolder(const LockHolder&) = delete;
  LockHolder& operator=(const LockHolder&) = delete;
  void Release();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// True when this process may mount file systems (root with CAP_SYS_ADMIN, not in a locked-down container).
bool CanMount();

// A mount point under a fresh temp folder, unmounted and removed on destruction.
class Mount {
 public:
  // A tmpfs of `bytes` (rounded up to pages by the kernel), mode 0700.
  static std::optional<Mount> Tmpfs(std::uint64_t bytes);
  // `dir` bound read-only onto itself; unmounting restores the writable view.
  static std::optional<Mount> ReadOnlyBind(const fs::path& dir);
  Mount(Mount&& other) noexcept;
  Mount& operator=(Mount&&) = delete;
  ~Mount();
  const fs::path& path() const { return target_; }

 private:
  Mount(fs::path target, fs::path owned_dir) : target_(std::move(target)), owned_dir_(std::move(owned_dir)) {}
  fs::path target_;
  fs::path owned_dir_;  // removed after unmounting, when we created it
};

// The answers of a host fed `requests` all at once (pipelined) before its stdin is closed; checks it exits 0.
std::vector<Json> AskPipelined(StateDir& state, const std::vector<Json>& requests,
                               const std::vector<std::string>& args = ChromiumArgs());

// The message of an error answer.
std::string ErrorMessage(const Json& answer);

}  // namespace zcrm::fault
