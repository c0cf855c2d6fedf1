// Hosts ended at random moments while they write: SIGKILL (a crash, the OOM killer, a browser killing its
// child), SIGTERM and closed pipes (how a browser ends a port), a stream cut inside a frame. After each, a
// fresh host opens the vault and finds, for every record, either the state before the interrupted write or
// the state after it: never a mix, never a damaged record, never a lost acknowledged write.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "fault_support.hpp"

namespace zcrm::fault {
namespace {

using namespace std::chrono_literals;

// A budget large enough that every reservation in these tests is granted, so "used" counts the writes
// exactly.
Json CountingConfig() {
  return StateDir::ConfigWith({{"limits", {{"login", {{"max", 10000}, {"window_s", 3600}}}}}});
}

enum class Kind { kChoose, kStore, kReserve };

// What is known for sure about one record: the values it may hold after an interrupted session.
struct Bounds {
  long long low = -1;   // the newest value acknowledged (or verified before), -1 for none
  long long high = -1;  // the newest value that reached the host whole (it may or may not have been applied)
};

// Feeds a host a stream of writes (account.choose, token.store, budget.reserve in turn, each tagged with a
// global sequence number) and reads its answers, until a deadline; then the caller interrupts the host.
class WriteStream {
 public:
  WriteStream(HostProcess& host, long long& sequence) : host_(host), sequence_(sequence) {}

  // Writes and reads until the deadline or until the host stops reading. At most kWindow requests are
  // unanswered at any time, so the host is busy writing when it is interrupted instead of holding a long
  // backlog.
  void RunUntil(Clock::time_point deadline) {
    char buffer[65536];
    while (Clock::now() < deadline) {
      if (pending_.empty() && whole_.size() < answered_ + kWindow) Enqueue();
      pollfd fds[2] = {{pending_.empty() ? -1 : host_.stdin_fd(), POLLOUT, 0},
                       {host_.stdout_fd(), POLLIN, 0}};
      const int n = ::poll(fds, 2, 1);
      if (n < 0 && errno != EINTR) throw HostTestError(std::string("poll: ") + std::strerror(errno));
      if (fds[0].revents & POLLOUT) {
        const ssize_t w = ::write(host_.stdin_fd(), pending_.data(), pending_.size());
        if (w > 0) {
          pending_.erase(0, static_cast<std::size_t>(w));
          if (pending_.empty()) whole_.push_back(in_flight_);
        } else if (w < 0 && errno == EPIPE) {
          return;
        }
      }
      if (fds[1].revents & (POLLIN | POLLHUP)) {
        const ssize_t r = ::read(host_.stdout_fd(), buffer, sizeof buffer);
        if (r <= 0) return;
        out_.append(buffer, static_cast<std::size_t>(r));
        TakeAnswers();
      }
    }
  }

  // Sends the rest of a frame cut by the deadline, so the host's input ends at a frame boundary.
  void FinishFrame() {
    if (pending_.empty()) return;
    if (host_.WriteRaw(pending_)) whole_.push_back(in_flight_);
    pending_.clear();
  }

  // Writes only the first half of the next frame: the browser died in the middle of sending it.
  void WriteHalfFrame() {
    FinishFrame();
    Enqueue();
    const std::string half = pending_.substr(0, pending_.size() / 2);
    host_.WriteRaw(half);
    pending_.clear();
  }

  // After the host has gone: collects the answers it still wrote.
  void Drain() {
    out_ += host_.ReadToEnd(5s);
    TakeAnswers();
  }

  // Folds what this session did into the bounds of each record.
  void Update(Bounds& choose, Bounds& store, Bounds& reserve_low_high) const {
    for (const auto& [kind, seq] : whole_) {
      Bounds& b = kind == Kind::kChoose ? choose : kind == Kind::kStore ? store : reserve_low_high;
      if (kind == Kind::kReserve) {
        ++b.high;
      } else {
        b.high = seq;
      }
    }
    for (const auto& [kind, seq] : acked_) {
      Bounds& b = kind == Kind::kChoose ? choose : kind == Kind::kStore ? store : reserve_low_high;
      if (kind == Kind::kReserve) {
        ++b.low;
      } else {
        b.low = seq;
      }
    }
  }

  int acked() const { return static_cast<int>(acked_.size()); }
  int bad_frames() const { return bad_frames_; }
  int whole() const { return static_cast<int>(whole_.size()); }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  void Enqueue() {
    const long long seq = sequence_++;
    const std::string n = std::to_string(seq);
    const Kind kind = static_cast<Kind>(seq % 3);
    Json request = kind == Kind::kChoose  ? AccountChoose(seq, "k" + n, "Killed " + n)
                   : kind == Kind::kStore ? TokenStore(seq, "1000.kill-" + n)
                                          : BudgetReserve(seq, "login");
    pending_ = Frame(request);
    in_flight_ = {kind, seq};
  }

  void TakeAnswers() {
    std::string leftover;
    for (const auto& body : SplitFrames(out_, leftover)) {
      const Json answer = Json::parse(body, nullptr, false);
      if (ErrorCode(answer) == "BAD_FRAME" && answer.value("id", Json(0)).is_null()) {
        ++bad_frames_;  // the host's last word on a stream cut inside a frame
        continue;
      }
      if (whole_.size() <= answered_) {
        failures_.push_back("an answer to a request that was never sent whole: " + body);
      } else if (ErrorCode(answer) != "") {
        failures_.push_back("a write failed: " + body);
      } else {
        acked_.push_back(whole_[answered_]);
      }
      ++answered_;
    }
    out_ = leftover;
  }

  static constexpr std::size_t kWindow = 2;

  HostProcess& host_;
  long long& sequence_;
  std::string pending_;
  std::pair<Kind, long long> in_flight_{Kind::kChoose, -1};
  std::vector<std::pair<Kind, long long>> whole_;  // requests written whole, in order
  std::vector<std::pair<Kind, long long>> acked_;  // requests answered ok, in order
  std::size_t answered_ = 0;
  int bad_frames_ = 0;
  std::string out_;
  std::vector<std::string> failures_;
};

long long SeqOf(const std::string& value, const std::string& prefix) {
  if (value.rfind(prefix, 0) != 0) return -2;
  return std::stoll(value.substr(prefix.size()));
}

class Interrupted : public ::testing::Test {
 protected:
  Interrupted() : state_(CountingConfig()) {}

  // A fresh host finds, per record, a value within what the session may have done; the bounds then collapse
  // to that value for the next session. Returns false (and fails) otherwise.
  bool VerifyAndCollapse(const std::string& what) {
    const auto answers =
        AskFresh(state_, {Scoped("v1", "account.get"), Scoped("v2", "token.get"), BudgetGet("v3")});
    for (const auto& a : answers) {
      if (ErrorCode(a) != "" && ErrorCode(a) != "NO_TOKEN") {
        ADD_FAILURE() << what << ": the vault does not open cleanly: " << a;
        return false;
      }
    }
    const Json& account = answers[0]["account"];
    const long long chosen = account.is_null() ? -1 : SeqOf(account.value("id", ""), "k");
    const long long stored =
        ErrorCode(answers[1]) == "NO_TOKEN" ? -1 : SeqOf(answers[1].value("access_token", ""), "1000.kill-");
    const long long used = answers[2]["login"].value("used", -100);
    bool ok = true;
    auto check = [&](const char* name, long long got, Bounds& b, bool counter) {
      const bool within =
          counter ? (got >= b.low && got <= b.high) : (got == b.low || (got > b.low && got <= b.high));
      if (!within) {
        ADD_FAILURE() << what << ": " << name << " holds " << got << ", expected the acknowledged " << b.low
                      << (counter ? " up to " : " or a later write up to ") << b.high;
        ok = false;
      }
      b.low = b.high = got;
    };
    check("account.get", chosen, choose_, false);
    check("token.get", stored, store_, false);
    check("budget login used", used, reserve_, true);
    return ok;
  }

  void RecordSession(const WriteStream& stream) {
    stream.Update(choose_, store_, reserve_);
    for (const auto& f : stream.failures()) ADD_FAILURE() << f;
    acked_total_ += stream.acked();
  }

  void ExpectNoDamage() {
    HostProcess status(state_, {"status", "--json"});
    const Json report = Json::parse(status.ReadToEnd(), nullptr, false);
    EXPECT_EQ(status.Finish(), 0) << status.Stderr();
    EXPECT_EQ(report.value("damaged_records", -1), 0) << report;
    EXPECT_FALSE(fs::exists(state_.path() / "damaged"));
  }

  StateDir state_;
  Bounds choose_, store_;
  Bounds reserve_{0, 0};
  long long sequence_ = 0;
  int acked_total_ = 0;
};

TEST_F(Interrupted, TwoHundredSigkillsAtRandomMomentsLeaveTheOldOrTheNewState) {
  constexpr int kRounds = 200;
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_us(0, 25000);
  int mid_write = 0;
  for (int round = 0; round < kRounds; ++round) {
    const auto delay = std::chrono::microseconds(delay_us(random));
    const std::string what =
        "round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay.count()) + " us";
    const auto temps_before = TempFiles(state_.path()).size();
    {
      HostProcess host(state_, ChromiumArgs());
      // The random moment is counted from when the host serves, so it falls among writes, not start-up.
      ASSERT_EQ(ErrorCode(host.Ask(Hello("ready"))), "");
      WriteStream stream(host, sequence_);
      stream.RunUntil(Clock::now() + delay);
      host.Signal(SIGKILL);
      EXPECT_EQ(host.WaitExit(), -SIGKILL) << what;
      RecordSession(stream);
    }
    if (TempFiles(state_.path()).size() > temps_before) ++mid_write;
    if (!VerifyAndCollapse(what)) break;
  }
  ExpectNoDamage();
  std::cout << "[ fault ] " << kRounds << " SIGKILLs, " << acked_total_ << " acknowledged writes, "
            << mid_write << " kills landed between a temp file's creation and its rename (temp files left: "
            << TempFiles(state_.path()).size() << ")\n";
}

TEST_F(Interrupted, BrowserEndingThePortMidWriteLeavesTheOldOrTheNewState) {
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_us(0, 20000);
  for (int round = 0; round < 60; ++round) {
    const auto delay = std::chrono::microseconds(delay_us(random));
    const int how = round % 3;
    const std::string what = "round " + std::to_string(round) +
                             (how == 0   ? ": SIGTERM"
                              : how == 1 ? ": stdout closed"
                                         : ": frame cut");
    {
      HostProcess host(state_, ChromiumArgs());
      // A host answers only once its signal handlers are in place; before that SIGTERM simply ends it.
      ASSERT_EQ(ErrorCode(host.Ask(Hello("ready"))), "");
      WriteStream stream(host, sequence_);
      stream.RunUntil(Clock::now() + delay);
      int code = 0;
      if (how != 2) stream.FinishFrame();
      if (how == 0) {
        // Chromium and Firefox send SIGTERM to a host that outlives its port; it must finish the write and
        // exit 0.
        host.Signal(SIGTERM);
        stream.Drain();
        code = host.WaitExit(5s);
      } else if (how == 1) {
        // The browser closed the port: our ends of both pipes go away; the host sees EPIPE or EOF and exits
        // 0.
        host.CloseStdout();
        host.CloseStdin();
        code = host.WaitExit(5s);
      } else {
        // The browser died while sending: half a frame, then EOF. BAD_FRAME, exit 2, nothing of it applied.
        stream.WriteHalfFrame();
        host.CloseStdin();
        stream.Drain();
        code = host.WaitExit(5s);
      }
      EXPECT_EQ(code, how == 2 ? 2 : 0) << what << "; stderr: " << host.Stderr();
      if (how == 2) {
        EXPECT_EQ(stream.bad_frames(), 1) << what;
      }
      RecordSession(stream);
    }
    EXPECT_TRUE(TempFiles(state_.path()).empty())
        << what << ": a host that exits by itself finishes its write";
    if (!VerifyAndCollapse(what)) break;
  }
  ExpectNoDamage();
}

}  // namespace
}  // namespace zcrm::fault
