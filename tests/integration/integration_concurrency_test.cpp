// Many host processes at once (every browser tab may start one) and hosts killed mid-write: reservations stay
// atomic, no update is lost and the vault always opens again.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

using Clock = std::chrono::steady_clock;

Json LimitsConfig(int refresh_max) {
  return StateDir::ConfigWith({{"limits", {{"refresh", {{"max", refresh_max}, {"window_s", 1200}}}}}});
}

// Starts `hosts` processes, then sends each its requests all at once and closes its stdin. Returns every
// answer.
std::vector<std::vector<Json>> RunAtOnce(StateDir& state, int hosts,
                                         const std::function<std::vector<Json>(int)>& requests_of) {
  std::vector<std::unique_ptr<HostProcess>> running;
  for (int h = 0; h < hosts; ++h) running.push_back(std::make_unique<HostProcess>(state, ChromiumArgs()));
  for (int h = 0; h < hosts; ++h) {
    std::string stream;
    for (const auto& request : requests_of(h)) stream += Frame(request);
    EXPECT_TRUE(running[h]->WriteRaw(stream));
    running[h]->CloseStdin();
  }
  std::vector<std::vector<Json>> answers(hosts);
  for (int h = 0; h < hosts; ++h) {
    std::string leftover;
    for (const auto& body : SplitFrames(running[h]->ReadToEnd(), leftover))
      answers[h].push_back(Json::parse(body));
    EXPECT_EQ(leftover, "");
    EXPECT_EQ(running[h]->WaitExit(), 0) << running[h]->Stderr();
  }
  return answers;
}

TEST(IntegrationConcurrency, SixteenHostsReservingAtOnceGrantExactlyTheLimit) {
  StateDir state(LimitsConfig(20));  // a fresh folder: the hosts also race to create the key
  const auto answers = RunAtOnce(state, 16, [](int h) {
    return std::vector<Json>{BudgetReserve(h * 10 + 1, "refresh"), BudgetReserve(h * 10 + 2, "refresh"),
                             BudgetReserve(h * 10 + 3, "refresh")};
  });
  std::map<std::string, int> codes;
  for (const auto& host_answers : answers) {
    EXPECT_EQ(host_answers.size(), 3u);
    for (const auto& answer : host_answers) ++codes[ErrorCode(answer)];
  }
  EXPECT_EQ(codes[""], 20);
  EXPECT_EQ(codes["RATE_LIMITED"], 16 * 3 - 20);
  EXPECT_EQ(codes.size(), 2u) << "no other outcome (LOCK_TIMEOUT, KEY_MISMATCH...) is expected";
  EXPECT_EQ(AskOnce(state, BudgetGet(1))["refresh"].value("used", 0), 20);
}

TEST(IntegrationConcurrency, NoReservationIsLostWhenEightHostsReserveAtOnce) {
  StateDir state(LimitsConfig(1000));
  const auto answers = RunAtOnce(state, 8, [](int h) {
    std::vector<Json> requests;
    for (int i = 0; i < 25; ++i) requests.push_back(BudgetReserve(h * 100 + i, "refresh"));
    return requests;
  });
  for (const auto& host_answers : answers) {
    ASSERT_EQ(host_answers.size(), 25u);
    for (const auto& answer : host_answers) EXPECT_EQ(ErrorCode(answer), "") << answer;
  }
  EXPECT_EQ(AskOnce(state, BudgetGet(1))["refresh"].value("used", 0), 200);
}

TEST(IntegrationConcurrency, EveryTokenAndChoiceSurvivesEightHostsWritingAtOnce) {
  StateDir state;
  const auto answers = RunAtOnce(state, 8, [](int h) {
    const std::string n = std::to_string(h);
    std::vector<Json> requests = {TokenStore(0, "1000.tok-" + n, "1000.C" + n)};
    for (int i = 0; i < 5; ++i)
      requests.push_back(AccountChoose(i + 1, "h" + n + "-" + std::to_string(i), "N"));
    return requests;
  });
  for (const auto& host_answers : answers) {
    for (const auto& answer : host_answers) EXPECT_EQ(ErrorCode(answer), "") << answer;
  }
  std::vector<Json> checks;
  for (int h = 0; h < 8; ++h) checks.push_back(Scoped(h, "token.get", "1000.C" + std::to_string(h)));
  checks.push_back(Scoped(8, "account.recent"));
  const auto after = AskFresh(state, checks);
  for (int h = 0; h < 8; ++h) EXPECT_EQ(after[h].value("access_token", ""), "1000.tok-" + std::to_string(h));
  // 40 choices of distinct accounts: the 20 kept are distinct and each host's last choices are among them.
  std::set<std::string> kept;
  for (const auto& entry : after[8]["accounts"]) kept.insert(entry.value("id", ""));
  EXPECT_EQ(kept.size(), 20u) << after[8];
}

// Streams token.store and account.choose frames into the host, draining its answers, until the deadline.
void StreamWritesUntil(HostProcess& host, Clock::time_point deadline, int& sequence) {
  std::string pending;
  char drain[65536];
  while (Clock::now() < deadline) {
    if (pending.empty()) {
      const int id = sequence++;
      const std::string n = std::to_string(id);
      pending = Frame(id % 2 ? TokenStore(id, "1000.kill-" + n) : AccountChoose(id, "k" + n, "Killed " + n));
    }
    pollfd fds[2] = {{host.stdin_fd(), POLLOUT, 0}, {host.stdout_fd(), POLLIN, 0}};
    if (::poll(fds, 2, 1) < 0 && errno != EINTR) FAIL() << "poll failed";
    if (fds[0].revents & POLLOUT) {
      const ssize_t n = ::write(host.stdin_fd(), pending.data(), pending.size());
      if (n > 0) pending.erase(0, static_cast<std::size_t>(n));
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      if (::read(host.stdout_fd(), drain, sizeof drain) <= 0) return;
    }
  }
}

TEST(IntegrationConcurrency, VaultOpensAfterTheHostIsKilledMidWrite) {
  StateDir state;
  ASSERT_EQ(ErrorCode(AskOnce(state, TokenStore(1, "1000.before-kills"))), "");
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_us(0, 40000);
  int sequence = 0;
  for (int round = 0; round < 20; ++round) {
    const auto delay = std::chrono::microseconds(delay_us(random));
    SCOPED_TRACE("round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay.count()) +
                 " us");
    {
      HostProcess host(state, ChromiumArgs());
      StreamWritesUntil(host, Clock::now() + delay, sequence);
      host.Signal(SIGKILL);
      EXPECT_EQ(host.WaitExit(), -SIGKILL);
    }
    const auto answers = AskFresh(state, {Scoped(1, "token.status"), Scoped(2, "account.get"),
                                          Scoped(3, "token.get"), AccountChoose(4, "after", "After")});
    for (const auto& answer : answers) EXPECT_EQ(ErrorCode(answer), "") << answer;
    EXPECT_EQ(answers[0].value("present", false), true) << answers[0];
    if (HasFailure()) break;
  }
  EXPECT_GT(sequence, 20) << "the hosts should have been sent a stream of writes";
  HostProcess status(state, {"status", "--json"});
  const Json report = Json::parse(status.ReadToEnd(), nullptr, false);
  EXPECT_EQ(status.Finish(), 0) << status.Stderr();
  EXPECT_EQ(report.value("damaged_records", -1), 0) << report;
  EXPECT_FALSE(std::filesystem::exists(state.path() / "damaged"));
}

}  // namespace
}  // namespace zcrm::integration
