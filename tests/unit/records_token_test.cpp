// The token record's JSON form: what the host writes reads back the same, the public view never holds the
// secret, and a record that is not a whole token is reported (MalformedRecord), never guessed at.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/malformed_record.hpp"
#include "records/token_record.hpp"

namespace zcrm::records {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1764340000000;

TokenRecord FullToken() {
  return {.access_token = "1000.secret",
          .dc = "eu",
          .source = "login",
          .stored_at = kT0,
          .expires_at = kT0 + 3600000,
          .refresh_at = kT0 + 3300000,
          .api_domain = "https://www.zohoapis.eu",
          .scope = "ZohoCRM.modules.ALL",
          .granted_for_session = true,
          .token_type = "Bearer",
          .org = OrgRecord{"20061234", "Acme", "sandbox"},
          .user = UserRecord{"Ann Example", "ann@example.com"}};
}

// As hosts since the first release write it.
json StoredToken() {
  return {{"access_token", "1000.secret"}, {"dc", "eu"},           {"source", "refresh"}, {"stored_at", kT0},
          {"expires_at", kT0 + 10},        {"refresh_at", kT0 + 5}};
}

TEST(RecordsToken, WhatIsWrittenReadsBackTheSame) {
  const auto token = FullToken();
  EXPECT_EQ(TokenFromJson(json::parse(ToJson(token).dump())), token);
  TokenRecord minimal;  // no optional field
  minimal.access_token = "1000.secret";
  minimal.dc = "us";
  minimal.source = "refresh";
  minimal.stored_at = kT0;
  minimal.expires_at = kT0 + 1;
  minimal.refresh_at = kT0;
  EXPECT_EQ(TokenFromJson(ToJson(minimal)), minimal);
}

TEST(RecordsToken, StoredFormKeepsTheFieldNamesOfExistingVaults) {
  const auto token = TokenFromJson(StoredToken());
  EXPECT_EQ(token.access_token, "1000.secret");
  EXPECT_EQ(token.source, "refresh");
  EXPECT_EQ(token.expires_at, kT0 + 10);
  EXPECT_EQ(ToJson(token), StoredToken());
}

TEST(RecordsToken, PublicJsonHasEveryFieldButTheSecretAndSaysWhetherExpired) {
  const json view = PublicJson(FullToken(), kT0);
  EXPECT_FALSE(view.contains("access_token"));
  EXPECT_EQ(view, json::parse(R"({"expired": false, "dc": "eu", "source": "login", "stored_at": 1764340000000,
      "expires_at": 1764343600000, "refresh_at": 1764343300000, "api_domain": "https://www.zohoapis.eu",
      "scope": "ZohoCRM.modules.ALL", "granted_for_session": true, "token_type": "Bearer",
      "org": {"id": "20061234", "name": "Acme", "type": "sandbox"},
      "user": {"name": "Ann Example", "email": "ann@example.com"}})"));
  EXPECT_TRUE(PublicJson(FullToken(), kT0 + 3600000)["expired"]);  // expired from expires_at on
}

TEST(RecordsToken, AMissingRequiredFieldIsMalformed) {
  for (const char* key : {"access_token", "dc", "source", "stored_at", "expires_at", "refresh_at"}) {
    SCOPED_TRACE(key);
    json stored = StoredToken();
    stored.erase(key);
    EXPECT_THROW(TokenFromJson(stored), MalformedRecord);
  }
}

TEST(RecordsToken, AFieldOfTheWrongTypeIsMalformed) {
  for (const auto& [key, value] : {std::pair<const char*, json>{"expires_at", "soon"},
                                   {"access_token", 1000},
                                   {"stored_at", 1.5},
                                   {"granted_for_session", "true"},
                                   {"scope", json::array()},
                                   {"org", "20061234"}}) {
    SCOPED_TRACE(key);
    json stored = StoredToken();
    stored[key] = value;
    EXPECT_THROW(TokenFromJson(stored), MalformedRecord);
  }
}

TEST(RecordsToken, AnOrgWithoutAStringIdIsMalformed) {
  json stored = StoredToken();
  stored["org"] = {{"name", "Acme"}};
  EXPECT_THROW(TokenFromJson(stored), MalformedRecord);
  stored["org"] = {{"id", 20061234}};
  EXPECT_THROW(TokenFromJson(stored), MalformedRecord);
}

TEST(RecordsToken, AValueThatIsNotAnObjectIsMalformed) {
  for (const json& stored : {json(), json::array(), json("token"), json(1)}) {
    EXPECT_THROW(TokenFromJson(stored), MalformedRecord) << stored;
  }
}

TEST(RecordsToken, UnknownFieldsAreIgnored) {
  json stored = StoredToken();
  stored["written_by_a_newer_host"] = {1, 2};
  EXPECT_EQ(ToJson(TokenFromJson(stored)), StoredToken());
}

}  // namespace
}  // namespace zcrm::records
