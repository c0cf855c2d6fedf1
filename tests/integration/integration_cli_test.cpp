// The command line a person uses: help, version, status, key, forget, reset, and usage errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

namespace fs = std::filesystem;

constexpr int kExitUsage = 64;
constexpr const char* kCliToken = "1000.cli0f1e2d3c4b5a69788796a5b4c3d2e1f0.9f8e7d6c5b4a39281706f5e4d3c2b1a0";

class IntegrationCli : public ::testing::Test {
 protected:
  void Store() {
    const auto answers = AskFresh(state_, {TokenStore(1, kCliToken), AccountChoose(2, "42", "Zylker CLI")});
    ASSERT_EQ(ErrorCode(answers[0]), "") << answers[0];
    ASSERT_EQ(ErrorCode(answers[1]), "") << answers[1];
  }

  StateDir state_;
};

TEST_F(IntegrationCli, HelpExitsZeroAndListsTheCommands) {
  for (const std::string flag : {"--help", "-h", "help"}) {
    const auto run = RunCli(state_, {flag});
    EXPECT_EQ(run.exit_code, 0) << flag;
    EXPECT_NE(run.out.find("status"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("reset"), std::string::npos) << run.out;
  }
}

TEST_F(IntegrationCli, VersionPrintsTheVersionAndProtocol) {
  const auto run = RunCli(state_, {"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("0.1.0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("protocol 1"), std::string::npos) << run.out;
}

TEST_F(IntegrationCli, StatusWithNothingStoredSaysSoAndCreatesNothing) {
  const auto run = RunCli(state_, {"status"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Nothing stored"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(state_.path() / "key")) << "status must not create a vault";
  const auto json_run = RunCli(state_, {"status", "--json"});
  EXPECT_EQ(json_run.exit_code, 0);
  const Json report = Json::parse(json_run.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << json_run.out;
  EXPECT_TRUE(report["clients"].empty()) << report;
}

TEST_F(IntegrationCli, StatusShowsTheClientAndNeverTheToken) {
  Store();
  const auto run = RunCli(state_, {"status"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(kClient), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("chromium:" + std::string(kChromiumId)), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Zylker CLI"), std::string::npos) << run.out;
  const std::string token(kCliToken);
  for (const std::string& window : {token, token.substr(5, 8), token.substr(40, 8), token.substr(70, 8)}) {
    EXPECT_EQ(run.out.find(window), std::string::npos) << run.out;
    EXPECT_EQ(run.err.find(window), std::string::npos) << run.err;
  }
}

TEST_F(IntegrationCli, StatusJsonParsesAndDescribesTheToken) {
  Store();
  const auto run = RunCli(state_, {"status", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  EXPECT_EQ(report.value("state_dir", ""), state_.path().string());
  const std::string key = std::string(kClient) + " (" + kDc + ")";
  ASSERT_TRUE(report["clients"].contains(key)) << report;
  const Json& client = report["clients"][key];
  ASSERT_EQ(client["tokens"].size(), 1u) << client;
  EXPECT_EQ(client["tokens"][0].value("caller", ""), "chromium:" + std::string(kChromiumId));
  EXPECT_EQ(client["tokens"][0].value("expired", true), false);
  EXPECT_EQ(client["chosen_account"].value("id", ""), "42");
  EXPECT_EQ(report.value("damaged_records", -1), 0);
  EXPECT_EQ(run.out.find(kCliToken), std::string::npos);
  EXPECT_EQ(run.out.find("access_token"), std::string::npos);
}

TEST_F(IntegrationCli, StatusNamesEachProfilesTokenAndItsUser) {
  Json ann = TokenStore(1, kCliToken);
  ann["installation"] = "AAAAAAAAAAAAAAAAAAAAAA";
  ann["user"] = {{"name", "Ann Example"}, {"email", "ann@example.com"}};
  Json bo = TokenStore(2, kCliToken);
  bo["installation"] = "bbbbbbbbbbbbbbbbbbbbbb";
  for (const auto& answer : AskFresh(state_, {ann, bo})) ASSERT_EQ(ErrorCode(answer), "") << answer;
  const auto run = RunCli(state_, {"status"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("(profile AAAAAA) as ann@example.com"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("(profile bbbbbb):"), std::string::npos) << run.out;
}

TEST_F(IntegrationCli, ForgetRemovesStoredTokens) {
  Store();
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, "1000.firefox-cli"), FirefoxArgs())), "");
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(2, "1000.other", "1000.OTHER"))), "");

  const auto filtered = RunCli(state_, {"forget", "--client-id", "1000.OTHER"});
  EXPECT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_NE(filtered.out.find("Forgot 1 token"), std::string::npos) << filtered.out;
  EXPECT_EQ(ErrorCode(AskOnce(state_, Scoped(3, "token.get", "1000.OTHER"))), "NO_TOKEN");
  EXPECT_EQ(AskOnce(state_, Scoped(4, "token.get")).value("access_token", ""), kCliToken);

  const auto all = RunCli(state_, {"forget"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("Forgot 2 tokens"), std::string::npos) << all.out;
  EXPECT_EQ(ErrorCode(AskOnce(state_, Scoped(5, "token.get"))), "NO_TOKEN");
  EXPECT_EQ(ErrorCode(AskOnce(state_, Scoped(6, "token.get"), FirefoxArgs())), "NO_TOKEN");
  // Forgetting tokens is not forgetting the chosen account.
  EXPECT_EQ(AskOnce(state_, Scoped(7, "account.get"))["account"].value("id", ""), "42");
}

TEST_F(IntegrationCli, UnknownCommandOrOptionExitsWithUsageError) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"frobnicate"},
                                               {"status", "--yaml"},
                                               {"forget", "--client-id"},
                                               {"reset", "--force"}}) {
    const auto run = RunCli(state_, args);
    EXPECT_EQ(run.exit_code, kExitUsage) << Json(args);
    EXPECT_NE(run.err.find("status"), std::string::npos) << "usage goes to stderr: " << run.err;
    EXPECT_EQ(run.out, "") << Json(args);
  }
}

TEST_F(IntegrationCli, ResetMovesTheStateAsideAndAFreshVaultWorks) {
  Store();
  const auto run = RunCli(state_, {"reset"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<fs::path> moved;
  for (const auto& entry : fs::directory_iterator(state_.path())) {
    if (entry.path().filename().string().rfind("reset-", 0) == 0) moved.push_back(entry.path());
  }
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_TRUE(fs::exists(moved[0] / "key"));
  EXPECT_TRUE(fs::exists(moved[0] / "vault"));
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  EXPECT_TRUE(fs::exists(state_.path() / "config.json")) << "the installer's config stays";

  const auto answers = AskFresh(state_, {Scoped(1, "token.get"), Scoped(2, "account.get"),
                                         TokenStore(3, "1000.new-vault"), Scoped(4, "token.get")});
  EXPECT_EQ(ErrorCode(answers[0]), "NO_TOKEN") << answers[0];
  EXPECT_TRUE(answers[1]["account"].is_null()) << answers[1];
  EXPECT_EQ(answers[3].value("access_token", ""), "1000.new-vault") << answers[3];
  const auto status = RunCli(state_, {"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

TEST_F(IntegrationCli, KeyBeforeAnythingIsStoredSaysWhereTheFirstSignInPutsIt) {
  const auto before = state_.Files();
  const auto run = RunCli(state_, {"key"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Nothing is stored yet, so there is no vault key."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("in the desktop keyring when one is running, else in the key file"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.err, "");
  state_.WriteConfig(StateDir::ConfigWith({{"key_store", "file"}}));
  const auto file = RunCli(state_, {"key", "move", "keyring"});
  EXPECT_EQ(file.exit_code, 0) << file.err;
  EXPECT_NE(file.out.find("no vault key to move. The first sign-in creates it in the key file"),
            std::string::npos)
      << file.out;
  EXPECT_EQ(state_.Files(), before) << "asking must create nothing";
}

TEST_F(IntegrationCli, ForgetBeforeAnythingIsStoredSaysSo) {
  const auto before = state_.Files();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"forget"}, {"forget", "--client-id", kClient, "--dc", kDc}}) {
    const auto run = RunCli(state_, args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "Nothing is stored, so there is no token to forget.\n");
    EXPECT_EQ(run.err, "");
  }
  EXPECT_EQ(state_.Files(), before);
}

TEST_F(IntegrationCli, ForgetRefusesAClientIdOrDataCentreNoRequestCouldCarry) {
  Store();
  for (const auto& [args, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"forget", "--dc", "mars"}, "--dc must be one of us, eu"},
           {{"forget", "--dc", ""}, "--dc must not be empty"},
           {{"forget", "--client-id", "1000 ABC"}, "--client-id may only hold A-Z a-z 0-9 . _ -"},
           {{"forget", "--client-id", std::string(129, 'a')}, "--client-id is longer than 128 characters"},
           {{"forget", "--client-id", ""}, "--client-id must not be empty"},
           {{"forget", "--client-id", kClient, "--dc", "xx"}, "--dc must be one of"}}) {
    const auto run = RunCli(state_, args);
    EXPECT_EQ(run.exit_code, kExitUsage) << Json(args);
    EXPECT_NE(run.err.find("zcrm-bridge: " + says), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "") << Json(args);
  }
  EXPECT_EQ(AskOnce(state_, Scoped(1, "token.get")).value("access_token", ""), kCliToken)
      << "nothing was forgotten";
}

TEST_F(IntegrationCli, VersionTakesNoArguments) {
  const auto run = RunCli(state_, {"--version", "extra"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("--version takes no arguments"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace zcrm::integration
