#include <gtest/gtest.h>

#include "error/host_error.hpp"
#include "protocol/messages.hpp"
#include "protocol/parse.hpp"

namespace zcrm::protocol {
namespace {

TEST(ProtocolOrigin, HttpsOriginsAreWebOrigins) {
  EXPECT_TRUE(IsWebOrigin("https://app.example.com"));
  EXPECT_TRUE(IsWebOrigin("https://app.example.com:8443"));
}

TEST(ProtocolOrigin, PlainHttpOnlyOnLoopback) {
  EXPECT_TRUE(IsWebOrigin("http://localhost:8080"));
  EXPECT_TRUE(IsWebOrigin("http://127.0.0.1"));
  EXPECT_TRUE(IsWebOrigin("http://[::1]"));
  EXPECT_FALSE(IsWebOrigin("http://app.example.com"));
}

TEST(ProtocolOrigin, PathsQueriesUserInfoAndOtherSchemesAreRefused) {
  for (const char* bad :
       {"https://app.example.com/", "https://app.example.com/x", "https://a.example.com?q",
        "https://a.example.com#f", "https://user@a.example.com", "ftp://a.example.com",
        "https://A.example.com", "https://", "https://a.example.com:", "https://a.example.com:123456",
        "chrome-extension://abc", "https://.example.com", "https://a b.com"}) {
    EXPECT_FALSE(IsWebOrigin(bad)) << bad;
  }
}

TEST(ProtocolOrigin, OriginsLongerThan256CharactersAreRefused) {
  EXPECT_FALSE(IsWebOrigin("https://" + std::string(250, 'a') + ".com"));
}

TEST(ProtocolOrigin, TokenGetCarriesAValidForOrigin) {
  auto r = ParseRequest(nlohmann::json{{"id", 1},
                                       {"type", "token.get"},
                                       {"client_id", "1000.A"},
                                       {"dc", "us"},
                                       {"for_origin", "https://app.example.com"}});
  EXPECT_EQ(std::get<TokenGet>(r).for_origin.value(), "https://app.example.com");
}

TEST(ProtocolOrigin, TokenGetWithAnInvalidForOriginIsBadRequestNamingTheField) {
  try {
    ParseRequest(nlohmann::json{{"id", 1},
                                {"type", "token.get"},
                                {"client_id", "1000.A"},
                                {"dc", "us"},
                                {"for_origin", "https://evil.example.com/path"}});
    FAIL() << "accepted";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadRequest);
    EXPECT_NE(std::string(e.what()).find("for_origin"), std::string::npos);
  }
}

TEST(ProtocolOrigin, TokenHandoutsLimitIsBounded) {
  EXPECT_EQ(std::get<TokenHandouts>(
                ParseRequest(nlohmann::json{
                    {"id", 1}, {"type", "token.handouts"}, {"client_id", "1000.A"}, {"dc", "us"}}))
                .limit,
            kMaxHandouts);
  EXPECT_THROW(
      ParseRequest(nlohmann::json{
          {"id", 1}, {"type", "token.handouts"}, {"client_id", "1000.A"}, {"dc", "us"}, {"limit", 51}}),
      HostError);
}

}  // namespace
}  // namespace zcrm::protocol
