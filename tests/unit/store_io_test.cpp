// I/O failures, the cross-process lock, reset, and concurrent writers.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "error/host_error.hpp"
#include "store/vault.hpp"
#include "support/store_support.hpp"

namespace zcrm::store {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;
using test_support::CodeOf;
using test_support::TempRoot;

std::vector<std::string> FileNamesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  return names;
}

// Tests run as root, where chmod 0500 does not stop writes. RLIMIT_FSIZE does bind root: any write past the
// limit fails with EFBIG (SIGXFSZ ignored), which exercises the same path as a full disk, portably.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

TEST(StoreIo, FailedWriteIsStateUnavailableAndKeepsPreviousValue) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const FileLock lock = vault.Lock();
  vault.Write(lock, "token", "previous");
  const std::size_t files_before = FileNamesIn(tmp.root() / "vault").size();
  {
    const FileSizeLimit limit(256);
    EXPECT_EQ(CodeOf([&] { vault.Write(lock, "token", std::string(4000, 'x')); }), "STATE_UNAVAILABLE");
  }
  EXPECT_EQ(vault.Read("token"), json("previous"));
  EXPECT_EQ(FileNamesIn(tmp.root() / "vault").size(), files_before);  // the temp file was removed
}

TEST(StoreIo, WriteWhenVaultFolderCannotHoldFilesIsStateUnavailable) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const FileLock lock = vault.Lock();
  vault.Write(lock, "token", "previous");
  // A plain file where the folder was: creating the temp file fails with ENOTDIR, even for root.
  fs::rename(tmp.root() / "vault", tmp.root() / "vault.saved");
  std::ofstream(tmp.root() / "vault") << "not a folder";
  EXPECT_EQ(CodeOf([&] { vault.Write(lock, "token", "new"); }), "STATE_UNAVAILABLE");
  fs::remove(tmp.root() / "vault");
  fs::rename(tmp.root() / "vault.saved", tmp.root() / "vault");
  EXPECT_EQ(vault.Read("token"), json("previous"));
}

TEST(StoreIo, LockTimesOutWhileAnotherHolderHasIt) {
  TempRoot tmp;
  VaultOptions options;
  options.lock_timeout = milliseconds(100);
  const Vault vault = Vault::Open(tmp.root(), options);
  // Two open() calls give two open file descriptions, whose flocks conflict even within one process.
  const FileLock held = vault.Lock();
  const auto start = std::chrono::steady_clock::now();
  try {
    vault.Lock();
    ADD_FAILURE() << "second Lock did not time out";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLockTimeout);
    EXPECT_NE(std::string(e.what()).find("100 ms"), std::string::npos) << e.what();
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(100));
  EXPECT_LT(waited, milliseconds(1000));
}

TEST(StoreIo, LockIsFreeAgainOnceReleased) {
  TempRoot tmp;
  const fs::path path = fs::path(tmp.root().parent_path()) / "lock";
  { const FileLock first = FileLock::Acquire(path, milliseconds(100)); }
  FileLock second = FileLock::Acquire(path, milliseconds(100));
  FileLock moved = std::move(second);  // the moved-from object must not release the lock
  EXPECT_EQ(CodeOf([&] { FileLock::Acquire(path, milliseconds(20)); }), "LOCK_TIMEOUT");
}

TEST(StoreIo, ResetMovesEverythingAsideAndFreshOpenIsEmpty) {
  TempRoot tmp;
  {
    Vault vault = Vault::Open(tmp.root());
    vault.Write(vault.Lock(), "token", "value");
  }
  fs::create_directory(tmp.root() / "damaged");
  std::ofstream(tmp.root() / "damaged" / "old.zcb.1") << "x";
  std::ofstream(tmp.root() / "key", std::ios::trunc) << "broken";  // Reset must not need a valid key

  const fs::path moved = Vault::Reset(tmp.root());
  EXPECT_EQ(moved.parent_path(), tmp.root());
  EXPECT_TRUE(moved.filename().string().starts_with("reset-")) << moved;
  EXPECT_EQ(fs::status(moved).permissions(), fs::perms::owner_all);
  EXPECT_TRUE(fs::exists(moved / "key"));
  EXPECT_TRUE(fs::exists(moved / "vault"));
  EXPECT_TRUE(fs::exists(moved / "damaged" / "old.zcb.1"));
  for (const char* item : {"key", "vault", "damaged"}) EXPECT_FALSE(fs::exists(tmp.root() / item)) << item;

  Vault fresh = Vault::Open(tmp.root());
  EXPECT_EQ(fresh.Read("token"), std::nullopt);
  EXPECT_TRUE(fresh.List("").records.empty());
  fresh.Write(fresh.Lock(), "token", "new");
  EXPECT_EQ(fresh.Read("token"), json("new"));
  EXPECT_NE(Vault::Reset(tmp.root()), moved);  // a second reset in the same second gets its own folder
}

// Each child opens the vault itself (racing on first-time setup too) and increments one counter under the
// lock.
TEST(StoreIo, EightProcessesIncrementingUnderTheLockLoseNoUpdate) {
  TempRoot tmp;
  constexpr int kChildren = 8;
  constexpr int kIncrements = 50;
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        VaultOptions patient;  // this test is about lost updates, not timeouts on a slow disk
        patient.lock_timeout = std::chrono::seconds(60);
        Vault vault = Vault::Open(tmp.root(), patient);
        for (int i = 0; i < kIncrements; ++i) {
          const FileLock lock = vault.Lock();
          const std::optional<json> current = vault.Read("counter");
          vault.Write(lock, "counter", (current ? current->get<int>() : 0) + 1);
        }
      } catch (...) {
        status = 1;
      }
      _exit(status);  // skip gtest's and the parent's exit handlers
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child " << pid << " status " << status;
  }
  EXPECT_EQ(Vault::Open(tmp.root()).Read("counter"), json(kChildren * kIncrements));
}

}  // namespace
}  // namespace zcrm::store
