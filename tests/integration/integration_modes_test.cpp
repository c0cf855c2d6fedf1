// docs/PROTOCOL.md "Modes" and the exit rules of "Framing": one request per process, a long-lived port,
// signals, a closed output pipe, and nothing but frames on stdout.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include "blocked_reader.hpp"
#include "host_process.hpp"
#include "requests.hpp"
#include "text.hpp"

namespace zcrm::integration {
namespace {

using test_support::Cat;

class IntegrationModes : public ::testing::Test {
 protected:
  StateDir state_;
};

// Every frame on stdout, to EOF; the test fails if any byte is left that is not part of a whole frame.
std::vector<Json> AllFrames(HostProcess& host) {
  std::string leftover;
  std::vector<Json> answers;
  for (const auto& body : SplitFrames(host.ReadToEnd(), leftover)) {
    answers.push_back(Json::parse(body, nullptr, false));
    EXPECT_TRUE(answers.back().is_object()) << "not a JSON object: " << body.substr(0, 200);
  }
  EXPECT_EQ(leftover, "") << "stdout holds " << leftover.size() << " bytes that are not a frame";
  return answers;
}

TEST_F(IntegrationModes, HostAnswersOneRequestPerProcessAndExitsZero) {
  const std::vector<Json> requests = {Hello(1),
                                      TokenStore(2, "1000.one-shot-token"),
                                      Scoped(3, "token.get"),
                                      AccountChoose("four", "42", "Zylker"),
                                      Scoped(5, "account.get"),
                                      BudgetReserve(6, "login"),
                                      Scoped(7, "token.status")};
  std::vector<Json> answers;
  for (const auto& request : requests) {
    HostProcess host(state_, ChromiumArgs());
    ASSERT_TRUE(host.Send(request));
    host.CloseStdin();
    const auto frames = AllFrames(host);
    ASSERT_EQ(frames.size(), 1u) << request;
    EXPECT_EQ(frames[0]["id"], request["id"]);
    EXPECT_EQ(ErrorCode(frames[0]), "") << frames[0];
    EXPECT_EQ(host.WaitExit(), 0);
    answers.push_back(frames[0]);
  }
  // Each process saw what the ones before it stored.
  EXPECT_EQ(answers[2].value("access_token", ""), "1000.one-shot-token");
  EXPECT_EQ(answers[4]["account"].value("id", ""), "42");
  EXPECT_EQ(answers[6].value("present", false), true);
}

TEST_F(IntegrationModes, HostAnswersFiftyMixedRequestsInOrderOnOneProcess) {
  std::vector<Json> requests;
  std::vector<std::string> expected_codes;
  for (int i = 0; i < 50; ++i) {
    const Json id = i % 2 == 0 ? Json(i) : Json("req-" + std::to_string(i));
    const std::string n = std::to_string(i);
    const std::string prev = std::to_string(i - 1);
    switch (i % 10) {
      case 0:
        requests.push_back(Hello(id));
        break;
      case 1:
        requests.push_back(TokenStore(id, "tok-" + n, "c" + n));
        break;
      case 2:
        requests.push_back(Scoped(id, "token.get", "c" + prev));
        break;
      case 3:
        requests.push_back(Scoped(id, "token.status", Cat("c", i - 2)));
        break;
      case 4:
        requests.push_back(AccountChoose(id, "a" + n, "Account " + n));
        break;
      case 5:
        requests.push_back(Scoped(id, "account.get"));
        break;
      case 6:
        requests.push_back(BudgetGet(id));
        break;
      case 7:
        requests.push_back(Scoped(id, "account.recent"));
        requests.back()["limit"] = 3;
        break;
      case 8:
        requests.push_back({{"id", id}, {"type", "no.such.type"}});
        break;
      default:
        requests.push_back(Scoped(id, "token.get", kClient, "mars"));
        break;
    }
    expected_codes.push_back(i % 10 == 8 ? "UNKNOWN_TYPE" : i % 10 == 9 ? "BAD_REQUEST" : "");
  }
  std::string stream;
  for (const auto& request : requests) stream += Frame(request);
  HostProcess host(state_, ChromiumArgs());
  ASSERT_TRUE(host.WriteRaw(stream));  // all at once: the host must keep them apart and in order
  host.CloseStdin();
  const auto answers = AllFrames(host);
  ASSERT_EQ(answers.size(), requests.size());
  for (std::size_t i = 0; i < answers.size(); ++i) {
    SCOPED_TRACE("request #" + std::to_string(i) + ": " + requests[i].dump());
    EXPECT_EQ(answers[i]["id"], requests[i]["id"]);
    EXPECT_EQ(ErrorCode(answers[i]), expected_codes[i]) << answers[i];
    if (i % 10 == 2) {
      EXPECT_EQ(answers[i].value("access_token", ""), "tok-" + std::to_string(i - 1));
    }
    if (i % 10 == 3) {
      EXPECT_EQ(answers[i].value("present", false), true);
    }
    if (i % 10 == 5) {
      EXPECT_EQ(answers[i]["account"].value("id", ""), Cat("a", i - 1));
    }
    if (i % 10 == 7) {
      ASSERT_EQ(answers[i]["accounts"].size(), std::min<std::size_t>(3, i / 10 + 1));  // one choice per ten
      EXPECT_EQ(answers[i]["accounts"][0].value("id", ""), Cat("a", i - 3));
    }
  }
  EXPECT_EQ(host.WaitExit(), 0);
}

TEST_F(IntegrationModes, HostWritesNothingButFramesToStdoutEvenOnErrors) {
  std::string stream = Frame(Hello(1)) + RawFrame("{not json") + RawFrame("[]") +
                       Frame(TokenStore(2, "1000.tok")) + Frame(Scoped(3, "token.get")) +
                       Frame({{"id", 4}, {"type", "x"}}) + Header(0);
  stream += Header(500) + "{\"id\":5";  // a short body: the host gives up on the stream
  HostProcess host(state_, ChromiumArgs());
  ASSERT_TRUE(host.WriteRaw(stream));
  host.CloseStdin();
  const auto answers = AllFrames(host);
  ASSERT_EQ(answers.size(), 8u);
  EXPECT_EQ(ErrorCode(answers[7]), "BAD_FRAME");
  EXPECT_EQ(host.WaitExit(), 2);
  // The reason goes to stderr, which browsers log, not to stdout.
  EXPECT_NE(host.Stderr().find("500"), std::string::npos) << host.Stderr();
}

TEST_F(IntegrationModes, HostExitsZeroPromptlyOnSigtermWhileWaitingForInput) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Hello(1))), "");
  WaitUntilBlockedReading(host);
  host.Signal(SIGTERM);
  EXPECT_EQ(host.WaitExit(2s), 0);
}

TEST_F(IntegrationModes, HostExitsZeroPromptlyOnSigintWhileWaitingForInput) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Hello(1))), "");
  WaitUntilBlockedReading(host);
  host.Signal(SIGINT);
  EXPECT_EQ(host.WaitExit(2s), 0);
}

TEST_F(IntegrationModes, HostExitsZeroPromptlyOnSigtermInsideAFrameHeader) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Hello(1))), "");
  ASSERT_TRUE(host.WriteRaw(Header(40).substr(0, 2)));
  WaitUntilBlockedReading(host);  // the two bytes are read and the host waits for the rest
  host.Signal(SIGTERM);
  EXPECT_EQ(host.WaitExit(2s), 0);
}

TEST_F(IntegrationModes, HostExitsCleanlyWhenItsStdoutPipeIsClosed) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Hello(1))), "");
  host.CloseStdout();  // the browser went away; stdin stays open
  ASSERT_TRUE(host.Send(Hello(2)));
  const int exit_code = host.WaitExit(5s);
  EXPECT_EQ(exit_code, 0) << (exit_code < 0 ? "killed by signal " + std::to_string(-exit_code) : "");
}

TEST_F(IntegrationModes, HostKeepsStateInTheFolderNamedByZcrmBridgeHome) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, "1000.where"))), "");
  EXPECT_TRUE(std::filesystem::exists(state_.path() / "key"));
  EXPECT_FALSE(state_.VaultRecords().empty());
  EXPECT_FALSE(std::filesystem::exists(state_.scratch() / ".config"));
  EXPECT_FALSE(std::filesystem::exists(state_.scratch() / "xdg"));
}

}  // namespace
}  // namespace zcrm::integration
