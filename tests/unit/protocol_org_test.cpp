// The org of docs/PROTOCOL.md: token.store takes an optional org object {id, name, type}, and every account.*
// message an optional org ID. The examples parse, each bound is enforced, and every rejection is BAD_REQUEST
// naming the field without quoting what the caller sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>

#include "error/host_error.hpp"
#include "protocol/messages.hpp"
#include "protocol/parse.hpp"

namespace zcrm::protocol {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// The org examples of docs/PROTOCOL.md.
json TokenStoreExample() {
  return json::parse(
      R"({"id": 2, "type": "token.store", "client_id": "1000.ABC", "dc": "us", "source": "login",
    "token": {"access_token": "1000.xyz", "expires_in": "3600", "api_domain": "https://www.zohoapis.com"},
    "org": {"id": "4150868000000000001", "name": "Zylker Sandbox", "type": "sandbox"}})");
}

json AccountExample(const std::string& type) {
  json request = {
      {"id", 9}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", "us"}, {"org", "4150868000000000001"}};
  if (type == "account.choose") {
    request["account"] = {
        {"id", "4150868000000225013"}, {"name", "Zylker Inc"}, {"kind", "record"}, {"module", "Accounts"}};
  }
  return request;
}

constexpr const char* kAccountTypes[] = {"account.choose", "account.get", "account.recent", "account.clear"};

// "org.id" -> the JSON pointer /org/id.
json With(json request, const std::string& path, json value) {
  std::string pointer = "/" + path;
  for (auto& c : pointer) {
    if (c == '.') c = '/';
  }
  request[json::json_pointer(pointer)] = std::move(value);
  return request;
}

struct Failure {
  std::string code;
  std::string message;
};

Failure ParseFailure(const json& request) {
  try {
    (void)ParseRequest(request);
  } catch (const HostError& e) {
    return {std::string(ErrorCodeName(e.code())), e.what()};
  }
  return {"no error", ""};
}

// BAD_REQUEST naming `field`, and no trace of `sent` (what the caller put there) in the message.
void ExpectBadRequestNaming(const json& request, const std::string& field, const std::string& sent = "") {
  SCOPED_TRACE(request.dump().substr(0, 300));
  const auto f = ParseFailure(request);
  EXPECT_EQ(f.code, "BAD_REQUEST");
  EXPECT_THAT(f.message, HasSubstr("'" + field + "'"));
  if (!sent.empty()) {
    EXPECT_THAT(f.message, Not(HasSubstr(sent)));
  }
}

void ExpectAccepted(const json& request) {
  SCOPED_TRACE(request.dump().substr(0, 300));
  const auto f = ParseFailure(request);
  EXPECT_EQ(f.code, "no error") << f.message;
}

std::optional<Org> OrgOfTokenStore(const json& request) {
  const auto parsed = ParseRequest(request);
  EXPECT_TRUE(std::holds_alternative<TokenStore>(parsed));
  return std::get<TokenStore>(parsed).org;
}

// The org ID an account.* request was parsed with.
std::optional<std::string> OrgOfAccountRequest(const json& request) {
  const auto parsed = ParseRequest(request);
  if (const auto* r = std::get_if<AccountChoose>(&parsed)) return r->org;
  if (const auto* r = std::get_if<AccountGet>(&parsed)) return r->org;
  if (const auto* r = std::get_if<AccountRecent>(&parsed)) return r->org;
  if (const auto* r = std::get_if<AccountClear>(&parsed)) return r->org;
  ADD_FAILURE() << "not an account message";
  return std::nullopt;
}

// ---- token.store
// -------------------------------------------------------------------------------------------

TEST(ProtocolOrg, TokenStoreKeepsTheOrgsIdNameAndType) {
  const auto org = OrgOfTokenStore(TokenStoreExample());
  ASSERT_TRUE(org.has_value());
  EXPECT_EQ(org->id, "4150868000000000001");
  EXPECT_EQ(org->name, "Zylker Sandbox");
  EXPECT_EQ(org->type, "sandbox");
  EXPECT_EQ(OrgToJson(*org), TokenStoreExample()["org"]);
}

TEST(ProtocolOrg, TokenStoreOrgNeedsOnlyAnId) {
  const auto org = OrgOfTokenStore(With(TokenStoreExample(), "org", {{"id", "42"}}));
  ASSERT_TRUE(org.has_value());
  EXPECT_EQ(org->id, "42");
  EXPECT_EQ(org->name, std::nullopt);
  EXPECT_EQ(org->type, std::nullopt);
  EXPECT_EQ(OrgToJson(*org), json({{"id", "42"}}));
}

TEST(ProtocolOrg, TokenStoreWithoutOrgOrWithNullOrgHasNoOrg) {
  auto without = TokenStoreExample();
  without.erase("org");
  EXPECT_EQ(OrgOfTokenStore(without), std::nullopt);
  EXPECT_EQ(OrgOfTokenStore(With(TokenStoreExample(), "org", nullptr)), std::nullopt);
}

TEST(ProtocolOrg, TokenStoreAcceptsEachOrgType) {
  for (const char* type : {"production", "sandbox", "developer"}) {
    EXPECT_EQ(OrgOfTokenStore(With(TokenStoreExample(), "org.type", type))->type, type);
  }
}

TEST(ProtocolOrg, TokenStoreOrgThatIsNotAnObjectIsRefused) {
  ExpectBadRequestNaming(With(TokenStoreExample(), "org", "4150868000000000001"), "org",
                         "4150868000000000001");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org", json::array({"1"})), "org");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org", 42), "org");
}

TEST(ProtocolOrg, TokenStoreOrgWithoutIdIsRefused) {
  ExpectBadRequestNaming(With(TokenStoreExample(), "org", {{"name", "Zylker"}, {"type", "production"}}),
                         "org.id");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", nullptr), "org.id");
}

TEST(ProtocolOrg, TokenStoreOrgIdOf32DigitsIsAcceptedAnd33RefusedWithoutQuotingIt) {
  ExpectAccepted(With(TokenStoreExample(), "org.id", std::string(32, '9')));
  const std::string too_long(33, '9');
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", too_long), "org.id", too_long);
}

TEST(ProtocolOrg, TokenStoreOrgIdWithAnythingButDigitsIsRefusedWithoutQuotingIt) {
  for (const char* id : {"org4150868", "415-0868", "4150868 ", " 4150868", "4150868\n", "41508.68", "-1",
                         "4150868<b>canary</b>", "٤١٥"}) {
    ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", id), "org.id", id);
  }
}

TEST(ProtocolOrg, TokenStoreOrgIdThatIsEmptyOrNotAStringIsRefused) {
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", ""), "org.id");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", 4150868), "org.id");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.id", json::array()), "org.id");
}

TEST(ProtocolOrg, TokenStoreOrgTypeOtherThanProductionSandboxOrDeveloperIsRefusedWithoutQuotingIt) {
  for (const char* type : {"trial", "Production", "sandbox ", "<img src=x onerror=alert(1)>", ""}) {
    ExpectBadRequestNaming(With(TokenStoreExample(), "org.type", type), "org.type",
                           std::string(type).empty() ? "" : type);
  }
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.type", 1), "org.type");
}

TEST(ProtocolOrg, TokenStoreOrgNameOf200CharactersIsAcceptedAnd201RefusedWithoutQuotingIt) {
  ExpectAccepted(With(TokenStoreExample(), "org.name", std::string(200, 'n')));
  const std::string too_long = "canary" + std::string(195, 'n');
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.name", too_long), "org.name", "canary");
}

// Company names are often not ASCII; the bound counts characters, as every bound of the protocol does.
TEST(ProtocolOrg, TokenStoreOrgNameBoundCountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xC3\xA9";  // 200 × "é" = 400 bytes
  EXPECT_EQ(OrgOfTokenStore(With(TokenStoreExample(), "org.name", name))->name, name);
}

TEST(ProtocolOrg, TokenStoreOrgNameWithControlCharactersOrOfTheWrongTypeIsRefused) {
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.name", "Zylker\ncanary"), "org.name", "canary");
  ExpectBadRequestNaming(With(TokenStoreExample(), "org.name", 5), "org.name");
}

// ---- account.*
// ---------------------------------------------------------------------------------------------

TEST(ProtocolOrg, EveryAccountMessageReadsTheOrgId) {
  for (const char* type : kAccountTypes) {
    SCOPED_TRACE(type);
    EXPECT_EQ(OrgOfAccountRequest(AccountExample(type)), "4150868000000000001");
  }
}

TEST(ProtocolOrg, EveryAccountMessageWithoutOrgOrWithNullOrgHasNoOrg) {
  for (const char* type : kAccountTypes) {
    SCOPED_TRACE(type);
    auto without = AccountExample(type);
    without.erase("org");
    EXPECT_EQ(OrgOfAccountRequest(without), std::nullopt);
    EXPECT_EQ(OrgOfAccountRequest(With(AccountExample(type), "org", nullptr)), std::nullopt);
  }
}

TEST(ProtocolOrg, AccountOrgIdOf32DigitsIsAcceptedAnd33RefusedWithoutQuotingIt) {
  const std::string too_long(33, '7');
  for (const char* type : kAccountTypes) {
    ExpectAccepted(With(AccountExample(type), "org", std::string(32, '7')));
    ExpectBadRequestNaming(With(AccountExample(type), "org", too_long), "org", too_long);
  }
}

TEST(ProtocolOrg, AccountOrgIdWithAnythingButDigitsIsRefusedWithoutQuotingIt) {
  for (const char* type : kAccountTypes) {
    for (const char* id : {"org4150868", "../4150868", "4150868/1", "4150868 ", "4150868<b>canary</b>"}) {
      ExpectBadRequestNaming(With(AccountExample(type), "org", id), "org", id);
    }
    ExpectBadRequestNaming(With(AccountExample(type), "org", ""), "org");
  }
}

// The org object of token.store is not an org ID: an account message that gets one is told so.
TEST(ProtocolOrg, AccountOrgThatIsNotAStringIsRefused) {
  for (const char* type : kAccountTypes) {
    ExpectBadRequestNaming(With(AccountExample(type), "org", {{"id", "4150868000000000001"}}), "org");
    ExpectBadRequestNaming(With(AccountExample(type), "org", 4150868), "org");
  }
}

// Messages not keyed by the account scope ignore an org, as they ignore any unknown field.
TEST(ProtocolOrg, TokenGetStatusAndForgetIgnoreAnOrg) {
  for (const char* type : {"token.get", "token.status", "token.forget"}) {
    ExpectAccepted(
        json{{"id", 3}, {"type", type}, {"client_id", "1000.ABC"}, {"dc", "us"}, {"org", {{"x", 1}}}});
  }
}

}  // namespace
}  // namespace zcrm::protocol
