// The disk refuses writes: full (a write past a file-size limit, or a real full tmpfs), read-only (modes
// obeyed even by root, or a read-only bind mount) or gone. The host answers STATE_UNAVAILABLE for what needs
// a write, keeps serving reads, leaves no half-written file, and the previous state is intact once the disk
// is back.
//
// How each fault is made (see docs/SECURITY.md, "Testing"):
//   disk full     RLIMIT_FSIZE on the host via fault_launcher (EFBIG; no privileges needed), and, where this
//                 process may mount (root), a tiny tmpfs filled to the last byte (ENOSPC).
//   read-only     folder modes 0500 with the host's DAC-override capabilities dropped by fault_launcher (root
//                 ignores modes otherwise; unprivileged runs obey them anyway), and, where mounting is
//                 allowed, a read-only bind mount of the state folder (EROFS).
//   missing       the state folder removed, or replaced by a file, under a running host.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "fault_seeded.hpp"
#include "text.hpp"

namespace zcrm::fault {
namespace {

using test_support::Cat;

constexpr const char* kNewToken = "1000.newtokenthatmustnotland0123456789abcdef";

enum class Removal { kWorks, kFails };

// Every kind of write a host does, then the reads that must still work, in one session. On a full disk
// removing a file still works (token.forget is then a real sign-out and is left out); on a read-only one it
// fails too.
void ExpectWritesRefusedReadsServed(HostProcess& host, const std::string& why, Removal removal) {
  SCOPED_TRACE(why);
  std::vector<Json> writes = {TokenStore("w1", kNewToken), AccountChoose("w2", "999", "Other"),
                              BudgetReserve("w3", "refresh"), BudgetReserve("w4", "login"),
                              Scoped("w5", "account.clear")};
  if (removal == Removal::kFails) writes.push_back(Scoped("w6", "token.forget"));
  for (const Json& write : writes) {
    const Json answer = host.Ask(write);
    EXPECT_EQ(ErrorCode(answer), "STATE_UNAVAILABLE") << answer;
    EXPECT_FALSE(ErrorMessage(answer).empty()) << answer;
  }
  EXPECT_EQ(host.Ask(Scoped("r1", "token.get")).value("access_token", ""), kSeedToken);
  EXPECT_EQ(host.Ask(Scoped("r2", "account.get"))["account"].value("id", ""), kSeedAccount);
  EXPECT_EQ(host.Ask(BudgetGet("r3"))["refresh"].value("used", -1), 1);
  EXPECT_EQ(ErrorCode(host.Ask(Hello("r4"))), "");
}

using DiskFull = SeededFault;

TEST_F(DiskFull, FileSizeLimitRefusesEveryWriteAndKeepsThePreviousState) {
  {
    ScopedEnv fsize("ZCRM_FAULT_FSIZE", "64");  // smaller than any record: the write fails midway
    HostProcess host(state_, ChromiumArgs());
    ExpectWritesRefusedReadsServed(host, "RLIMIT_FSIZE=64", Removal::kWorks);
    const Json answer = host.Ask(TokenStore("w6", kNewToken));
    EXPECT_NE(ErrorMessage(answer).find("too large"), std::string::npos)
        << "the message names the system's reason: " << answer;
    EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  }
  ExpectSeedIntact(state_);
  // The disk is back: the same writes now succeed.
  const auto after = AskFresh(state_, {TokenStore(1, kNewToken), Scoped(2, "token.get")});
  EXPECT_EQ(after[1].value("access_token", ""), kNewToken) << after[1];
}

TEST(DiskFullFresh, FirstStartOnAFullDiskCreatesNoKeyAndRecoversLater) {
  StateDir state;
  {
    ScopedEnv fsize("ZCRM_FAULT_FSIZE", "16");  // not even the 32-byte key fits
    HostProcess host(state, ChromiumArgs());
    const Json answer = host.Ask(TokenStore(1, kNewToken));
    EXPECT_EQ(ErrorCode(answer), "STATE_UNAVAILABLE") << answer;
    EXPECT_EQ(ErrorCode(host.Ask(Hello(2))), "");
    EXPECT_EQ(host.Finish(), 0);
  }
  EXPECT_FALSE(fs::exists(state.path() / "key")) << "a partial key must never be published";
  for (const auto& name : Entries(state.path())) EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
  {
    ScopedEnv fsize("ZCRM_FAULT_FSIZE", "40");  // the key fits, the vault's check record does not
    const Json answer = AskOnce(state, TokenStore(1, kNewToken));
    EXPECT_EQ(ErrorCode(answer), "STATE_UNAVAILABLE") << answer;
  }
  const auto after = AskFresh(state, {TokenStore(1, kNewToken), Scoped(2, "token.get")});
  EXPECT_EQ(ErrorCode(after[0]), "") << after[0];
  EXPECT_EQ(after[1].value("access_token", ""), kNewToken) << after[1];
}

TEST(DiskFullTmpfs, AFullFileSystemRefusesWritesAndKeepsThePreviousState) {
  auto mount = Mount::Tmpfs(256 * 1024);
  if (!mount) GTEST_SKIP() << "mounting a tmpfs is not permitted here; RLIMIT_FSIZE tests cover disk full";
  const fs::path home = mount->path() / "zcrm";
  fs::create_directory(home);
  fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace);
  // StateDir makes its own /tmp folder; point a second one at the tmpfs through a config copy.
  StateDir outside;
  WriteFile(home / "config.json", ReadFile(outside.path() / "config.json"));
  const fs::path original = outside.path();
  fs::remove_all(original);
  fs::create_directory_symlink(home, original);  // ZCRM_BRIDGE_HOME=<original> now lands on the tmpfs
  Seed(outside);
  // Fill every remaining byte (and inode) of the tmpfs.
  {
    std::ofstream filler(mount->path() / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  for (int i = 0;; ++i) {
    std::ofstream small(mount->path() / Cat("f", i));
    if (!(small << 'x') || !small.flush() || i > 100000) break;
  }
  {
    HostProcess host(outside, ChromiumArgs());
    ExpectWritesRefusedReadsServed(host, "tmpfs full", Removal::kWorks);
    EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  }
  ExpectSeedIntact(outside);
  fs::remove(mount->path() / "filler");
  const auto after = AskFresh(outside, {TokenStore(1, kNewToken), Scoped(2, "token.get")});
  EXPECT_EQ(after[1].value("access_token", ""), kNewToken) << after[1];
  fs::remove(original);  // the symlink; StateDir's destructor must not follow it off the tmpfs
  fs::create_directory(original);
}

using ReadOnlyState = SeededFault;

TEST_F(ReadOnlyState, ModesObeyedEvenByRootRefuseWritesAndKeepThePreviousState) {
  const fs::path root = state_.path();
  fs::permissions(root, fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
  fs::permissions(root / "vault", fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
  {
    ScopedEnv drop("ZCRM_FAULT_DROP_DAC", "1");
    HostProcess host(state_, ChromiumArgs());
    ExpectWritesRefusedReadsServed(host, "state folder and vault mode 0500", Removal::kFails);
    const Json answer = host.Ask(TokenStore("w6", kNewToken));
    EXPECT_NE(ErrorMessage(answer).find("ermission denied"), std::string::npos) << answer;
    EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  }
  fs::permissions(root / "vault", fs::perms::owner_all, fs::perm_options::replace);
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::replace);
  ExpectSeedIntact(state_);
}

TEST(ReadOnlyStateFresh, AReadOnlyStateFolderWithoutAVaultIsStateUnavailable) {
  StateDir state;
  fs::permissions(state.path(), fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
  {
    ScopedEnv drop("ZCRM_FAULT_DROP_DAC", "1");
    const auto answers = AskFresh(state, {TokenStore(1, kNewToken), Scoped(2, "token.get"), Hello(3)});
    EXPECT_EQ(ErrorCode(answers[0]), "STATE_UNAVAILABLE") << answers[0];
    EXPECT_EQ(ErrorCode(answers[1]), "STATE_UNAVAILABLE") << answers[1];
    EXPECT_EQ(ErrorCode(answers[2]), "") << answers[2];
  }
  fs::permissions(state.path(), fs::perms::owner_all, fs::perm_options::replace);
  EXPECT_EQ(Entries(state.path()), std::vector<std::string>{"config.json"});
}

TEST_F(ReadOnlyState, ReadOnlyBindMountRefusesWritesAndKeepsThePreviousState) {
  {
    auto mount = Mount::ReadOnlyBind(state_.path());
    if (!mount) GTEST_SKIP() << "bind mounts are not permitted here; the 0500 test covers read-only";
    HostProcess host(state_, ChromiumArgs());
    ExpectWritesRefusedReadsServed(host, "read-only bind mount", Removal::kFails);
    const Json answer = host.Ask(TokenStore("w6", kNewToken));
    EXPECT_NE(ErrorMessage(answer).find("ead-only file system"), std::string::npos) << answer;
    EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  }
  ExpectSeedIntact(state_);
}

using MissingState = SeededFault;

TEST_F(MissingState, StateFolderRemovedUnderARunningHostIsStateUnavailableForWrites) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(host.Ask(Scoped(1, "token.get")).value("access_token", ""),
            kSeedToken);  // vault open, config read
  const fs::path moved = state_.path().string() + "-moved";
  fs::rename(state_.path(), moved);
  const Json store = host.Ask(TokenStore(2, kNewToken));
  EXPECT_EQ(ErrorCode(store), "STATE_UNAVAILABLE") << store;
  const Json choose = host.Ask(AccountChoose(3, "1", "X"));
  EXPECT_EQ(ErrorCode(choose), "STATE_UNAVAILABLE") << choose;
  EXPECT_EQ(ErrorCode(host.Ask(Hello(4))), "") << "the host keeps serving";
  EXPECT_FALSE(fs::exists(state_.path()))
      << "the host must not recreate a state folder under a running vault";
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  fs::rename(moved, state_.path());
  ExpectSeedIntact(state_);
}

TEST_F(MissingState, StateFolderReplacedByAFileUnderARunningHostIsStateUnavailable) {
  const fs::path moved = state_.path().string() + "-moved";
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Hello(1))), "");  // config read, vault not opened yet
  fs::rename(state_.path(), moved);
  WriteFile(state_.path(), "not a folder");
  for (const Json& request : {Scoped(2, "token.get"), TokenStore(3, kNewToken), BudgetGet(4)}) {
    const Json got = host.Ask(request);
    EXPECT_EQ(ErrorCode(got), "STATE_UNAVAILABLE") << got;
  }
  EXPECT_EQ(ErrorCode(host.Ask(Hello(5))), "") << "the host keeps serving";
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  fs::remove(state_.path());
  fs::rename(moved, state_.path());
  ExpectSeedIntact(state_);
}

}  // namespace
}  // namespace zcrm::fault
