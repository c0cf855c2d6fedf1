// Frame body -> envelope -> typed request, checked against docs/PROTOCOL.md: every example parses, every
// required field is required, every bound is enforced, and every rejection carries the right code and names
// the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "error/host_error.hpp"
#include "protocol/messages.hpp"
#include "protocol/parse.hpp"

namespace zcrm::protocol {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// The examples of docs/PROTOCOL.md, with "…" replaced by real values.
const json& Examples() {
  static const json kExamples = json::parse(R"({
    "hello": {"id": 1, "type": "hello"},
    "token.store": {"id": 2, "type": "token.store", "client_id": "1000.ABC", "dc": "us", "source": "login",
      "token": {"access_token": "1000.xyz", "expires_in": "3600", "api_domain": "https://www.zohoapis.com",
                "location": "us", "scope": "ZohoCRM.users.READ", "granted_for_session": "true",
                "token_type": "Bearer"}},
    "token.get": {"id": 3, "type": "token.get", "client_id": "1000.ABC", "dc": "us"},
    "token.status": {"id": 4, "type": "token.status", "client_id": "1000.ABC", "dc": "us"},
    "token.forget": {"id": 5, "type": "token.forget", "client_id": "1000.ABC", "dc": "us"},
    "budget.reserve": {"id": 6, "type": "budget.reserve", "client_id": "1000.ABC", "kind": "refresh"},
    "budget.get": {"id": 7, "type": "budget.get", "client_id": "1000.ABC"},
    "account.choose": {"id": 8, "type": "account.choose", "client_id": "1000.ABC", "dc": "us",
      "account": {"id": "4150868000000225013", "name": "Zylker Inc", "kind": "record", "module": "Accounts"}},
    "account.get": {"id": 9, "type": "account.get", "client_id": "1000.ABC", "dc": "us"},
    "account.recent": {"id": 10, "type": "account.recent", "client_id": "1000.ABC", "dc": "us", "limit": 5},
    "account.clear": {"id": 11, "type": "account.clear", "client_id": "1000.ABC", "dc": "us"}
  })");
  return kExamples;
}

json Example(const std::string& type) {
  return Examples().at(type);
}

// "token.expires_in" -> the JSON pointer /token/expires_in.
json::json_pointer PointerOf(const std::string& path) {
  std::string pointer = "/" + path;
  for (auto& c : pointer) {
    if (c == '.') c = '/';
  }
  return json::json_pointer(pointer);
}

json With(json request, const std::string& path, json value) {
  request[PointerOf(path)] = std::move(value);
  return request;
}

json Without(json request, const std::string& path) {
  const auto pointer = PointerOf(path);
  request.at(pointer.parent_pointer()).erase(pointer.back());
  return request;
}

Request Parse(const json& request) {
  return ParseRequest(request);
}

struct Failure {
  std::string code;
  std::string message;
};

template <typename F>
Failure FailureOf(F&& f) {
  try {
    f();
  } catch (const HostError& e) {
    return {std::string(ErrorCodeName(e.code())), e.what()};
  }
  return {"no error", ""};
}

Failure ParseFailure(const json& request) {
  return FailureOf([&] { (void)Parse(request); });
}

// Runs the whole path a frame takes; the envelope is returned so tests can see which id was known.
struct FrameResult {
  Failure failure;
  json id;
};

FrameResult ParseFrame(std::string_view frame) {
  Envelope envelope;
  auto failure = FailureOf([&] {
    ParseEnvelope(frame, envelope);
    (void)ParseRequest(envelope.body);
  });
  return {failure, envelope.id};
}

void ExpectBadRequestNaming(const json& request, const std::string& field) {
  SCOPED_TRACE(request.dump());
  const auto f = ParseFailure(request);
  EXPECT_EQ(f.code, "BAD_REQUEST");
  EXPECT_THAT(f.message, HasSubstr("'" + field + "'"));
}

void ExpectAccepted(const json& request) {
  SCOPED_TRACE(request.dump());
  EXPECT_EQ(ParseFailure(request).code, "no error") << ParseFailure(request).message;
}

std::string Nested(int depth, const std::string& inner) {
  return std::string(static_cast<std::size_t>(depth), '[') + inner +
         std::string(static_cast<std::size_t>(depth), ']');
}

// ---- every example parses to the right variant and fields -------------------------------------------------

TEST(ProtocolParse, HelloExampleParses) {
  EXPECT_TRUE(std::holds_alternative<Hello>(Parse(Example("hello"))));
}

TEST(ProtocolParse, TokenStoreExampleParsesWithEveryTokenField) {
  const auto request = Parse(Example("token.store"));
  ASSERT_TRUE(std::holds_alternative<TokenStore>(request));
  const auto& r = std::get<TokenStore>(request);
  EXPECT_EQ(r.scope.client_id, "1000.ABC");
  EXPECT_EQ(r.scope.dc, "us");
  EXPECT_EQ(r.source, TokenSource::kLogin);
  EXPECT_EQ(r.token.access_token, "1000.xyz");
  EXPECT_EQ(r.token.expires_in_s, 3600);
  EXPECT_EQ(r.token.api_domain, "https://www.zohoapis.com");
  EXPECT_EQ(r.token.location, "us");
  EXPECT_EQ(r.token.scope, "ZohoCRM.users.READ");
  EXPECT_EQ(r.token.granted_for_session, true);
  EXPECT_EQ(r.token.token_type, "Bearer");
}

TEST(ProtocolParse, TokenStoreAcceptsTypedValuesAndLeavesAbsentFieldsEmpty) {
  const auto request =
      Parse(json::parse(R"({"id": 2, "type": "token.store", "client_id": "1000.ABC", "dc": "eu",
      "source": "refresh", "token": {"access_token": "1000.abc", "expires_in": 3600, "granted_for_session": false}})"));
  ASSERT_TRUE(std::holds_alternative<TokenStore>(request));
  const auto& r = std::get<TokenStore>(request);
  EXPECT_EQ(r.source, TokenSource::kRefresh);
  EXPECT_EQ(r.scope.dc, "eu");
  EXPECT_EQ(r.token.expires_in_s, 3600);
  EXPECT_EQ(r.token.granted_for_session, false);
  EXPECT_EQ(r.token.api_domain, std::nullopt);
  EXPECT_EQ(r.token.location, std::nullopt);
  EXPECT_EQ(r.token.scope, std::nullopt);
  EXPECT_EQ(r.token.token_type, std::nullopt);
}

TEST(ProtocolParse, TokenGetStatusForgetExamplesParseTheirScope) {
  const auto get = Parse(Example("token.get"));
  ASSERT_TRUE(std::holds_alternative<TokenGet>(get));
  EXPECT_EQ(std::get<TokenGet>(get).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<TokenGet>(get).scope.dc, "us");
  const auto status = Parse(Example("token.status"));
  ASSERT_TRUE(std::holds_alternative<TokenStatus>(status));
  EXPECT_EQ(std::get<TokenStatus>(status).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<TokenStatus>(status).scope.dc, "us");
  const auto forget = Parse(Example("token.forget"));
  ASSERT_TRUE(std::holds_alternative<TokenForget>(forget));
  EXPECT_EQ(std::get<TokenForget>(forget).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<TokenForget>(forget).scope.dc, "us");
}

TEST(ProtocolParse, BudgetReserveExampleParsesKind) {
  const auto refresh = Parse(Example("budget.reserve"));
  ASSERT_TRUE(std::holds_alternative<BudgetReserve>(refresh));
  EXPECT_EQ(std::get<BudgetReserve>(refresh).client_id, "1000.ABC");
  EXPECT_EQ(std::get<BudgetReserve>(refresh).kind, BudgetKind::kRefresh);
  const auto login = Parse(With(Example("budget.reserve"), "kind", "login"));
  ASSERT_TRUE(std::holds_alternative<BudgetReserve>(login));
  EXPECT_EQ(std::get<BudgetReserve>(login).kind, BudgetKind::kLogin);
}

TEST(ProtocolParse, BudgetGetExampleParsesClientId) {
  const auto request = Parse(Example("budget.get"));
  ASSERT_TRUE(std::holds_alternative<BudgetGet>(request));
  EXPECT_EQ(std::get<BudgetGet>(request).client_id, "1000.ABC");
}

TEST(ProtocolParse, AccountChooseExampleParsesARecordAccount) {
  const auto request = Parse(Example("account.choose"));
  ASSERT_TRUE(std::holds_alternative<AccountChoose>(request));
  const auto& r = std::get<AccountChoose>(request);
  EXPECT_EQ(r.scope.client_id, "1000.ABC");
  EXPECT_EQ(r.scope.dc, "us");
  EXPECT_EQ(r.account.id, "4150868000000225013");
  EXPECT_EQ(r.account.name, "Zylker Inc");
  EXPECT_EQ(r.account.kind, "record");
  EXPECT_EQ(r.account.module, "Accounts");
}

TEST(ProtocolParse, AccountChooseParsesAUserAccountWithoutModule) {
  const auto request =
      Parse(With(Example("account.choose"), "account",
                 json{{"id", "4150868000000184001"}, {"name", "Patricia Boyle"}, {"kind", "user"}}));
  ASSERT_TRUE(std::holds_alternative<AccountChoose>(request));
  EXPECT_EQ(std::get<AccountChoose>(request).account.kind, "user");
  EXPECT_EQ(std::get<AccountChoose>(request).account.module, std::nullopt);
}

TEST(ProtocolParse, AccountGetAndClearExamplesParseTheirScope) {
  const auto get = Parse(Example("account.get"));
  ASSERT_TRUE(std::holds_alternative<AccountGet>(get));
  EXPECT_EQ(std::get<AccountGet>(get).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<AccountGet>(get).scope.dc, "us");
  const auto clear = Parse(Example("account.clear"));
  ASSERT_TRUE(std::holds_alternative<AccountClear>(clear));
  EXPECT_EQ(std::get<AccountClear>(clear).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<AccountClear>(clear).scope.dc, "us");
}

TEST(ProtocolParse, AccountRecentExampleParsesLimit) {
  const auto request = Parse(Example("account.recent"));
  ASSERT_TRUE(std::holds_alternative<AccountRecent>(request));
  EXPECT_EQ(std::get<AccountRecent>(request).scope.client_id, "1000.ABC");
  EXPECT_EQ(std::get<AccountRecent>(request).limit, 5);
}

TEST(ProtocolParse, AccountRecentLimitDefaultsTo20) {
  const auto request = Parse(Without(Example("account.recent"), "limit"));
  ASSERT_TRUE(std::holds_alternative<AccountRecent>(request));
  EXPECT_EQ(std::get<AccountRecent>(request).limit, 20);
}

TEST(ProtocolParse, EveryExampleParsesThroughAWholeFrame) {
  for (const auto& [type, request] : Examples().items()) {
    SCOPED_TRACE(type);
    const auto result = ParseFrame(request.dump());
    EXPECT_EQ(result.failure.code, "no error") << result.failure.message;
    EXPECT_EQ(result.id, request["id"]);
  }
}

// ---- each required field missing -> BAD_REQUEST naming it
// ----------------------------------------------------

struct MissingCase {
  std::string type;
  std::string field;
};

class ProtocolParseMissingField : public ::testing::TestWithParam<MissingCase> {};

TEST_P(ProtocolParseMissingField, IsBadRequestNamingTheField) {
  ExpectBadRequestNaming(Without(Example(GetParam().type), GetParam().field), GetParam().field);
}

TEST_P(ProtocolParseMissingField, NullCountsAsMissing) {
  ExpectBadRequestNaming(With(Example(GetParam().type), GetParam().field, nullptr), GetParam().field);
}

std::vector<MissingCase> MissingCases() {
  std::vector<MissingCase> cases;
  for (const auto& [type, request] : Examples().items()) cases.push_back({type, "type"});
  for (const char* type :
       {"token.store", "token.get", "token.status", "token.forget", "budget.reserve", "budget.get",
        "account.choose", "account.get", "account.recent", "account.clear"}) {
    cases.push_back({type, "client_id"});
  }
  for (const char* type : {"token.store", "token.get", "token.status", "token.forget", "account.choose",
                           "account.get", "account.recent", "account.clear"}) {
    cases.push_back({type, "dc"});
  }
  for (const char* field : {"source", "token", "token.access_token", "token.expires_in"}) {
    cases.push_back({"token.store", field});
  }
  cases.push_back({"budget.reserve", "kind"});
  for (const char* field : {"account", "account.id", "account.name", "account.kind", "account.module"}) {
    cases.push_back({"account.choose", field});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryMessage, ProtocolParseMissingField, ::testing::ValuesIn(MissingCases()),
                         [](const ::testing::TestParamInfo<MissingCase>& param_info) {
                           std::string name = param_info.param.type + "__" + param_info.param.field;
                           for (auto& c : name) {
                             if (c == '.') c = '_';
                           }
                           return name;
                         });

// ---- wrong types
// -------------------------------------------------------------------------------------------

TEST(ProtocolParse, WrongTypesAreBadRequestNamingTheField) {
  ExpectBadRequestNaming(With(Example("hello"), "type", 5), "type");
  ExpectBadRequestNaming(With(Example("token.get"), "client_id", 1000), "client_id");
  ExpectBadRequestNaming(With(Example("token.get"), "dc", json::array({"us"})), "dc");
  ExpectBadRequestNaming(With(Example("token.store"), "source", true), "source");
  ExpectBadRequestNaming(With(Example("token.store"), "token", "1000.xyz"), "token");
  ExpectBadRequestNaming(With(Example("token.store"), "token", json::array()), "token");
  ExpectBadRequestNaming(With(Example("token.store"), "token.access_token", 12345), "token.access_token");
  ExpectBadRequestNaming(With(Example("token.store"), "token.expires_in", true), "token.expires_in");
  ExpectBadRequestNaming(With(Example("token.store"), "token.expires_in", 3600.5), "token.expires_in");
  ExpectBadRequestNaming(With(Example("token.store"), "token.expires_in", json::object()),
                         "token.expires_in");
  ExpectBadRequestNaming(With(Example("token.store"), "token.api_domain", 443), "token.api_domain");
  ExpectBadRequestNaming(With(Example("token.store"), "token.scope", json::array()), "token.scope");
  ExpectBadRequestNaming(With(Example("token.store"), "token.granted_for_session", 1),
                         "token.granted_for_session");
  ExpectBadRequestNaming(With(Example("token.store"), "token.token_type", false), "token.token_type");
  ExpectBadRequestNaming(With(Example("budget.reserve"), "kind", 1), "kind");
  ExpectBadRequestNaming(With(Example("account.choose"), "account", "Zylker Inc"), "account");
  ExpectBadRequestNaming(With(Example("account.choose"), "account.id", 4150868000000225013), "account.id");
  ExpectBadRequestNaming(With(Example("account.choose"), "account.module", json::object()), "account.module");
  ExpectBadRequestNaming(With(Example("account.recent"), "limit", "five"), "limit");
  ExpectBadRequestNaming(With(Example("account.recent"), "limit", 5.0), "limit");
}

// ---- bounds
// ------------------------------------------------------------------------------------------------

TEST(ProtocolParse, ClientIdOf128CharsIsAcceptedAnd129Refused) {
  ExpectAccepted(With(Example("token.get"), "client_id", std::string(128, 'A')));
  ExpectBadRequestNaming(With(Example("token.get"), "client_id", std::string(129, 'A')), "client_id");
}

TEST(ProtocolParse, ClientIdWithCharactersOutsideTheSetIsRefused) {
  ExpectAccepted(With(Example("token.get"), "client_id", "Az09._-"));
  for (const char* id : {"1000 ABC", "1000/ABC", "1000:ABC", "1000.ÄBC", "1000.ABC\n", ""}) {
    ExpectBadRequestNaming(With(Example("token.get"), "client_id", id), "client_id");
  }
}

TEST(ProtocolParse, UnknownDcIsRefused) {
  for (const char* dc : {"us", "eu", "in", "au", "jp", "ca", "sa", "uk", "cn", "ae"}) {
    ExpectAccepted(With(Example("token.get"), "dc", dc));
  }
  for (const char* dc : {"de", "US", "", "com", "us "}) {
    ExpectBadRequestNaming(With(Example("token.get"), "dc", dc), "dc");
  }
}

TEST(ProtocolParse, AccessTokenOf4096CharsIsAcceptedAnd4097Refused) {
  ExpectAccepted(With(Example("token.store"), "token.access_token", std::string(4096, 'x')));
  ExpectBadRequestNaming(With(Example("token.store"), "token.access_token", std::string(4097, 'x')),
                         "token.access_token");
}

TEST(ProtocolParse, AccessTokenWithASpaceOrEmptyIsRefused) {
  for (const char* token : {"1000.xyz abc", " 1000.xyz", "1000.xyz\t", ""}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.access_token", token), "token.access_token");
  }
}

TEST(ProtocolParse, ExpiresInOutsideOneTo86400IsRefused) {
  ExpectAccepted(With(Example("token.store"), "token.expires_in", 1));
  ExpectAccepted(With(Example("token.store"), "token.expires_in", 86400));
  ExpectAccepted(With(Example("token.store"), "token.expires_in", "86400"));
  for (const json& v :
       {json(0), json(86401), json(-1), json("0"), json("86401"), json(18446744073709551615ULL)}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.expires_in", v), "token.expires_in");
  }
}

TEST(ProtocolParse, ExpiresInThatIsNotAWholeNumberStringIsRefused) {
  for (const char* v : {"12a", "", " 3600", "3600 ", "+3600", "3600.0", "0x10", "1e3"}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.expires_in", v), "token.expires_in");
  }
}

TEST(ProtocolParse, ExpiresInAsDecimalStringIsAccepted) {
  const auto request = Parse(With(Example("token.store"), "token.expires_in", "3600"));
  EXPECT_EQ(std::get<TokenStore>(request).token.expires_in_s, 3600);
}

TEST(ProtocolParse, ApiDomainOverPlainHttpIsRefused) {
  for (const char* url :
       {"http://example.com", "http://www.zohoapis.com", "ftp://www.zohoapis.com", "www.zohoapis.com",
        "http://localhost.example.com", "http://127.0.0.1.example.com"}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.api_domain", url), "token.api_domain");
  }
}

TEST(ProtocolParse, ApiDomainOverHttpOnLoopbackIsAccepted) {
  for (const char* url : {"http://127.0.0.1:8080", "http://127.0.0.1", "http://localhost:3000/",
                          "http://[::1]:9000", "https://www.zohoapis.eu"}) {
    ExpectAccepted(With(Example("token.store"), "token.api_domain", url));
  }
}

// The loopback exception must not be reachable through userinfo: in "http://127.0.0.1:8080@example.com" the
// host is example.com (RFC 3986 §3.2.1), so this is plain http to a remote host.
TEST(ProtocolParse, ApiDomainWithLoopbackAsUserinfoIsRefused) {
  for (const char* url : {"http://127.0.0.1:8080@example.com", "http://localhost:@example.com",
                          "http://[::1]:1@example.com/"}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.api_domain", url), "token.api_domain");
  }
}

TEST(ProtocolParse, UnknownLocationIsRefused) {
  ExpectAccepted(With(Example("token.store"), "token.location", "eu"));
  for (const char* location : {"de", "EU", ""}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.location", location), "token.location");
  }
}

TEST(ProtocolParse, GrantedForSessionAcceptsOnlyTrueOrFalse) {
  EXPECT_EQ(std::get<TokenStore>(Parse(With(Example("token.store"), "token.granted_for_session", "false")))
                .token.granted_for_session,
            false);
  EXPECT_EQ(std::get<TokenStore>(Parse(With(Example("token.store"), "token.granted_for_session", true)))
                .token.granted_for_session,
            true);
  for (const char* v : {"yes", "True", "1", ""}) {
    ExpectBadRequestNaming(With(Example("token.store"), "token.granted_for_session", v),
                           "token.granted_for_session");
  }
}

TEST(ProtocolParse, TokenSourceOtherThanLoginOrRefreshIsRefused) {
  ExpectBadRequestNaming(With(Example("token.store"), "source", "import"), "source");
}

TEST(ProtocolParse, BudgetKindOtherThanLoginOrRefreshIsRefused) {
  ExpectBadRequestNaming(With(Example("budget.reserve"), "kind", "api"), "kind");
}

TEST(ProtocolParse, AccountKindOtherThanUserOrRecordIsRefused) {
  ExpectBadRequestNaming(With(Example("account.choose"), "account.kind", "org"), "account.kind");
}

TEST(ProtocolParse, RecordAccountWithoutModuleIsRefused) {
  ExpectBadRequestNaming(Without(Example("account.choose"), "account.module"), "account.module");
  ExpectBadRequestNaming(With(Example("account.choose"), "account.module", ""), "account.module");
}

TEST(ProtocolParse, UserAccountWithModuleIsRefused) {
  ExpectBadRequestNaming(With(Example("account.choose"), "account.kind", "user"), "account.module");
}

TEST(ProtocolParse, AccountIdAndNameBoundsAreEnforced) {
  ExpectAccepted(With(Example("account.choose"), "account.id", std::string(64, '1')));
  ExpectBadRequestNaming(With(Example("account.choose"), "account.id", std::string(65, '1')), "account.id");
  ExpectBadRequestNaming(With(Example("account.choose"), "account.id", ""), "account.id");
  ExpectAccepted(With(Example("account.choose"), "account.name", std::string(256, 'n')));
  ExpectBadRequestNaming(With(Example("account.choose"), "account.name", std::string(257, 'n')),
                         "account.name");
  ExpectBadRequestNaming(With(Example("account.choose"), "account.name", ""), "account.name");
}

// PROTOCOL.md bounds `name` in characters (1–256), and CRM account names are often not ASCII.
TEST(ProtocolParse, AccountNameBoundCountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 256; ++i) name += "\xC3\xA9";  // 256 × "é" = 512 bytes
  ExpectAccepted(With(Example("account.choose"), "account.name", name));
}

TEST(ProtocolParse, AccountRecentLimitOutsideOneTo20IsRefused) {
  ExpectAccepted(With(Example("account.recent"), "limit", 1));
  ExpectAccepted(With(Example("account.recent"), "limit", 20));
  ExpectBadRequestNaming(With(Example("account.recent"), "limit", 0), "limit");
  ExpectBadRequestNaming(With(Example("account.recent"), "limit", 21), "limit");
  ExpectBadRequestNaming(With(Example("account.recent"), "limit", -1), "limit");
}

// ---- envelope
// ----------------------------------------------------------------------------------------------

TEST(ProtocolParse, EmptyFrameIsInvalidJson) {
  const auto r = ParseFrame("");
  EXPECT_EQ(r.failure.code, "INVALID_JSON");
  EXPECT_TRUE(r.id.is_null());
}

TEST(ProtocolParse, MalformedJsonIsInvalidJson) {
  for (std::string_view frame : {R"({"id": 1, "type": "hello")", R"({"id": 1} trailing)", "{id: 1}", " "}) {
    SCOPED_TRACE(frame);
    const auto r = ParseFrame(frame);
    EXPECT_EQ(r.failure.code, "INVALID_JSON");
    EXPECT_TRUE(r.id.is_null());
  }
}

TEST(ProtocolParse, InvalidUtf8InsideAStringIsInvalidJson) {
  for (std::string_view frame :
       {"{\"id\": 1, \"type\": \"hel\xfflo\"}", "{\"id\": \"\xc3\", \"type\": \"hello\"}",
        "{\"id\": 1, \"type\": \"hello\", \"x\": \"\xed\xa0\x80\"}"}) {
    const auto r = ParseFrame(frame);
    EXPECT_EQ(r.failure.code, "INVALID_JSON");
    EXPECT_TRUE(r.id.is_null());
  }
}

TEST(ProtocolParse, Nesting32DeepIsAccepted) {
  // The envelope object is level 1; 31 arrays inside make 32.
  EXPECT_EQ(ParseFrame(R"({"id": 1, "type": "hello", "x": )" + Nested(31, "1") + "}").failure.code,
            "no error");
  EXPECT_EQ(ParseFrame(R"({"id": 1, "type": "hello", "x": )" + Nested(31, "") + "}").failure.code,
            "no error");
}

TEST(ProtocolParse, Nesting33DeepIsInvalidJson) {
  const auto r = ParseFrame(R"({"id": 1, "type": "hello", "x": )" + Nested(32, "1") + "}");
  EXPECT_EQ(r.failure.code, "INVALID_JSON");
  EXPECT_TRUE(r.id.is_null());
  EXPECT_EQ(ParseFrame(Nested(33, "1")).failure.code, "INVALID_JSON");
}

// Depth is the number of nested containers, whether or not the innermost one holds anything.
TEST(ProtocolParse, Nesting33DeepIsInvalidJsonEvenWhenTheInnermostContainerIsEmpty) {
  EXPECT_EQ(ParseFrame(R"({"id": 1, "type": "hello", "x": )" + Nested(32, "") + "}").failure.code,
            "INVALID_JSON");
  EXPECT_EQ(ParseFrame(Nested(33, "")).failure.code, "INVALID_JSON");
  std::string objects;
  for (int i = 0; i < 32; ++i) objects += R"({"x": )";
  objects += "{}";
  for (int i = 0; i < 32; ++i) objects += "}";
  EXPECT_EQ(ParseFrame(objects).failure.code, "INVALID_JSON");
}

TEST(ProtocolParse, JsonThatIsNotAnObjectIsBadRequest) {
  for (std::string_view frame : {"[1, 2]", R"("hello")", "42", "null", "true"}) {
    SCOPED_TRACE(frame);
    const auto r = ParseFrame(frame);
    EXPECT_EQ(r.failure.code, "BAD_REQUEST");
    EXPECT_TRUE(r.id.is_null());
  }
}

TEST(ProtocolParse, MissingIdIsBadRequestWithNullId) {
  const auto r = ParseFrame(R"({"type": "hello"})");
  EXPECT_EQ(r.failure.code, "BAD_REQUEST");
  EXPECT_THAT(r.failure.message, HasSubstr("'id'"));
  EXPECT_TRUE(r.id.is_null());
}

TEST(ProtocolParse, InvalidIdIsBadRequestWithNullId) {
  const std::string long_id = std::string(129, 'i');
  for (const std::string& id : {std::string("1.5"), std::string("{\"n\": 1}"), std::string("[1]"),
                                std::string("null"), std::string("true"), "\"" + long_id + "\""}) {
    SCOPED_TRACE(id);
    const auto r = ParseFrame(R"({"type": "hello", "id": )" + id + "}");
    EXPECT_EQ(r.failure.code, "BAD_REQUEST");
    EXPECT_THAT(r.failure.message, HasSubstr("'id'"));
    EXPECT_TRUE(r.id.is_null());
  }
}

TEST(ProtocolParse, StringIdOf128AndIntegerIdsAreAccepted) {
  const std::string id128(128, 'i');
  EXPECT_EQ(ParseFrame(R"({"type": "hello", "id": ")" + id128 + "\"}").id, id128);
  EXPECT_EQ(ParseFrame(R"({"type": "hello", "id": ""})").id, "");
  EXPECT_EQ(ParseFrame(R"({"type": "hello", "id": 0})").id, 0);
  EXPECT_EQ(ParseFrame(R"({"type": "hello", "id": -7})").id, -7);
  EXPECT_EQ(ParseFrame(R"({"type": "hello", "id": 9007199254740993})").id, 9007199254740993);
}

TEST(ProtocolParse, IdIsKnownWhenALaterFieldFails) {
  const auto r = ParseFrame(R"({"id": "req-7", "type": "token.get", "client_id": "1000.ABC", "dc": "zz"})");
  EXPECT_EQ(r.failure.code, "BAD_REQUEST");
  EXPECT_THAT(r.failure.message, HasSubstr("'dc'"));
  EXPECT_EQ(r.id, "req-7");
}

TEST(ProtocolParse, MissingTypeIsBadRequestWithTheRequestsId) {
  const auto r = ParseFrame(R"({"id": 12})");
  EXPECT_EQ(r.failure.code, "BAD_REQUEST");
  EXPECT_THAT(r.failure.message, HasSubstr("'type'"));
  EXPECT_EQ(r.id, 12);
}

TEST(ProtocolParse, UnknownTypeIsUnknownTypeWithTheRequestsId) {
  for (const char* type : {"token.delete", "HELLO", "hello ", "budget"}) {
    SCOPED_TRACE(type);
    const auto r = ParseFrame(json{{"id", 13}, {"type", type}}.dump());
    EXPECT_EQ(r.failure.code, "UNKNOWN_TYPE");
    EXPECT_EQ(r.id, 13);
  }
}

TEST(ProtocolParse, UnknownExtraFieldsAreIgnored) {
  auto request = With(Example("token.store"), "extra", json{{"nested", json::array({1, 2})}});
  request = With(request, "token.refresh_token", "ignored");
  request = With(request, "token.unknown", 5);
  ExpectAccepted(request);
  ExpectAccepted(With(Example("hello"), "version", "2.0"));
  ExpectAccepted(With(Example("account.choose"), "account.email", "a@example.com"));
  ExpectAccepted(With(Example("budget.get"), "dc", 5));
}

}  // namespace
}  // namespace zcrm::protocol
