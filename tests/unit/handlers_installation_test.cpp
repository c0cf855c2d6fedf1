// Tokens per browser profile (issue 15): each profile's extension names its installation, and two profiles of
// one browser signed in as two Zoho users keep two tokens. The token every profile shared before goes to the
// first installation that asks, once; the installation ID is checked like every other field.
#include <gtest/gtest.h>

#include <string>

#include "records/record_name.hpp"
#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;
using test_support::kChromium;

class HandlersInstallation : public test_support::HandlersFixture {};

const std::string kProfileA = "AAAAAAAAAAAAAAAAAAAAAA";
const std::string kProfileB = "bbbbbbbbbbbbbbbb-_0123";

json Scoped(const std::string& type, const std::optional<std::string>& installation) {
  json r = {{"id", 3}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", "us"}};
  if (installation) r["installation"] = *installation;
  return r;
}

json Store(const std::string& access_token, const std::optional<std::string>& installation) {
  json r = Scoped("token.store", installation);
  r["source"] = "login";
  r["token"] = {{"access_token", access_token}, {"expires_in", 3600}};
  return r;
}

std::string AccessToken(const json& answer) {
  return answer.at("access_token").get<std::string>();
}

TEST_F(HandlersInstallation, TwoProfilesOfOneBrowserKeepTwoTokens) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.user-a", kProfileA));
  Run(ctx, Store("1000.user-b", kProfileB));
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileA))), "1000.user-a");
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileB))), "1000.user-b");
}

TEST_F(HandlersInstallation, ForgettingOneProfileKeepsTheOther) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.user-a", kProfileA));
  Run(ctx, Store("1000.user-b", kProfileB));
  EXPECT_EQ(Run(ctx, Scoped("token.forget", kProfileA)), json({{"forgotten", true}}));
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", kProfileA)).code, "NO_TOKEN");
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileB))), "1000.user-b");
}

TEST_F(HandlersInstallation, TheTokenProfilesSharedGoesToTheFirstInstallationThatAsks) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.shared", std::nullopt));  // kept by an extension that did not name its installation
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileA))), "1000.shared");
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", kProfileB)).code, "NO_TOKEN");
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", std::nullopt)).code, "NO_TOKEN");
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileA))), "1000.shared");
}

TEST_F(HandlersInstallation, StatusAlsoTakesTheSharedTokenOver) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.shared", std::nullopt));
  EXPECT_EQ(Run(ctx, Scoped("token.status", kProfileB)).at("present"), true);
  EXPECT_EQ(Run(ctx, Scoped("token.status", kProfileA)).at("present"), false);
}

TEST_F(HandlersInstallation, AStoreByAnInstallationRemovesTheSharedToken) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.shared", std::nullopt));
  Run(ctx, Store("1000.user-b", kProfileB));
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", kProfileA)).code, "NO_TOKEN");
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileB))), "1000.user-b");
}

TEST_F(HandlersInstallation, TheTokenIsStoredUnderTheInstallationsRecordName) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.user-a", kProfileA));
  const auto listed = ctx.vault().List(records::RecordName::Prefix(records::RecordKind::kToken)).records;
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.begin()->first, "token/" + std::string(kChromium) + "/1000.ABC/us/" + kProfileA);
}

TEST_F(HandlersInstallation, AShortInstallationIsRefusedNamingTheField) {
  auto ctx = ContextFor(kChromium);
  try {
    Run(ctx, Scoped("token.get", "short"));
    FAIL() << "accepted";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadRequest);
    EXPECT_NE(std::string(e.what()).find("'installation'"), std::string::npos) << e.what();
  }
}

TEST_F(HandlersInstallation, AnInstallationWithASlashOrDotIsRefused) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", "AAAAAAAAAAAAAAAA/../x")).code, "BAD_REQUEST");
  EXPECT_EQ(FailureOf(ctx, Scoped("token.store", "AAAAAAAAAAAAAAAA.AAAA")).code, "BAD_REQUEST");
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", std::string(65, 'A'))).code, "BAD_REQUEST");
  json number = Scoped("account.get", std::nullopt);
  number["installation"] = 12345678901234567;  // any message with a scope checks it, not only token.*
  EXPECT_EQ(FailureOf(ctx, number).code, "BAD_REQUEST");
}

}  // namespace
}  // namespace zcrm
