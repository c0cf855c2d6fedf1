// The state lock held by a stuck process (a host frozen mid-write, a debugger, a hung NFS client): writers
// wait a bounded time and answer LOCK_TIMEOUT, readers never wait, nothing deadlocks, and everything works
// once the holder goes away.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fault_seeded.hpp"

namespace zcrm::fault {
namespace {

using namespace std::chrono_literals;

// Vault::Open's default, documented in host/store/vault.hpp; the tests allow generous slack above it.
constexpr auto kLockTimeout = 5000ms;
constexpr auto kSlack = 4000ms;

long long MsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

using StuckLock = SeededFault;

TEST_F(StuckLock, WritersTimeOutWithinTheBoundReadersDoNotWaitAndAllRecoverAfterwards) {
  LockHolder holder(state_.path() / "lock");
  HostProcess host(state_, ChromiumArgs());

  auto start = Clock::now();
  const Json read = host.Ask(Scoped(1, "token.get"));
  EXPECT_EQ(read.value("access_token", ""), kSeedToken) << read;
  EXPECT_LT(MsSince(start), 2000) << "a read must not wait for the lock";

  for (const Json& write : {TokenStore(2, "1000.blocked"), BudgetReserve(3, "refresh")}) {
    start = Clock::now();
    const Json answer = host.Ask(write);
    const auto waited = MsSince(start);
    EXPECT_EQ(ErrorCode(answer), "LOCK_TIMEOUT") << answer;
    EXPECT_GE(waited, kLockTimeout.count() - 100) << "gave up before the documented wait";
    EXPECT_LE(waited, (kLockTimeout + kSlack).count()) << "waited far longer than the documented bound";
  }
  EXPECT_EQ(ErrorCode(host.Ask(Hello(4))), "") << "the host keeps serving";

  holder.Release();
  const Json after = host.Ask(TokenStore(5, "1000.after-release"));
  EXPECT_EQ(ErrorCode(after), "") << after;
  EXPECT_EQ(host.Ask(Scoped(6, "token.get")).value("access_token", ""), "1000.after-release");
  EXPECT_EQ(host.Ask(BudgetGet(7))["refresh"].value("used", -1), 1)
      << "the timed-out reservation was not counted";
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
}

TEST_F(StuckLock, ManyWritersBehindOneStuckHolderAllTimeOutThenAllSucceed) {
  constexpr int kHosts = 6;
  auto holder = std::make_unique<LockHolder>(state_.path() / "lock");
  std::vector<std::unique_ptr<HostProcess>> hosts;
  const auto start = Clock::now();
  for (int h = 0; h < kHosts; ++h) {
    hosts.push_back(std::make_unique<HostProcess>(state_, ChromiumArgs()));
    ASSERT_TRUE(hosts.back()->Send(AccountChoose(h, "stuck-" + std::to_string(h), "Stuck")));
  }
  for (auto& host : hosts) {
    const Json answer = host->ReadAnswer(kLockTimeout + kSlack + 5s);
    EXPECT_EQ(ErrorCode(answer), "LOCK_TIMEOUT") << answer;
  }
  EXPECT_LE(MsSince(start), (kLockTimeout + kSlack + 2s).count()) << "the waits overlapped, not queued";
  holder.reset();
  for (int h = 0; h < kHosts; ++h) {
    const Json answer = hosts[h]->Ask(AccountChoose(h + 100, "free-" + std::to_string(h), "Free"));
    EXPECT_EQ(ErrorCode(answer), "") << answer;
  }
  for (auto& host : hosts) EXPECT_EQ(host->Finish(), 0) << host->Stderr();
  const Json recent = AskOnce(state_, Scoped(1, "account.recent"));
  int free = 0;
  for (const auto& entry : recent["accounts"]) free += entry.value("id", "").rfind("free-", 0) == 0;
  EXPECT_EQ(free, kHosts) << recent;
}

TEST(StuckLockFresh, AFirstStartBehindAStuckHolderTimesOutAndCreatesNothing) {
  StateDir state;
  LockHolder holder(state.path() / "lock");
  HostProcess host(state, ChromiumArgs());
  const auto start = Clock::now();
  const Json answer = host.Ask(TokenStore(1, "1000.first"));
  EXPECT_EQ(ErrorCode(answer), "LOCK_TIMEOUT") << answer;
  EXPECT_LE(MsSince(start), (kLockTimeout + kSlack).count());
  EXPECT_FALSE(fs::exists(state.path() / "key")) << "the key is created under the lock only";
  holder.Release();
  EXPECT_EQ(ErrorCode(host.Ask(TokenStore(2, "1000.first"))), "");
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
}

}  // namespace
}  // namespace zcrm::fault
