// budget.block as docs/PROTOCOL.md describes it: the example parses, client_id and kind are required and
// bounded, and every rejection is BAD_REQUEST naming the field without quoting what the caller sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

// The example of docs/PROTOCOL.md.
json Example() {
  return json::parse(R"({"id": 13, "type": "budget.block", "client_id": "1000.ABC", "kind": "login"})");
}

json With(json request, const std::string& field, json value) {
  request[field] = std::move(value);
  return request;
}

json Without(json request, const std::string& field) {
  request.erase(field);
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
  SCOPED_TRACE(request.dump());
  const auto f = ParseFailure(request);
  EXPECT_EQ(f.code, "BAD_REQUEST");
  EXPECT_THAT(f.message, HasSubstr("'" + field + "'"));
  if (!sent.empty()) {
    EXPECT_THAT(f.message, Not(HasSubstr(sent)));
  }
}

TEST(ProtocolBlock, ExampleParsesClientIdAndKind) {
  const auto login = ParseRequest(Example());
  ASSERT_TRUE(std::holds_alternative<BudgetBlock>(login));
  EXPECT_EQ(std::get<BudgetBlock>(login).client_id, "1000.ABC");
  EXPECT_EQ(std::get<BudgetBlock>(login).kind, BudgetKind::kLogin);
  const auto refresh = ParseRequest(With(Example(), "kind", "refresh"));
  ASSERT_TRUE(std::holds_alternative<BudgetBlock>(refresh));
  EXPECT_EQ(std::get<BudgetBlock>(refresh).kind, BudgetKind::kRefresh);
}

TEST(ProtocolBlock, ExampleParsesThroughAWholeFrame) {
  Envelope envelope;
  ParseEnvelope(Example().dump(), envelope);
  EXPECT_EQ(envelope.id, 13);
  EXPECT_TRUE(std::holds_alternative<BudgetBlock>(ParseRequest(envelope.body)));
}

TEST(ProtocolBlock, MissingOrNullClientIdIsBadRequestNamingIt) {
  ExpectBadRequestNaming(Without(Example(), "client_id"), "client_id");
  ExpectBadRequestNaming(With(Example(), "client_id", nullptr), "client_id");
}

TEST(ProtocolBlock, MissingOrNullKindIsBadRequestNamingIt) {
  ExpectBadRequestNaming(Without(Example(), "kind"), "kind");
  ExpectBadRequestNaming(With(Example(), "kind", nullptr), "kind");
}

TEST(ProtocolBlock, KindOtherThanLoginOrRefreshIsRefusedWithoutQuotingIt) {
  for (const char* kind : {"api", "LOGIN", "login ", "<img src=x onerror=alert(1)>"}) {
    ExpectBadRequestNaming(With(Example(), "kind", kind), "kind", kind);
  }
  ExpectBadRequestNaming(With(Example(), "kind", ""), "kind");
}

TEST(ProtocolBlock, KindOfTheWrongTypeIsRefused) {
  ExpectBadRequestNaming(With(Example(), "kind", 1), "kind");
  ExpectBadRequestNaming(With(Example(), "kind", json::array({"login"})), "kind");
  ExpectBadRequestNaming(With(Example(), "kind", true), "kind");
}

TEST(ProtocolBlock, KindOver16CharactersIsRefusedWithoutQuotingIt) {
  const std::string kind = "login" + std::string(12, 'x');
  ExpectBadRequestNaming(With(Example(), "kind", kind), "kind", kind);
}

TEST(ProtocolBlock, BadClientIdIsRefusedWithoutQuotingIt) {
  for (const std::string& id :
       {std::string("1000/ABC"), std::string("1000.<b>hi</b>"), std::string(129, 'A')}) {
    ExpectBadRequestNaming(With(Example(), "client_id", id), "client_id", id);
  }
  ExpectBadRequestNaming(With(Example(), "client_id", 1000), "client_id");
  ExpectBadRequestNaming(With(Example(), "client_id", ""), "client_id");
}

// The end of a block is the host's to decide (now + zoho_block_s): a caller cannot choose it.
TEST(ProtocolBlock, UnknownFieldsSuchAsUntilAreIgnored) {
  const auto request = ParseRequest(With(With(Example(), "until", 1), "dc", "mars"));
  ASSERT_TRUE(std::holds_alternative<BudgetBlock>(request));
  EXPECT_EQ(std::get<BudgetBlock>(request).kind, BudgetKind::kLogin);
}

}  // namespace
}  // namespace zcrm::protocol
