// docs/PROTOCOL.md "org" through the real binary: a token stored with its org shows it in token.status and
// token.get; the chosen account and recent list are kept per client ID, DC and org in every later host
// process and browser, one org never sees another's, and the record without org (existing data) stays as it
// was.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

constexpr const char* kProduction = "4150868000000000001";
constexpr const char* kSandbox = "4150868000000000777";

class IntegrationOrg : public ::testing::Test {
 protected:
  StateDir state_;
};

Json InOrg(Json request, const std::string& org) {
  request["org"] = org;
  return request;
}

Json SandboxOrg() {
  return {{"id", kSandbox}, {"name", "Zylker Sandbox"}, {"type", "sandbox"}};
}

std::string ChosenId(const Json& answer) {
  const Json account = answer.value("account", Json());
  return account.is_object() ? account.value("id", "") : "<none>";
}

std::vector<std::string> RecentIds(const Json& answer) {
  std::vector<std::string> ids;
  for (const auto& a : answer.value("accounts", Json::array())) ids.push_back(a.value("id", ""));
  return ids;
}

TEST_F(IntegrationOrg, AccountChosenInOrgAIsNullInOrgB) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, InOrg(AccountChoose(1, "111", "Zylker Prod"), kProduction))), "");
  const auto answers = AskFresh(
      state_, {InOrg(Scoped(2, "account.get"), kSandbox), InOrg(Scoped(3, "account.recent"), kSandbox)});
  ASSERT_EQ(ErrorCode(answers[0]), "") << answers[0];
  EXPECT_TRUE(answers[0].contains("account") && answers[0]["account"].is_null()) << answers[0];
  EXPECT_FALSE(answers[0].contains("chosen_at")) << answers[0];
  EXPECT_EQ(answers[1].value("accounts", Json()), Json::array()) << answers[1];
}

TEST_F(IntegrationOrg, AccountChosenInOrgAIsReadBackInOrgAByEveryLaterProcessAndBrowser) {
  const Json chosen = AskOnce(state_, InOrg(AccountChoose(1, "111", "Zylker Prod"), kProduction));
  ASSERT_EQ(ErrorCode(chosen), "") << chosen;
  for (const auto& args : {ChromiumArgs(), FirefoxArgs()}) {
    const Json got = AskOnce(state_, InOrg(Scoped(2, "account.get"), kProduction), args);
    EXPECT_EQ(ChosenId(got), "111") << got;
    EXPECT_EQ(got["chosen_at"], chosen["chosen_at"]) << got;
  }
}

TEST_F(IntegrationOrg, ChoosingInAnOrgLeavesTheRecordWithoutOrgUntouched) {
  // What an extension that knows nothing of orgs stored before.
  ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(1, "legacy", "Zylker"))), "");
  const auto answers = AskFresh(state_, {InOrg(AccountChoose(2, "111", "Zylker Prod"), kProduction),
                                         InOrg(AccountChoose(3, "777", "Zylker Sandbox"), kSandbox),
                                         InOrg(Scoped(4, "account.clear"), kSandbox)});
  for (const auto& answer : answers) ASSERT_EQ(ErrorCode(answer), "") << answer;
  const auto after = AskFresh(state_, {Scoped(5, "account.get"), Scoped(6, "account.recent")});
  EXPECT_EQ(ChosenId(after[0]), "legacy") << after[0];
  EXPECT_EQ(RecentIds(after[1]), (std::vector<std::string>{"legacy"})) << after[1];
}

TEST_F(IntegrationOrg, AccountChosenWithoutOrgIsNotShownInAnOrg) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(1, "legacy", "Zylker"))), "");
  const Json got = AskOnce(state_, InOrg(Scoped(2, "account.get"), kProduction));
  EXPECT_EQ(ChosenId(got), "<none>") << got;
}

TEST_F(IntegrationOrg, RecentListsOfTwoOrgsStayApart) {
  const auto answers = AskFresh(state_, {InOrg(AccountChoose(1, "p1", "Prod one"), kProduction),
                                         InOrg(AccountChoose(2, "s1", "Sandbox one"), kSandbox),
                                         InOrg(AccountChoose(3, "p2", "Prod two"), kProduction),
                                         InOrg(Scoped(4, "account.recent"), kProduction),
                                         InOrg(Scoped(5, "account.recent"), kSandbox)});
  EXPECT_EQ(RecentIds(answers[3]), (std::vector<std::string>{"p2", "p1"})) << answers[3];
  EXPECT_EQ(RecentIds(answers[4]), (std::vector<std::string>{"s1"})) << answers[4];
}

TEST_F(IntegrationOrg, TokenStoredWithOrgIsShownByTokenStatusAndTokenGet) {
  Json store = TokenStore(1, "1000.org-token");
  store["org"] = SandboxOrg();
  const Json stored = AskOnce(state_, store);
  ASSERT_EQ(ErrorCode(stored), "") << stored;
  const auto answers = AskFresh(state_, {Scoped(2, "token.status"), Scoped(3, "token.get")});
  EXPECT_EQ(answers[0].value("org", Json()), SandboxOrg()) << answers[0];
  EXPECT_EQ(answers[0].value("present", false), true) << answers[0];
  EXPECT_EQ(answers[1].value("org", Json()), SandboxOrg()) << answers[1];
  EXPECT_EQ(answers[1].value("access_token", ""), "1000.org-token") << answers[1];
}

TEST_F(IntegrationOrg, TokenStoredWithoutOrgShowsNoOrg) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(1, "1000.no-org"))), "");
  const Json status = AskOnce(state_, Scoped(2, "token.status"));
  EXPECT_EQ(status.value("present", false), true) << status;
  EXPECT_FALSE(status.contains("org")) << status;
}

TEST_F(IntegrationOrg, BadOrgIsBadRequestNamingTheFieldWithoutQuotingIt) {
  const std::string canary = "12<b>org-canary-9c2e</b>";
  Json store = TokenStore(1, "1000.bad-org");
  store["org"] = {{"id", canary}};
  Json bad_type = TokenStore(2, "1000.bad-org");
  bad_type["org"] = {{"id", kSandbox}, {"type", "org-canary-9c2e"}};
  const std::vector<std::pair<std::string, Json>> cases = {
      {"org.id", store},
      {"org.type", bad_type},
      {"org", InOrg(Scoped(3, "account.get"), canary)},
      {"org", InOrg(AccountChoose(4, "111", "Zylker"), canary)},
  };
  HostProcess host(state_, ChromiumArgs());
  for (const auto& [field, request] : cases) {
    const Json answer = host.Ask(request);
    EXPECT_EQ(ErrorCode(answer), "BAD_REQUEST") << answer;
    const std::string message = answer.value("error", Json::object()).value("message", "");
    EXPECT_NE(message.find("'" + field + "'"), std::string::npos) << message;
    EXPECT_EQ(message.find("org-canary-9c2e"), std::string::npos) << message;
  }
  EXPECT_EQ(host.Finish(), 0);
  // Nothing was stored by the refused requests.
  EXPECT_EQ(ErrorCode(AskOnce(state_, Scoped(5, "token.get"))), "NO_TOKEN");
}

TEST_F(IntegrationOrg, StatusShowsTheChoiceOfEachOrgAndTheTokensOrg) {
  Json store = TokenStore(1, "1000.status-org");
  store["org"] = SandboxOrg();
  const auto answers = AskFresh(state_, {store, AccountChoose(2, "legacy", "Zylker"),
                                         InOrg(AccountChoose(3, "777", "Zylker Sandbox Co"), kSandbox)});
  for (const auto& answer : answers) ASSERT_EQ(ErrorCode(answer), "") << answer;

  const auto run = RunCli(state_, {"status", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  const Json& client = report["clients"][std::string(kClient) + " (" + kDc + ")"];
  EXPECT_EQ(client["chosen_account"].value("id", ""), "legacy") << client;
  EXPECT_EQ(client["orgs"][kSandbox]["chosen_account"].value("id", ""), "777") << client;
  EXPECT_EQ(client["tokens"][0].value("org", Json()), SandboxOrg()) << client;

  const auto text = RunCli(state_, {"status"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(std::string("chosen account in org ") + kSandbox + ": Zylker Sandbox Co"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find(std::string(" in org ") + kSandbox + ": valid"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace zcrm::integration
