// docs/PROTOCOL.md "Caller check": only extensions in allowed_extensions are answered, tokens are kept per
// caller and the chosen account is shared by every browser.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

class IntegrationCaller : public ::testing::Test {
 protected:
  void SetUp() override {
    // Something to steal: a token stored by the allowed Chromium extension.
    ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, "1000.chromium-secret"))), "");
  }

  // hello and token.get are both refused, the stored token is not revealed, and the host exits 0 on EOF.
  void ExpectForbidden(const std::vector<std::string>& args) {
    SCOPED_TRACE("argv[1..]: " + Json(args).dump());
    HostProcess host(state_, args);
    for (const Json& request : {Hello(1), Scoped(2, "token.get"), TokenStore(3, "1000.planted")}) {
      const Json answer = host.Ask(request);
      EXPECT_EQ(ErrorCode(answer), "FORBIDDEN") << answer;
      EXPECT_EQ(answer["id"], request["id"]);
      EXPECT_EQ(answer.dump().find("chromium-secret"), std::string::npos) << answer;
    }
    EXPECT_EQ(host.Finish(), 0);
  }

  // Nothing was planted: the allowed caller still reads its own token.
  void ExpectChromiumTokenIntact() {
    EXPECT_EQ(AskOnce(state_, Scoped(4, "token.get")).value("access_token", ""), "1000.chromium-secret");
  }

  StateDir state_;
};

TEST_F(IntegrationCaller, HostAnswersTheAllowedChromiumExtension) {
  const Json hello = AskOnce(state_, Hello(1));
  EXPECT_EQ(hello.value("caller", ""), "chromium:" + std::string(kChromiumId)) << hello;
  EXPECT_EQ(hello.value("protocol", 0), 1);
  EXPECT_EQ(hello.value("host_version", ""), "0.1.0");
}

TEST_F(IntegrationCaller, HostForbidsAnUnknownChromiumExtension) {
  ExpectForbidden(ChromiumArgs("ponmlkjihgfedcbaponmlkjihgfedcba"));
  ExpectChromiumTokenIntact();
}

TEST_F(IntegrationCaller, HostForbidsMalformedChromiumOrigins) {
  const std::string id(kChromiumId);
  std::string upper = id;
  for (auto& c : upper) c = static_cast<char>(c - 'a' + 'A');
  for (const std::string& origin : std::vector<std::string>{
           "chrome-extension://" + upper + "/", "chrome-extension://" + id + "q/",
           "chrome-extension://" + id + "/x/", "chrome-extension://" + id.substr(1) + "/",
           "chrome-extension://" + id.substr(0, 31) + "z/", "chrome-extension:///", "chrome-extension://"}) {
    ExpectForbidden({origin});
  }
  ExpectChromiumTokenIntact();
}

TEST_F(IntegrationCaller, HostForbidsEveryRequestWithoutArgumentsWhenStdinIsNotATerminal) {
  ExpectForbidden({});
  ExpectChromiumTokenIntact();
}

TEST_F(IntegrationCaller, HostForbidsAnUnknownOrMalformedGeckoId) {
  ExpectForbidden(FirefoxArgs("someone-else@example.com"));
  ExpectForbidden(FirefoxArgs(std::string(kGeckoId) + "/../x"));
  ExpectForbidden(FirefoxArgs(std::string(kGeckoId) + " "));
  ExpectChromiumTokenIntact();
}

TEST_F(IntegrationCaller, HostAnswersFirefoxWithAnAllowedGeckoId) {
  const auto answers = AskFresh(state_, {Hello(1), Scoped(2, "token.get")}, FirefoxArgs());
  EXPECT_EQ(answers[0].value("caller", ""), "firefox:" + std::string(kGeckoId)) << answers[0];
  // The Chromium extension's token is not Firefox's.
  EXPECT_EQ(ErrorCode(answers[1]), "NO_TOKEN") << answers[1];
}

TEST_F(IntegrationCaller, TokensAreKeptPerCallerForTheSameClientAndDc) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, "1000.firefox-secret"), FirefoxArgs())), "");
  EXPECT_EQ(AskOnce(state_, Scoped(2, "token.get")).value("access_token", ""), "1000.chromium-secret");
  EXPECT_EQ(AskOnce(state_, Scoped(3, "token.get"), FirefoxArgs()).value("access_token", ""),
            "1000.firefox-secret");

  // Forgetting in one browser signs out only that browser.
  EXPECT_EQ(AskOnce(state_, Scoped(4, "token.forget"), FirefoxArgs()).value("forgotten", false), true);
  EXPECT_EQ(ErrorCode(AskOnce(state_, Scoped(5, "token.get"), FirefoxArgs())), "NO_TOKEN");
  EXPECT_EQ(AskOnce(state_, Scoped(6, "token.get")).value("access_token", ""), "1000.chromium-secret");
}

TEST_F(IntegrationCaller, TheChosenAccountIsSharedByBothCallers) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(1, "777", "Shared Inc"), FirefoxArgs())), "");
  EXPECT_EQ(AskOnce(state_, Scoped(2, "account.get"))["account"].value("id", ""), "777");
  ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(3, "888", "Other Inc"))), "");
  EXPECT_EQ(AskOnce(state_, Scoped(4, "account.get"), FirefoxArgs())["account"].value("id", ""), "888");
  const Json recent = AskOnce(state_, Scoped(5, "account.recent"), FirefoxArgs());
  ASSERT_EQ(recent["accounts"].size(), 2u) << recent;
  EXPECT_EQ(recent["accounts"][1].value("id", ""), "777");
}

TEST_F(IntegrationCaller, HostForbidsEveryoneWhenTheConfigAllowsNoExtension) {
  state_.WriteConfig({{"allowed_extensions", Json::array()}});
  ExpectForbidden(ChromiumArgs());
  ExpectForbidden(FirefoxArgs());
  state_.WriteConfig(StateDir::DefaultConfig());
  ExpectChromiumTokenIntact();
}

}  // namespace
}  // namespace zcrm::integration
