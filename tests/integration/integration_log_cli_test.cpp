// `zcrm-bridge log`: the CRM calls made for web apps and the token hand-outs, merged newest first, one line
// each; a clear message when there is nothing; --origin and --limit; usage errors for bad options.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "wall_clock_wait.hpp"

namespace zcrm::integration {
namespace {

namespace fs = std::filesystem;

constexpr int kExitUsage = 64;
constexpr const char* kApp = "https://app.example.com";
constexpr const char* kOther = "http://localhost:8080";
constexpr const char* kLogToken = "1000.log0f1e2d3c4b5a69788796a5b4c3d2e1f0.9f8e7d6c5b4a39281706f5e4d3c2b1a0";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class IntegrationLogCli : public ::testing::Test {
 protected:
  // A hand-out to kApp, then (later) a batch of two calls from kApp and one from kOther.
  void Store() {
    Json get = Scoped(2, "token.get");
    get["for_origin"] = kApp;
    const auto answers = AskFresh(state_, {TokenStore(1, kLogToken), get});
    ASSERT_EQ(ErrorCode(answers[1]), "") << answers[1];
    WaitForWallClockPast(NowMs());  // the hand-out was timed before now; the batch will be timed after
    const Json batch =
        Json::array({CrmCall(kApp, "GET", "/crm/v8/Accounts/4150868000000225013", 200),
                     CrmCall(kOther, "POST", "/crm/v8/Leads", 201),
                     {{"origin", kApp}, {"method", "DELETE"}, {"status", 403}, {"code", "FORBIDDEN"}}});
    ASSERT_EQ(ErrorCode(AskOnce(state_, RequestRecord(3, batch))), "");
  }

  StateDir state_;
};

TEST_F(IntegrationLogCli, WithNothingStoredSaysNoWebAppUsedTheSignInAndCreatesNothing) {
  const auto run = RunCli(state_, {"log"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "No web app has used your sign-in yet.\n");
  EXPECT_FALSE(fs::exists(state_.path() / "key")) << "log must not create a vault";
  // A vault with a token but no web app in it is just as empty.
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, kLogToken))), "");
  EXPECT_EQ(RunCli(state_, {"log"}).out, "No web app has used your sign-in yet.\n");
}

TEST_F(IntegrationLogCli, PrintsCallsAndHandOutsNewestFirstOneLineEach) {
  Store();
  const auto run = RunCli(state_, {"log"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 4u) << run.out;
  const std::string when = R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  )";
  const std::string browser = R"(chromium:abcdefgh…  us  )";
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex(when + browser + kApp + "  DELETE \\(path refused\\)  403 FORBIDDEN")))
      << lines[0];
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(when + browser + kOther + "  POST /crm/v8/Leads  201")))
      << lines[1];
  EXPECT_TRUE(
      std::regex_match(lines[2], std::regex(when + browser + kApp + "  GET /crm/v8/Accounts/\\{id\\}  200")))
      << lines[2];
  EXPECT_TRUE(std::regex_match(lines[3], std::regex(when + "-  us  " + kApp + "  token handed out")))
      << lines[3];
  EXPECT_EQ(run.out.find("4150868000000225013"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(std::string(kLogToken).substr(5, 8)), std::string::npos) << run.out;
}

TEST_F(IntegrationLogCli, OriginAndLimitNarrowTheLines) {
  Store();
  const auto app = RunCli(state_, {"log", "--origin", kApp});
  EXPECT_EQ(app.exit_code, 0) << app.err;
  const auto app_lines = Lines(app.out);
  ASSERT_EQ(app_lines.size(), 3u) << app.out;
  for (const auto& line : app_lines) EXPECT_NE(line.find(kApp), std::string::npos) << line;

  const auto newest = RunCli(state_, {"log", "--limit", "2", "--origin", kApp});
  EXPECT_EQ(newest.exit_code, 0) << newest.err;
  const auto newest_lines = Lines(newest.out);
  ASSERT_EQ(newest_lines.size(), 2u) << newest.out;
  EXPECT_NE(newest_lines[0].find("DELETE"), std::string::npos) << newest.out;
  EXPECT_NE(newest_lines[1].find("GET"), std::string::npos) << newest.out;

  const auto none = RunCli(state_, {"log", "--origin", "https://unknown.example.com"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "https://unknown.example.com has not used your sign-in.\n");
}

TEST_F(IntegrationLogCli, BadOptionsAreUsageErrorsOnStderr) {
  Store();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"log", "--origin", "https://app.example.com/page"}, "--origin"},
      {{"log", "--origin", "http://app.example.com"}, "--origin"},
      {{"log", "--origin", ""}, "--origin"},
      {{"log", "--limit", "0"}, "--limit"},
      {{"log", "--limit", "-3"}, "--limit"},
      {{"log", "--limit", "ten"}, "--limit"},
      {{"log", "--limit", "5x"}, "--limit"},
      {{"log", "--limit"}, "--limit"},
      {{"log", "--json"}, "--json"}};
  for (const auto& [args, named] : cases) {
    const auto run = RunCli(state_, args);
    EXPECT_EQ(run.exit_code, kExitUsage) << Json(args);
    EXPECT_NE(run.err.find(named), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("zcrm-bridge log"), std::string::npos) << "usage goes to stderr: " << run.err;
    EXPECT_EQ(run.out, "") << Json(args);
  }
}

TEST_F(IntegrationLogCli, HelpListsTheLogCommand) {
  const auto run = RunCli(state_, {"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("zcrm-bridge log [--origin ORIGIN] [--limit N]"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace zcrm::integration
