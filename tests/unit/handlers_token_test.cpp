// token.* handlers against a real vault in a temp folder and an injected clock: what is stored comes back,
// times are derived as documented, expiry is exact, the secret never leaks into status, and callers are
// apart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

class HandlersToken : public test_support::HandlersFixture {};

json StoreRequest(const std::string& access_token = "1000.xyz", const json& expires_in = "3600") {
  return {{"id", 2},
          {"type", "token.store"},
          {"client_id", "1000.ABC"},
          {"dc", "us"},
          {"source", "login"},
          {"token",
           {{"access_token", access_token},
            {"expires_in", expires_in},
            {"api_domain", "https://www.zohoapis.com"},
            {"scope", "ZohoCRM.users.READ"},
            {"granted_for_session", "true"},
            {"token_type", "Bearer"}}}};
}

json ScopedRequest(const std::string& type, const std::string& dc = "us") {
  return {{"id", 3}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", dc}};
}

TEST_F(HandlersToken, HelloAnswersProtocolVersionAndCaller) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, {{"id", 1}, {"type", "hello"}}),
            json({{"protocol", 1}, {"host_version", ZCRM_VERSION}, {"caller", kChromium}}));
}

TEST_F(HandlersToken, StoreAnswersDcAndTimes) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, StoreRequest()), json({{"dc", "us"},
                                            {"stored_at", kT0},
                                            {"expires_at", kT0 + 3600 * 1000},
                                            {"refresh_at", kT0 + 3300 * 1000}}));
}

TEST_F(HandlersToken, StoreThenGetReturnsTheFields) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  now_ += 1000;
  EXPECT_EQ(Run(ctx, ScopedRequest("token.get")), json({{"access_token", "1000.xyz"},
                                                        {"api_domain", "https://www.zohoapis.com"},
                                                        {"dc", "us"},
                                                        {"scope", "ZohoCRM.users.READ"},
                                                        {"granted_for_session", true},
                                                        {"token_type", "Bearer"},
                                                        {"source", "login"},
                                                        {"stored_at", kT0},
                                                        {"expires_at", kT0 + 3600 * 1000},
                                                        {"refresh_at", kT0 + 3300 * 1000}}));
}

TEST_F(HandlersToken, StoreReplacesThePreviousTokenAndKeepsTheSource) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest("1000.first"));
  now_ += 60000;
  auto refresh = StoreRequest("1000.second", 7200);
  refresh["source"] = "refresh";
  refresh["token"].erase("scope");
  Run(ctx, refresh);
  const auto got = Run(ctx, ScopedRequest("token.get"));
  EXPECT_EQ(got["access_token"], "1000.second");
  EXPECT_EQ(got["source"], "refresh");
  EXPECT_EQ(got["stored_at"], kT0 + 60000);
  EXPECT_EQ(got["expires_at"], kT0 + 60000 + 7200 * 1000);
  EXPECT_FALSE(got.contains("scope"));
}

TEST_F(HandlersToken, RefreshAtIsExpiresAtMinusTheConfiguredMargin) {
  settings_.refresh_margin_ms = 60 * 1000;
  auto ctx = ContextFor(kChromium);
  const auto stored = Run(ctx, StoreRequest("1000.xyz", 600));
  EXPECT_EQ(stored["expires_at"], kT0 + 600 * 1000);
  EXPECT_EQ(stored["refresh_at"], kT0 + 540 * 1000);
}

TEST_F(HandlersToken, RefreshAtIsNeverBeforeStoredAt) {
  auto ctx = ContextFor(kChromium);  // default margin: 300 s
  const auto stored = Run(ctx, StoreRequest("1000.xyz", 100));
  EXPECT_EQ(stored["stored_at"], kT0);
  EXPECT_EQ(stored["expires_at"], kT0 + 100 * 1000);
  EXPECT_EQ(stored["refresh_at"], kT0);
  const auto at_margin = Run(ctx, StoreRequest("1000.xyz", 300));
  EXPECT_EQ(at_margin["refresh_at"], kT0);
}

TEST_F(HandlersToken, LocationOverridesDc) {
  auto ctx = ContextFor(kChromium);
  auto request = StoreRequest();
  request["token"]["location"] = "eu";
  EXPECT_EQ(Run(ctx, request)["dc"], "eu");
  EXPECT_EQ(Run(ctx, ScopedRequest("token.get", "eu"))["dc"], "eu");
  EXPECT_EQ(FailureOf(ctx, ScopedRequest("token.get", "us")).code, "NO_TOKEN");
}

TEST_F(HandlersToken, GetWithNothingStoredIsNoToken) {
  auto ctx = ContextFor(kChromium);
  const auto f = FailureOf(ctx, ScopedRequest("token.get"));
  EXPECT_EQ(f.code, "NO_TOKEN");
  EXPECT_EQ(f.retry_after_ms, std::nullopt);
}

TEST_F(HandlersToken, ExpiredTokenIsTokenExpiredAndKeptForStatus) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest("1000.xyz", 60));
  now_ = kT0 + 60 * 1000 - 1;
  EXPECT_EQ(Run(ctx, ScopedRequest("token.get"))["access_token"], "1000.xyz");
  now_ = kT0 + 60 * 1000;
  EXPECT_EQ(FailureOf(ctx, ScopedRequest("token.get")).code, "TOKEN_EXPIRED");
  const auto status = Run(ctx, ScopedRequest("token.status"));
  EXPECT_EQ(status["present"], true);
  EXPECT_EQ(status["expired"], true);
}

TEST_F(HandlersToken, StatusHasEverythingButTheSecret) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  const auto status = Run(ctx, ScopedRequest("token.status"));
  EXPECT_FALSE(status.contains("access_token"));
  EXPECT_EQ(status.dump().find("1000.xyz"), std::string::npos);
  EXPECT_EQ(status["present"], true);
  EXPECT_EQ(status["expired"], false);
  EXPECT_EQ(status["dc"], "us");
  EXPECT_EQ(status["api_domain"], "https://www.zohoapis.com");
  EXPECT_EQ(status["scope"], "ZohoCRM.users.READ");
  EXPECT_EQ(status["granted_for_session"], true);
  EXPECT_EQ(status["source"], "login");
  EXPECT_EQ(status["stored_at"], kT0);
  EXPECT_EQ(status["expires_at"], kT0 + 3600 * 1000);
  EXPECT_EQ(status["refresh_at"], kT0 + 3300 * 1000);
}

TEST_F(HandlersToken, StatusWithNothingStoredIsOnlyPresentFalse) {
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, ScopedRequest("token.status")), json({{"present", false}}));
}

TEST_F(HandlersToken, ForgetRemovesTheToken) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  EXPECT_EQ(Run(ctx, ScopedRequest("token.forget")), json({{"forgotten", true}}));
  EXPECT_EQ(FailureOf(ctx, ScopedRequest("token.get")).code, "NO_TOKEN");
  EXPECT_EQ(Run(ctx, ScopedRequest("token.status")), json({{"present", false}}));
  EXPECT_EQ(Run(ctx, ScopedRequest("token.forget")), json({{"forgotten", false}}));
}

TEST_F(HandlersToken, TokensAreKeptPerClientIdAndDc) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  EXPECT_EQ(FailureOf(ctx, ScopedRequest("token.get", "eu")).code, "NO_TOKEN");
  auto other_client = ScopedRequest("token.get");
  other_client["client_id"] = "1000.OTHER";
  EXPECT_EQ(FailureOf(ctx, other_client).code, "NO_TOKEN");
}

TEST_F(HandlersToken, TokensAreSeparatedPerCaller) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, StoreRequest("1000.chromium"));
  EXPECT_EQ(FailureOf(firefox, ScopedRequest("token.get")).code, "NO_TOKEN");
  EXPECT_EQ(Run(firefox, ScopedRequest("token.status")), json({{"present", false}}));
  Run(firefox, StoreRequest("1000.firefox"));
  EXPECT_EQ(Run(chromium, ScopedRequest("token.get"))["access_token"], "1000.chromium");
  EXPECT_EQ(Run(firefox, ScopedRequest("token.get"))["access_token"], "1000.firefox");
  EXPECT_EQ(Run(firefox, ScopedRequest("token.forget"))["forgotten"], true);
  EXPECT_EQ(Run(chromium, ScopedRequest("token.get"))["access_token"], "1000.chromium");
}

TEST_F(HandlersToken, TokensSurviveReopeningTheVault) {
  {
    auto ctx = ContextFor(kChromium);
    Run(ctx, StoreRequest());
  }
  vault_.reset();
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, ScopedRequest("token.get"))["access_token"], "1000.xyz");
}

}  // namespace
}  // namespace zcrm

namespace zcrm {
namespace {

TEST_F(HandlersToken, HandingTheTokenToAWebOriginIsRecordedMostRecentFirst) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  auto get = ScopedRequest("token.get");
  get["for_origin"] = "https://one.example.com";
  Run(ctx, get);
  now_ += 1000;
  get["for_origin"] = "http://localhost:8080";
  Run(ctx, get);
  Run(ctx, ScopedRequest("token.get"));  // the extension itself: not a hand-out
  auto log = Run(ctx, ScopedRequest("token.handouts"))["handouts"];
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], json({{"origin", "http://localhost:8080"}, {"at", kT0 + 1000}}));
  EXPECT_EQ(log[1], json({{"origin", "https://one.example.com"}, {"at", kT0}}));
}

TEST_F(HandlersToken, HandoutLogKeepsTheNewestFifty) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, StoreRequest());
  auto get = ScopedRequest("token.get");
  for (int i = 0; i < 55; ++i) {
    get["for_origin"] = "https://site" + std::to_string(i) + ".example.com";
    Run(ctx, get);
  }
  auto log = Run(ctx, ScopedRequest("token.handouts"))["handouts"];
  ASSERT_EQ(log.size(), 50u);
  EXPECT_EQ(log[0]["origin"], "https://site54.example.com");
  EXPECT_EQ(log[49]["origin"], "https://site5.example.com");
}

TEST_F(HandlersToken, NoHandoutIsRecordedWhenThereIsNoTokenToHand) {
  auto ctx = ContextFor(kChromium);
  auto get = ScopedRequest("token.get");
  get["for_origin"] = "https://one.example.com";
  EXPECT_EQ(FailureOf(ctx, get).code, "NO_TOKEN");
  EXPECT_TRUE(Run(ctx, ScopedRequest("token.handouts"))["handouts"].empty());
}

}  // namespace
}  // namespace zcrm
