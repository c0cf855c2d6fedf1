// Tokens per browser profile (issue 15): each profile's extension names its installation, and two profiles of
// one browser signed in as two Zoho users keep two tokens. The token every profile shared before goes to the
// first installation that asks, once; the installation ID is checked like every other field. token.list shows
// every browser's and profile's token with its Zoho user, never a secret.
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

TEST_F(HandlersInstallation, ForgetTakesTheSharedTokenOverAndRemovesIt) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.shared", std::nullopt));
  EXPECT_EQ(Run(ctx, Scoped("token.forget", kProfileA)), json({{"forgotten", true}}));
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", kProfileB)).code, "NO_TOKEN");
  EXPECT_EQ(Run(ctx, Scoped("token.forget", kProfileA)), json({{"forgotten", false}}));
}

TEST_F(HandlersInstallation, ForgetRemovesADamagedTokenRecord) {
  auto ctx = ContextFor(kChromium);
  const auto name = records::RecordName::Token(kChromium, "1000.ABC", "us", kProfileA).Format();
  {
    auto lock = ctx.vault().Lock();
    ctx.vault().Write(lock, name, json{{"dc", "us"}});  // not a whole token
  }
  EXPECT_EQ(Run(ctx, Scoped("token.forget", kProfileA)), json({{"forgotten", true}}));
  EXPECT_FALSE(ctx.vault().Read(name));
}

// The active user (issue 15): a profile reading another profile's token changes nothing the host keeps.
TEST_F(HandlersInstallation, ReadingAnotherProfilesTokenWritesNothing) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, Store("1000.user-a", kProfileA));
  Run(ctx, Store("1000.user-b", kProfileB));
  const auto prefix = records::RecordName::Prefix(records::RecordKind::kToken);
  const auto before = ctx.vault().List(prefix).records;
  EXPECT_EQ(Run(ctx, Scoped("token.status", kProfileB)).at("present"), true);
  EXPECT_EQ(AccessToken(Run(ctx, Scoped("token.get", kProfileB))), "1000.user-b");
  EXPECT_EQ(ctx.vault().List(prefix).records, before);
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

json List(handlers::Context& ctx, const std::string& client_id = "1000.ABC") {
  return handlers::Dispatch(
      ctx, protocol::ParseRequest({{"id", 9}, {"type", "token.list"}, {"client_id", client_id}}));
}

TEST_F(HandlersInstallation, ListShowsEveryBrowsersAndProfilesTokenWithItsUserAndNoSecret) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(test_support::kFirefox);
  json a = Store("1000.user-a", kProfileA);
  a["user"] = {{"name", "Ann Example"}, {"email", "ann@example.com"}};
  a["org"] = {{"id", "4150868000000000777"}, {"name", "Zylker"}};
  Run(chromium, a);
  Run(chromium, Store("1000.user-b", kProfileB));
  Run(firefox, Store("1000.user-c", std::nullopt));
  json other = Store("1000.other-client", kProfileA);
  other["client_id"] = "1000.OTHER";
  Run(chromium, other);

  const json tokens = List(chromium).at("tokens");
  ASSERT_EQ(tokens.size(), 3u) << tokens.dump();
  EXPECT_EQ(tokens.dump().find("1000.user"), std::string::npos) << "a token's secret is listed";
  EXPECT_EQ(tokens.dump().find("1000.other"), std::string::npos) << "another client ID's token is listed";
  const auto find = [&](const std::string& caller, const std::optional<std::string>& installation) {
    for (const auto& t : tokens) {
      if (t.at("caller") == caller && t.value("installation", std::string()) == installation.value_or(""))
        return t;
    }
    return json();
  };
  const json ann = find(kChromium, kProfileA);
  ASSERT_TRUE(ann.is_object()) << tokens.dump();
  EXPECT_EQ(ann.at("user"), json({{"name", "Ann Example"}, {"email", "ann@example.com"}}));
  EXPECT_EQ(ann.at("org").at("name"), "Zylker");
  EXPECT_EQ(ann.at("expired"), false);
  EXPECT_EQ(ann.at("expires_at"), test_support::kT0 + 3600 * 1000);
  EXPECT_TRUE(find(kChromium, kProfileB).is_object());
  EXPECT_FALSE(find(kChromium, kProfileB).contains("user"));
  EXPECT_TRUE(find(test_support::kFirefox, std::nullopt).is_object());
}

TEST_F(HandlersInstallation, ListIsTheSameForEveryCallerAndEmptyWithNoToken) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(test_support::kFirefox);
  EXPECT_EQ(List(chromium), json({{"tokens", json::array()}}));
  Run(chromium, Store("1000.user-a", kProfileA));
  EXPECT_EQ(List(firefox), List(chromium));
}

TEST_F(HandlersInstallation, TheUserOfATokenComesBackWithIt) {
  auto ctx = ContextFor(kChromium);
  json r = Store("1000.user-a", kProfileA);
  r["user"] = {{"email", "ann@example.com"}};
  Run(ctx, r);
  EXPECT_EQ(Run(ctx, Scoped("token.get", kProfileA)).at("user"), json({{"email", "ann@example.com"}}));
  EXPECT_EQ(Run(ctx, Scoped("token.status", kProfileA)).at("user"), json({{"email", "ann@example.com"}}));
}

TEST_F(HandlersInstallation, AUserWithoutNameOrEmailOrTooLongIsRefused) {
  auto ctx = ContextFor(kChromium);
  json empty = Store("1000.user-a", kProfileA);
  empty["user"] = json::object();
  EXPECT_EQ(FailureOf(ctx, empty).code, "BAD_REQUEST");
  json long_name = Store("1000.user-a", kProfileA);
  long_name["user"] = {{"name", std::string(201, 'n')}};
  EXPECT_EQ(FailureOf(ctx, long_name).code, "BAD_REQUEST");
  json not_object = Store("1000.user-a", kProfileA);
  not_object["user"] = "ann";
  EXPECT_EQ(FailureOf(ctx, not_object).code, "BAD_REQUEST");
  EXPECT_EQ(FailureOf(ctx, Scoped("token.get", kProfileA)).code, "NO_TOKEN")
      << "a refused store kept a token";
}

}  // namespace
}  // namespace zcrm
