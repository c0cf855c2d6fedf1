// request.record and request.log as docs/PROTOCOL.md describes them: the examples parse, every rule of an
// entry has its own refusal (BAD_REQUEST naming entries.<i>.<field>, never quoting what was sent), and the
// host's own templating turns digit-only path segments into {id}.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "error/host_error.hpp"
#include "protocol/messages.hpp"
#include "protocol/parse.hpp"
#include "protocol/request_entries.hpp"

namespace zcrm::protocol {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// The examples of docs/PROTOCOL.md.
json RecordExample() {
  return json::parse(R"({"id": 13, "type": "request.record", "client_id": "1000.ABC", "dc": "us",
    "entries": [{"origin": "https://app.example.com", "method": "GET", "path": "/crm/v8/Accounts/{id}", "status": 200},
                {"origin": "https://app.example.com", "method": "DELETE", "status": 403, "code": "FORBIDDEN"}]})");
}

json LogExample() {
  return json::parse(R"({"id": 14, "type": "request.log", "client_id": "1000.ABC", "dc": "us",
    "origin": "https://app.example.com", "limit": 50})");
}

// The record example with entries[1][field] = value.
json WithSecond(const std::string& field, json value) {
  auto request = RecordExample();
  request["entries"][1][field] = std::move(value);
  return request;
}

std::string ParseFailure(const json& request, std::string* message = nullptr) {
  try {
    (void)ParseRequest(request);
  } catch (const HostError& e) {
    if (message) *message = e.what();
    return std::string(ErrorCodeName(e.code()));
  }
  return "no error";
}

// BAD_REQUEST naming `field`, and no trace of `sent` (what the caller put there) in the message.
void ExpectBadRequestNaming(const json& request, const std::string& field, const std::string& sent = "") {
  SCOPED_TRACE(request.dump().substr(0, 300));
  std::string message;
  EXPECT_EQ(ParseFailure(request, &message), "BAD_REQUEST");
  EXPECT_THAT(message, HasSubstr("'" + field + "'"));
  if (!sent.empty()) {
    EXPECT_THAT(message, Not(HasSubstr(sent)));
  }
}

json Entry(int i) {
  return {{"origin", "https://app.example.com"},
          {"method", "GET"},
          {"path", "/crm/v8/Leads/" + std::to_string(i)},
          {"status", 200}};
}

TEST(ProtocolRequestLog, RecordExampleParsesEveryEntryField) {
  const auto r = std::get<RequestRecord>(ParseRequest(RecordExample()));
  EXPECT_EQ(r.scope.client_id, "1000.ABC");
  EXPECT_EQ(r.scope.dc, "us");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].origin, "https://app.example.com");
  EXPECT_EQ(r.entries[0].method, "GET");
  EXPECT_EQ(r.entries[0].path, "/crm/v8/Accounts/{id}");
  EXPECT_EQ(r.entries[0].status, 200);
  EXPECT_EQ(r.entries[0].code, std::nullopt);
  EXPECT_EQ(r.entries[1].method, "DELETE");
  EXPECT_EQ(r.entries[1].path, std::nullopt);
  EXPECT_EQ(r.entries[1].status, 403);
  EXPECT_EQ(r.entries[1].code, "FORBIDDEN");
}

TEST(ProtocolRequestLog, EveryMethodAndTheStatusBoundsAreAccepted) {
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(ParseFailure(WithSecond("method", method)), "no error") << method;
  }
  EXPECT_EQ(ParseFailure(WithSecond("status", 0)), "no error");
  EXPECT_EQ(ParseFailure(WithSecond("status", 999)), "no error");
}

TEST(ProtocolRequestLog, EntryWithABadOriginIsRefused) {
  ExpectBadRequestNaming(WithSecond("origin", "http://evil.example.com"), "entries.1.origin", "evil");
  ExpectBadRequestNaming(WithSecond("origin", "https://app.example.com/page"), "entries.1.origin", "page");
  ExpectBadRequestNaming(WithSecond("origin", "https://App.example.com"), "entries.1.origin", "App");
  auto missing = RecordExample();
  missing["entries"][1].erase("origin");
  ExpectBadRequestNaming(missing, "entries.1.origin");
}

TEST(ProtocolRequestLog, EntryWithAMethodOutsideTheFiveIsRefused) {
  ExpectBadRequestNaming(WithSecond("method", "HEAD"), "entries.1.method", "HEAD");
  ExpectBadRequestNaming(WithSecond("method", "get"), "entries.1.method");
  ExpectBadRequestNaming(WithSecond("method", 1), "entries.1.method");
}

TEST(ProtocolRequestLog, PathOutsideCrmIsRefused) {
  ExpectBadRequestNaming(WithSecond("path", "/oauth/v2/token"), "entries.1.path", "oauth");
  ExpectBadRequestNaming(WithSecond("path", "crm/v8/Leads"), "entries.1.path");
  ExpectBadRequestNaming(WithSecond("path", ""), "entries.1.path");
}

TEST(ProtocolRequestLog, PathWithADotDotSegmentIsRefused) {
  ExpectBadRequestNaming(WithSecond("path", "/crm/../oauth/v2/token"), "entries.1.path", "oauth");
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/.."), "entries.1.path");
  // Dots inside a segment are ordinary characters.
  EXPECT_EQ(ParseFailure(WithSecond("path", "/crm/v2.1/Leads/a..b")), "no error");
}

TEST(ProtocolRequestLog, PathWithAQueryOrFragmentIsRefused) {
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/Leads/search?email=jane@example.com"), "entries.1.path",
                         "jane");
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/Leads#secret"), "entries.1.path", "secret");
}

TEST(ProtocolRequestLog, PathWithPercentEncodingIsRefused) {
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/Leads/%3Fq%3Djane"), "entries.1.path", "jane");
}

TEST(ProtocolRequestLog, PathWithOtherCharactersIsRefused) {
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/Leads/jane doe"), "entries.1.path", "doe");
  ExpectBadRequestNaming(WithSecond("path", "/crm/v8/Leads/jane@example.com"), "entries.1.path", "jane");
}

TEST(ProtocolRequestLog, PathOf512CharactersIsAcceptedAnd513Refused) {
  const std::string base = "/crm/v8/";
  EXPECT_EQ(ParseFailure(WithSecond("path", base + std::string(512 - base.size(), 'a'))), "no error");
  ExpectBadRequestNaming(WithSecond("path", base + std::string(513 - base.size(), 'a')), "entries.1.path");
}

TEST(ProtocolRequestLog, StatusOutsideZeroTo999OrNotANumberIsRefused) {
  ExpectBadRequestNaming(WithSecond("status", -1), "entries.1.status");
  ExpectBadRequestNaming(WithSecond("status", 1000), "entries.1.status");
  ExpectBadRequestNaming(WithSecond("status", 200.5), "entries.1.status");
  ExpectBadRequestNaming(WithSecond("status", "ok"), "entries.1.status");
  auto missing = RecordExample();
  missing["entries"][1].erase("status");
  ExpectBadRequestNaming(missing, "entries.1.status");
}

TEST(ProtocolRequestLog, CodeOutsideUppercaseDigitsAndUnderscoreOrLongerThan64IsRefused) {
  EXPECT_EQ(ParseFailure(WithSecond("code", std::string(64, 'A'))), "no error");
  ExpectBadRequestNaming(WithSecond("code", std::string(65, 'A')), "entries.1.code");
  ExpectBadRequestNaming(WithSecond("code", ""), "entries.1.code");
  ExpectBadRequestNaming(WithSecond("code", "Forbidden"), "entries.1.code", "Forbidden");
  ExpectBadRequestNaming(WithSecond("code", "TOKEN 1000.xyz"), "entries.1.code", "1000.xyz");
}

TEST(ProtocolRequestLog, NoEntriesOrMoreThan100AreRefused) {
  auto request = RecordExample();
  request["entries"] = json::array();
  ExpectBadRequestNaming(request, "entries");
  request["entries"] = json::array();
  for (int i = 0; i < 100; ++i) request["entries"].push_back(Entry(i));
  EXPECT_EQ(ParseFailure(request), "no error");
  request["entries"].push_back(Entry(100));
  ExpectBadRequestNaming(request, "entries");
  request.erase("entries");
  ExpectBadRequestNaming(request, "entries");
  request["entries"] = Entry(0);
  ExpectBadRequestNaming(request, "entries");
}

TEST(ProtocolRequestLog, AnEntryThatIsNotAnObjectIsRefused) {
  auto request = RecordExample();
  request["entries"][1] = "GET /crm/v8/Accounts/4150868000000225013";
  ExpectBadRequestNaming(request, "entries.1", "4150868000000225013");
  request["entries"][1] = json::array();
  ExpectBadRequestNaming(request, "entries.1");
}

TEST(ProtocolRequestLog, LogExampleParsesOriginAndLimit) {
  const auto r = std::get<RequestLog>(ParseRequest(LogExample()));
  EXPECT_EQ(r.scope.client_id, "1000.ABC");
  EXPECT_EQ(r.origin, "https://app.example.com");
  EXPECT_EQ(r.limit, 50);
  auto bare = LogExample();
  bare.erase("origin");
  bare.erase("limit");
  const auto all = std::get<RequestLog>(ParseRequest(bare));
  EXPECT_EQ(all.origin, std::nullopt);
  EXPECT_EQ(all.limit, kMaxRequestLog);
}

TEST(ProtocolRequestLog, LogWithABadOriginOrLimitIsRefused) {
  auto request = LogExample();
  request["origin"] = "https://app.example.com/";
  ExpectBadRequestNaming(request, "origin");
  request = LogExample();
  for (const json& limit : {json(0), json(201), json("all")}) {
    request["limit"] = limit;
    ExpectBadRequestNaming(request, "limit");
  }
  request["limit"] = 200;
  EXPECT_EQ(ParseFailure(request), "no error");
}

TEST(ProtocolRequestLog, DigitOnlySegmentsBecomeIdPlaceholders) {
  EXPECT_EQ(TemplateIds("/crm/v8/Accounts/4150868000000225013"), "/crm/v8/Accounts/{id}");
  EXPECT_EQ(TemplateIds("/crm/v8/Accounts/4150868000000225013/Contacts/4150868000000225099"),
            "/crm/v8/Accounts/{id}/Contacts/{id}");
  EXPECT_EQ(TemplateIds("/crm/v8/Deals/7/"), "/crm/v8/Deals/{id}/");
}

TEST(ProtocolRequestLog, SegmentsWithAnythingButDigitsAreKept) {
  EXPECT_EQ(TemplateIds("/crm/v8/Accounts/{id}"), "/crm/v8/Accounts/{id}");
  EXPECT_EQ(TemplateIds("/crm/v2.1/Leads/a123/123b"), "/crm/v2.1/Leads/a123/123b");
  EXPECT_EQ(TemplateIds("/crm//v8"), "/crm//v8");
}

}  // namespace
}  // namespace zcrm::protocol
