// budget.* handlers against a real vault and an injected clock: grants up to the limit, RATE_LIMITED with the
// exact wait, slots free when the window passes, budget.get only looks, and grants persist in the vault.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "error/host_error.hpp"
#include "handlers/context.hpp"
#include "handlers/dispatch.hpp"
#include "protocol/parse.hpp"
#include "store/vault.hpp"

namespace zcrm {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::int64_t kT0 = 1764340000000;
constexpr const char* kChromium = "chromium:abcdefghijklmnopabcdefghijklmnop";
constexpr const char* kFirefox = "firefox:zcrm@example.com";

// A fresh mkdtemp folder per test (never $HOME); the state root is a child Vault::Open creates.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "zcrm-handlers-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path root() const { return dir_ / "state"; }

 private:
  fs::path dir_;
};

// Handlers against a real vault and a clock the test advances; each Context is one caller.
class HandlersBudget : public ::testing::Test {
 protected:
  handlers::Context ContextFor(const std::string& caller) {
    handlers::Context ctx;
    ctx.vault = [this]() -> store::Vault& {
      if (!vault_) vault_.emplace(store::Vault::Open(tmp_.root()));
      return *vault_;
    };
    ctx.caller = caller;
    ctx.settings = settings_;
    ctx.now_ms = [this] { return now_; };
    return ctx;
  }

  // Parses like the host does, then dispatches: the request JSON is what a browser would send.
  static json Run(handlers::Context& ctx, const json& request) {
    return handlers::Dispatch(ctx, protocol::ParseRequest(request));
  }

  struct Failure {
    std::string code;
    std::optional<std::int64_t> retry_after_ms;
  };
  static Failure FailureOf(handlers::Context& ctx, const json& request) {
    try {
      (void)Run(ctx, request);
    } catch (const HostError& e) {
      return {std::string(ErrorCodeName(e.code())), e.retry_after_ms()};
    }
    return {"no error", std::nullopt};
  }

  TempDir tmp_;
  std::optional<store::Vault> vault_;
  handlers::Settings settings_;
  std::int64_t now_ = kT0;
};

json Reserve(const std::string& kind, const std::string& client_id = "1000.ABC") {
  return {{"id", 6}, {"type", "budget.reserve"}, {"client_id", client_id}, {"kind", kind}};
}

json Get(const std::string& client_id = "1000.ABC") {
  return {{"id", 7}, {"type", "budget.get"}, {"client_id", client_id}};
}

TEST_F(HandlersBudget, ReserveAnswersTheSnapshotAfterTheGrant) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(
      Run(ctx, Reserve("refresh")),
      json({{"kind", "refresh"}, {"used", 1}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0}}));
  EXPECT_EQ(
      Run(ctx, Reserve("login")),
      json({{"kind", "login"}, {"used", 1}, {"limit", 10}, {"window_ms", 600000}, {"next_free_at", kT0}}));
}

TEST_F(HandlersBudget, ReserveGrantsUpToTheLimitThenRateLimitedWithRetryAfter) {
  settings_.refresh = {3, 60000};
  auto ctx = ContextFor(kChromium);
  for (int i = 1; i <= 3; ++i) {
    const auto granted = Run(ctx, Reserve("refresh"));
    EXPECT_EQ(granted["used"], i);
    now_ += 1000;
  }
  now_ = kT0 + 5000;
  const auto refused = FailureOf(ctx, Reserve("refresh"));
  EXPECT_EQ(refused.code, "RATE_LIMITED");
  EXPECT_EQ(refused.retry_after_ms, kT0 + 60000 - now_);
}

TEST_F(HandlersBudget, ReserveFreesAfterTheWindow) {
  settings_.login = {2, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  now_ += 10000;
  Run(ctx, Reserve("login"));
  now_ = kT0 + 60000 - 1;
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).retry_after_ms, 1);
  now_ = kT0 + 60000;
  const auto granted = Run(ctx, Reserve("login"));
  EXPECT_EQ(granted["used"], 2);
  EXPECT_EQ(granted["next_free_at"], kT0 + 10000 + 60000);
}

TEST_F(HandlersBudget, RefusedReservationsAreNotCounted) {
  settings_.refresh = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("refresh"));
  for (int i = 0; i < 5; ++i) {
    now_ += 1000;
    EXPECT_EQ(FailureOf(ctx, Reserve("refresh")).code, "RATE_LIMITED");
  }
  now_ = kT0 + 60000;
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetGetReflectsReservations) {
  settings_.login = {2, 60000};
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Get()),
            json({{"login", {{"used", 0}, {"limit", 2}, {"window_ms", 60000}, {"next_free_at", kT0}}},
                  {"refresh", {{"used", 0}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0}}}}));
  Run(ctx, Reserve("login"));
  now_ += 5000;
  Run(ctx, Reserve("login"));
  Run(ctx, Reserve("refresh"));
  now_ += 1000;
  const auto got = Run(ctx, Get());
  EXPECT_EQ(got["login"],
            json({{"used", 2}, {"limit", 2}, {"window_ms", 60000}, {"next_free_at", kT0 + 60000}}));
  EXPECT_EQ(got["refresh"],
            json({{"used", 1}, {"limit", 20}, {"window_ms", 1200000}, {"next_free_at", kT0 + 6000}}));
  now_ = kT0 + 60000;
  EXPECT_EQ(Run(ctx, Get())["login"]["used"], 1);
}

TEST_F(HandlersBudget, BudgetGetDoesNotConsume) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  for (int i = 0; i < 3; ++i) Run(ctx, Get());
  EXPECT_EQ(Run(ctx, Reserve("login"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetsAreKeptPerClientIdAndKind) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  EXPECT_EQ(FailureOf(ctx, Reserve("login")).code, "RATE_LIMITED");
  EXPECT_EQ(Run(ctx, Reserve("refresh"))["used"], 1);
  EXPECT_EQ(Run(ctx, Reserve("login", "1000.OTHER"))["used"], 1);
}

TEST_F(HandlersBudget, BudgetIsSharedByEveryCallerOfAClientId) {
  settings_.login = {2, 60000};
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, Reserve("login"));
  EXPECT_EQ(Run(firefox, Reserve("login"))["used"], 2);
  EXPECT_EQ(FailureOf(chromium, Reserve("login")).code, "RATE_LIMITED");
}

TEST_F(HandlersBudget, ReservationsSurviveReopeningTheVault) {
  settings_.refresh = {1, 60000};
  {
    auto ctx = ContextFor(kChromium);
    Run(ctx, Reserve("refresh"));
  }
  vault_.reset();
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(FailureOf(ctx, Reserve("refresh")).code, "RATE_LIMITED");
}

TEST_F(HandlersBudget, ClockGoingBackwardsStillRefuses) {
  settings_.login = {1, 60000};
  auto ctx = ContextFor(kChromium);
  Run(ctx, Reserve("login"));
  now_ = kT0 - 3600 * 1000;
  const auto refused = FailureOf(ctx, Reserve("login"));
  EXPECT_EQ(refused.code, "RATE_LIMITED");
  EXPECT_EQ(refused.retry_after_ms, kT0 + 60000 - now_);
}

}  // namespace
}  // namespace zcrm
