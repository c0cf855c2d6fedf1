// docs/PROTOCOL.md "Envelope" and "Messages": requests that are JSON objects but not valid requests. Each is
// answered on the same process, which goes on serving; afterwards a fresh host still finds what was stored
// before.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "seeded_state.hpp"

namespace zcrm::integration {
namespace {

using IntegrationValidation = SeededState;

// A valid request of every type, to be broken one field at a time.
Json TokenStoreRequest() {
  return TokenStore(1, "1000.valid", kClient, kDc);
}
Json AccountChooseRequest() {
  return AccountChoose(1, "42", "Zylker");
}

struct BrokenField {
  std::string field;  // as the error message names it
  Json request;
};

// request with path (e.g. "/token/expires_in") set to value, or removed when value is discarded.
Json With(Json request, const std::string& path, const Json& value) {
  request[Json::json_pointer(path)] = value;
  return request;
}

std::vector<BrokenField> BrokenFields() {
  std::vector<BrokenField> cases;
  const Json scoped_types = {"token.get",   "token.status",   "token.forget",
                             "account.get", "account.recent", "account.clear"};
  for (const auto& type : scoped_types) {
    const Json ok = Scoped(1, type.get<std::string>());
    cases.push_back({"client_id", With(ok, "/client_id", 1000)});
    cases.push_back({"client_id", With(ok, "/client_id", "1000/ABC")});
    cases.push_back({"client_id", With(ok, "/client_id", "")});
    cases.push_back({"dc", With(ok, "/dc", Json::array({"us"}))});
    cases.push_back({"dc", With(ok, "/dc", "mars")});
    Json no_dc = ok;
    no_dc.erase("dc");
    cases.push_back({"dc", no_dc});
  }
  cases.push_back({"limit", With(Scoped(1, "account.recent"), "/limit", "many")});
  cases.push_back({"limit", With(Scoped(1, "account.recent"), "/limit", 0)});
  cases.push_back({"limit", With(Scoped(1, "account.recent"), "/limit", 21)});
  cases.push_back({"limit", With(Scoped(1, "account.recent"), "/limit", 2.5)});

  const Json store = TokenStoreRequest();
  cases.push_back({"client_id", With(store, "/client_id", true)});
  cases.push_back({"dc", With(store, "/dc", 1)});
  cases.push_back({"source", With(store, "/source", 1)});
  cases.push_back({"source", With(store, "/source", "guess")});
  cases.push_back({"token", With(store, "/token", "1000.abc")});
  cases.push_back({"token.access_token", With(store, "/token/access_token", 12345)});
  cases.push_back({"token.access_token", With(store, "/token/access_token", "has space")});
  cases.push_back({"token.access_token", With(store, "/token/access_token", std::string(4097, 'a'))});
  cases.push_back({"token.expires_in", With(store, "/token/expires_in", "soon")});
  cases.push_back({"token.expires_in", With(store, "/token/expires_in", true)});
  cases.push_back({"token.expires_in", With(store, "/token/expires_in", 0)});
  cases.push_back({"token.expires_in", With(store, "/token/expires_in", "86401")});
  cases.push_back({"token.expires_in", With(store, "/token/expires_in", 36.5)});
  cases.push_back({"token.api_domain", With(store, "/token/api_domain", 7)});
  cases.push_back({"token.api_domain", With(store, "/token/api_domain", "http://www.zohoapis.com")});
  cases.push_back({"token.location", With(store, "/token/location", Json::object())});
  cases.push_back({"token.location", With(store, "/token/location", "xx")});
  cases.push_back({"token.scope", With(store, "/token/scope", Json::array())});
  cases.push_back({"token.granted_for_session", With(store, "/token/granted_for_session", "yes")});
  cases.push_back({"token.granted_for_session", With(store, "/token/granted_for_session", 1)});
  cases.push_back({"token.token_type", With(store, "/token/token_type", false)});

  const Json reserve = BudgetReserve(1, "refresh");
  cases.push_back({"client_id", With(reserve, "/client_id", 5)});
  cases.push_back({"kind", With(reserve, "/kind", 5)});
  cases.push_back({"kind", With(reserve, "/kind", "logout")});
  cases.push_back({"client_id", With(BudgetGet(1), "/client_id", Json::array())});

  const Json choose = AccountChooseRequest();
  cases.push_back({"client_id", With(choose, "/client_id", 1.5)});
  cases.push_back({"dc", With(choose, "/dc", false)});
  cases.push_back({"account", With(choose, "/account", "Zylker")});
  cases.push_back({"account.id", With(choose, "/account/id", 42)});
  cases.push_back({"account.id", With(choose, "/account/id", std::string(65, '4'))});
  cases.push_back({"account.name", With(choose, "/account/name", Json::object())});
  cases.push_back({"account.name", With(choose, "/account/name", "")});
  cases.push_back({"account.kind", With(choose, "/account/kind", "company")});
  cases.push_back({"account.module", With(choose, "/account/module", 3)});
  Json record_without_module = choose;
  record_without_module["account"].erase("module");
  cases.push_back({"account.module", record_without_module});
  cases.push_back(
      {"account.module", With(With(choose, "/account/kind", "user"), "/account/module", "Users")});
  return cases;
}

TEST_F(IntegrationValidation, HostAnswersBadRequestNamingTheFieldForEveryMessageType) {
  HostProcess host(state_, ChromiumArgs());
  int id = 100;
  for (auto& [field, request] : BrokenFields()) {
    request["id"] = ++id;
    const Json answer = host.Ask(request);
    EXPECT_EQ(ErrorCode(answer), "BAD_REQUEST") << request.dump().substr(0, 200) << "\n" << answer;
    EXPECT_EQ(answer.value("id", 0), id) << answer;
    const std::string message = answer.value("error", Json::object()).value("message", "");
    EXPECT_NE(message.find("'" + field + "'"), std::string::npos)
        << "the message should name '" << field << "': " << message;
  }
  const Json still = host.Ask(Hello("last"));
  EXPECT_EQ(ErrorCode(still), "") << still;
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationValidation, HostAnswersUnknownTypeWithTheIdEchoed) {
  HostProcess host(state_, ChromiumArgs());
  const Json by_number = host.Ask({{"id", 41}, {"type", "token.steal"}});
  ExpectError(by_number, "UNKNOWN_TYPE", 41);
  const Json by_string = host.Ask({{"id", "req-42"}, {"type", "Hello"}});
  ExpectError(by_string, "UNKNOWN_TYPE", "req-42");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationValidation, HostAnswersUnknownTypeWithoutQuotingTheType) {
  // The caller's value is never echoed into a message (a page could smuggle markup or a secret through it).
  const std::string type = "zq7x.<b>echo-canary-4f1d</b>";
  const Json answer = AskOnce(state_, {{"id", 43}, {"type", type}});
  ExpectError(answer, "UNKNOWN_TYPE", 43);
  const std::string message = answer.value("error", Json::object()).value("message", "");
  EXPECT_EQ(message.find("echo-canary-4f1d"), std::string::npos) << message;
  EXPECT_EQ(message.find("zq7x"), std::string::npos) << message;
  EXPECT_NE(message.find("'type'"), std::string::npos) << "the message names the field: " << message;
}

TEST_F(IntegrationValidation, HostAnswersBadRequestWithTheIdWhenTypeIsMissingOrNotAString) {
  HostProcess host(state_, ChromiumArgs());
  ExpectError(host.Ask({{"id", 7}}), "BAD_REQUEST", 7);
  ExpectError(host.Ask({{"id", 8}, {"type", 3}}), "BAD_REQUEST", 8);
  ExpectError(host.Ask({{"id", 9}, {"type", ""}}), "BAD_REQUEST", 9);
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationValidation, HostAnswersBadRequestWithIdNullWhenIdIsInvalid) {
  const std::vector<Json> bad_ids = {
      Json(), 1.5, true, Json::array({1}), Json::object(), std::string(129, 'i')};
  HostProcess host(state_, ChromiumArgs());
  for (const Json& id : bad_ids) {
    ExpectError(host.Ask({{"id", id}, {"type", "hello"}}), "BAD_REQUEST");
  }
  ExpectError(host.Ask({{"type", "hello"}}), "BAD_REQUEST");
  // The limits themselves are fine: a 128-character string and a negative integer.
  const std::string longest(128, 'i');
  EXPECT_EQ(host.Ask(Hello(longest)).value("id", ""), longest);
  EXPECT_EQ(host.Ask(Hello(-3)).value("id", 0), -3);
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationValidation, HostIgnoresUnknownExtraFields) {
  Json request = Scoped(5, "token.get");
  request["future_field"] = {{"nested", true}};
  const Json answer = AskOnce(state_, request);
  EXPECT_EQ(answer.value("access_token", ""), kSeedToken) << answer;
}

}  // namespace
}  // namespace zcrm::integration
