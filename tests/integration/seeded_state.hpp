// A state folder with a token stored and an account chosen, for tests that feed a host bad input and then
// check that a fresh host still finds both.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {

inline constexpr const char* kSeedToken =
    "1000.seed0a1b2c3d4e5f60718293a4b5c6d7e8f9.aabbccddeeff00112233445566778899";
inline constexpr const char* kSeedAccountId = "4150868000000225013";

class SeededState : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto answers =
        AskFresh(state_, {TokenStore(1, kSeedToken), AccountChoose(2, kSeedAccountId, "Zylker")});
    ASSERT_EQ(ErrorCode(answers[0]), "") << answers[0];
    ASSERT_EQ(ErrorCode(answers[1]), "") << answers[1];
  }

  // A fresh host process still returns the stored token and the chosen account.
  void ExpectSeedIntact() {
    const auto answers = AskFresh(state_, {Scoped("after-1", "token.get"), Scoped("after-2", "account.get")});
    EXPECT_EQ(answers[0].value("access_token", ""), kSeedToken) << answers[0];
    EXPECT_EQ(answers[1].value("account", Json::object()).value("id", ""), kSeedAccountId) << answers[1];
  }

  // Every answer left on stdout, up to EOF; fails the test when bytes that are not a whole frame remain.
  static std::vector<Json> RemainingAnswers(HostProcess& host) {
    std::string leftover;
    std::vector<Json> answers;
    for (const auto& body : SplitFrames(host.ReadToEnd(), leftover)) {
      answers.push_back(Json::parse(body, nullptr, false));
      EXPECT_FALSE(answers.back().is_discarded()) << "not JSON: " << body.substr(0, 200);
    }
    EXPECT_EQ(leftover.size(), 0u) << "stdout holds bytes that are not a frame";
    return answers;
  }

  // The answer is the error code with id null, as the protocol requires for anything before a usable id.
  static void ExpectError(const Json& answer, const std::string& code, const Json& id = nullptr) {
    EXPECT_EQ(ErrorCode(answer), code) << answer;
    EXPECT_EQ(answer.value("id", Json("<missing>")), id) << answer;
    EXPECT_FALSE(answer.value("ok", true)) << answer;
    EXPECT_FALSE(answer.value("error", Json::object()).value("message", "").empty()) << answer;
  }

  StateDir state_;
};

}  // namespace zcrm::integration
