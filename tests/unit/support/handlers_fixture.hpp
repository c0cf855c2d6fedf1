// Handlers against a real vault in a temp folder and a clock the test advances; each Context is one caller.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "error/host_error.hpp"
#include "handlers/context.hpp"
#include "handlers/dispatch.hpp"
#include "protocol/parse.hpp"
#include "store/vault.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::test_support {

inline constexpr std::int64_t kT0 = 1764340000000;
inline constexpr const char* kChromium = "chromium:abcdefghijklmnopabcdefghijklmnop";
inline constexpr const char* kFirefox = "firefox:zcrm@example.com";

class HandlersFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;

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

  // A fresh mkdtemp folder per test (never $HOME); the state root is a child Vault::Open creates.
  TempDir tmp_{UnderTempDir("zcrm-handlers-test")};
  std::optional<store::Vault> vault_;
  handlers::Settings settings_;
  std::int64_t now_ = kT0;
};

}  // namespace zcrm::test_support
