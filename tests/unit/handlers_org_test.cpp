// Orgs against a real vault and an injected clock: a token keeps the org it is bound to and token.status and
// token.get answer it; the chosen account and the recent list are kept per client ID, DC and org, so one org
// never sees another's choice, and the record without org (written before orgs were known) stays as it was.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

constexpr const char* kProduction = "4150868000000000001";
constexpr const char* kSandbox = "4150868000000000777";

class HandlersOrg : public test_support::HandlersFixture {};

json Record(const std::string& id, const std::string& name = "Zylker Inc") {
  return {{"id", id}, {"name", name}, {"kind", "record"}, {"module", "Accounts"}};
}

json InOrg(json request, const std::optional<std::string>& org) {
  if (org) request["org"] = *org;
  return request;
}

json Choose(const json& account, const std::optional<std::string>& org, const std::string& dc = "us") {
  return InOrg(
      {{"id", 8}, {"type", "account.choose"}, {"client_id", "1000.ABC"}, {"dc", dc}, {"account", account}},
      org);
}

json Scoped(const std::string& type, const std::optional<std::string>& org, const std::string& dc = "us") {
  return InOrg({{"id", 9}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", dc}}, org);
}

json Store(const std::optional<json>& org) {
  json request = {{"id", 2},
                  {"type", "token.store"},
                  {"client_id", "1000.ABC"},
                  {"dc", "us"},
                  {"source", "login"},
                  {"token", {{"access_token", "1000.xyz"}, {"expires_in", "3600"}}}};
  if (org) request["org"] = *org;
  return request;
}

json SandboxOrg() {
  return {{"id", kSandbox}, {"name", "Zylker Sandbox"}, {"type", "sandbox"}};
}

std::vector<std::string> IdsOf(const json& accounts) {
  std::vector<std::string> ids;
  for (const auto& a : accounts) ids.push_back(a.at("id").get<std::string>());
  return ids;
}

// ---- the chosen account and recent list per org
// -------------------------------------------------------------

TEST_F(HandlersOrg, AccountChosenInOneOrgIsNullInAnother) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1"), kProduction));
  EXPECT_EQ(Run(ctx, Scoped("account.get", kSandbox)), json({{"account", nullptr}}));
  EXPECT_EQ(Run(ctx, Scoped("account.recent", kSandbox)), json({{"accounts", json::array()}}));
}

TEST_F(HandlersOrg, AccountChosenInAnOrgIsReadBackInThatOrg) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Choose(Record("1"), kProduction)), json({{"account", Record("1")}, {"chosen_at", kT0}}));
  now_ += 5000;
  EXPECT_EQ(Run(ctx, Scoped("account.get", kProduction)),
            json({{"account", Record("1")}, {"chosen_at", kT0}}));
}

TEST_F(HandlersOrg, ChoosingInAnOrgLeavesTheRecordWithoutOrgUntouched) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("legacy"), std::nullopt));
  now_ += 1000;
  Run(ctx, Choose(Record("1"), kProduction));
  Run(ctx, Scoped("account.clear", kProduction));
  EXPECT_EQ(Run(ctx, Scoped("account.get", std::nullopt)),
            json({{"account", Record("legacy")}, {"chosen_at", kT0}}));
  EXPECT_EQ(IdsOf(Run(ctx, Scoped("account.recent", std::nullopt))["accounts"]),
            (std::vector<std::string>{"legacy"}));
}

TEST_F(HandlersOrg, AccountChosenWithoutOrgIsNullInEveryOrg) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("legacy"), std::nullopt));
  EXPECT_EQ(Run(ctx, Scoped("account.get", kProduction)), json({{"account", nullptr}}));
  EXPECT_EQ(Run(ctx, Scoped("account.recent", kProduction)), json({{"accounts", json::array()}}));
}

TEST_F(HandlersOrg, RecentListIsKeptPerOrg) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("p1"), kProduction));
  Run(ctx, Choose(Record("s1"), kSandbox));
  Run(ctx, Choose(Record("p2"), kProduction));
  Run(ctx, Choose(Record("s2"), kSandbox));
  EXPECT_EQ(IdsOf(Run(ctx, Scoped("account.recent", kProduction))["accounts"]),
            (std::vector<std::string>{"p2", "p1"}));
  EXPECT_EQ(IdsOf(Run(ctx, Scoped("account.recent", kSandbox))["accounts"]),
            (std::vector<std::string>{"s2", "s1"}));
}

TEST_F(HandlersOrg, ClearingInOneOrgKeepsTheOtherOrgsChoice) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("p1"), kProduction));
  Run(ctx, Choose(Record("s1"), kSandbox));
  EXPECT_EQ(Run(ctx, Scoped("account.clear", kSandbox)), json({{"cleared", true}}));
  EXPECT_EQ(Run(ctx, Scoped("account.get", kSandbox)), json({{"account", nullptr}}));
  EXPECT_EQ(Run(ctx, Scoped("account.get", kProduction))["account"]["id"], "p1");
  EXPECT_EQ(Run(ctx, Scoped("account.clear", std::nullopt)), json({{"cleared", false}}));
}

TEST_F(HandlersOrg, OrgChoiceIsKeptPerClientIdAndDc) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Choose(Record("1"), kProduction, "us"));
  EXPECT_EQ(Run(ctx, Scoped("account.get", kProduction, "eu")), json({{"account", nullptr}}));
  auto other_client = Scoped("account.get", kProduction);
  other_client["client_id"] = "1000.OTHER";
  EXPECT_EQ(Run(ctx, other_client), json({{"account", nullptr}}));
}

TEST_F(HandlersOrg, OrgChoiceIsSharedAcrossCallers) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, Choose(Record("1"), kProduction));
  EXPECT_EQ(Run(firefox, Scoped("account.get", kProduction))["account"]["id"], "1");
}

// ---- the org of a token
// ---------------------------------------------------------------------------------------

TEST_F(HandlersOrg, TokenStoredWithOrgIsAnsweredByStatusAndGet) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store(SandboxOrg()));
  EXPECT_EQ(Run(ctx, Scoped("token.status", std::nullopt))["org"], SandboxOrg());
  EXPECT_EQ(Run(ctx, Scoped("token.get", std::nullopt))["org"], SandboxOrg());
}

TEST_F(HandlersOrg, TokenStoredWithOnlyAnOrgIdAnswersOnlyTheId) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store(json{{"id", kProduction}}));
  EXPECT_EQ(Run(ctx, Scoped("token.status", std::nullopt))["org"], json({{"id", kProduction}}));
}

TEST_F(HandlersOrg, TokenStoredWithoutOrgAnswersNoOrg) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store(std::nullopt));
  EXPECT_FALSE(Run(ctx, Scoped("token.status", std::nullopt)).contains("org"));
  EXPECT_FALSE(Run(ctx, Scoped("token.get", std::nullopt)).contains("org"));
}

// A new token without org may be bound to another org: the old token's org must not be shown with it.
TEST_F(HandlersOrg, TokenStoredWithoutOrgDropsTheOrgOfTheTokenItReplaces) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store(SandboxOrg()));
  Run(ctx, Store(std::nullopt));
  EXPECT_FALSE(Run(ctx, Scoped("token.status", std::nullopt)).contains("org"));
}

TEST_F(HandlersOrg, TokenStoreAnswerIsUnchangedByAnOrg) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, Store(SandboxOrg())), json({{"dc", "us"},
                                                 {"stored_at", kT0},
                                                 {"expires_at", kT0 + 3600 * 1000},
                                                 {"refresh_at", kT0 + 3300 * 1000}}));
}

}  // namespace
}  // namespace zcrm
