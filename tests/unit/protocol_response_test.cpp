// Answer bodies: ok answers merge the handler's fields next to id and ok, error answers carry code, message
// and retry_after_ms only when set, and nothing over the browsers' 1 MiB limit ever leaves the host.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

#include "error/host_error.hpp"
#include "protocol/response.hpp"

namespace zcrm::protocol {
namespace {

using nlohmann::json;

TEST(ProtocolResponse, OkMergesFieldsAndEchoesIntegerId) {
  const auto answer = json::parse(OkResponse(7, {{"protocol", 1}, {"caller", "chromium:abc"}}));
  EXPECT_EQ(answer, json::parse(R"({"id": 7, "ok": true, "protocol": 1, "caller": "chromium:abc"})"));
}

TEST(ProtocolResponse, OkEchoesStringId) {
  const auto answer = json::parse(OkResponse("req-1", {{"forgotten", true}}));
  EXPECT_EQ(answer, json::parse(R"({"id": "req-1", "ok": true, "forgotten": true})"));
}

TEST(ProtocolResponse, OkWithNoFieldsHasOnlyIdAndOk) {
  EXPECT_EQ(json::parse(OkResponse(1, json::object())), json::parse(R"({"id": 1, "ok": true})"));
}

TEST(ProtocolResponse, OkFieldsCannotOverrideIdOrOk) {
  const auto answer = json::parse(OkResponse(3, {{"id", 99}, {"ok", false}, {"used", 2}}));
  EXPECT_EQ(answer, json::parse(R"({"id": 3, "ok": true, "used": 2})"));
}

TEST(ProtocolResponse, ErrorHasCodeAndMessageWithoutRetryAfterWhenUnset) {
  const auto answer =
      json::parse(ErrorResponse(4, HostError(ErrorCode::kNoToken, "No Zoho token is stored: sign in.")));
  EXPECT_EQ(answer, json::parse(R"({"id": 4, "ok": false,
      "error": {"code": "NO_TOKEN", "message": "No Zoho token is stored: sign in."}})"));
  EXPECT_FALSE(answer["error"].contains("retry_after_ms"));
}

TEST(ProtocolResponse, ErrorHasRetryAfterWhenSet) {
  const auto answer =
      json::parse(ErrorResponse("r", HostError(ErrorCode::kRateLimited, "The budget is spent.", 41000)));
  EXPECT_EQ(answer, json::parse(R"({"id": "r", "ok": false,
      "error": {"code": "RATE_LIMITED", "message": "The budget is spent.", "retry_after_ms": 41000}})"));
}

TEST(ProtocolResponse, ErrorWithUnknownIdAnswersNullId) {
  const auto answer = json::parse(ErrorResponse(nullptr, HostError(ErrorCode::kInvalidJson, "Not JSON.")));
  ASSERT_TRUE(answer.contains("id"));
  EXPECT_TRUE(answer["id"].is_null());
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "INVALID_JSON");
}

TEST(ProtocolResponse, ErrorAnswerIsByteForByteTheJsonObjectDump) {
  // ErrorResponse writes its answer without building a JSON object; it must stay exactly what dumping that
  // object gives, escaping included (quotes, control characters, invalid UTF-8 replaced).
  const std::string hostile = "say \"hi\"\\ \n\t\x01 Zyl\xffker \xe2\x82";
  for (const json& id : {json(nullptr), json(42), json(-7), json("req \"1\""), json("\xff")}) {
    for (const auto& error : {HostError(ErrorCode::kBadRequest, hostile),
                              HostError(ErrorCode::kRateLimited, "The budget is spent.", 41000)}) {
      const json object = {
          {"id", id},
          {"ok", false},
          {"error", error.retry_after_ms()
                        ? json{{"code", ErrorCodeName(error.code())},
                               {"message", error.what()},
                               {"retry_after_ms", *error.retry_after_ms()}}
                        : json{{"code", ErrorCodeName(error.code())}, {"message", error.what()}}}};
      EXPECT_EQ(ErrorResponse(id, error), object.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
}

TEST(ProtocolResponse, ErrorCodeNamesMatchTheProtocolTable) {
  // Every row "| <n> | `<NAME>` |" of docs/PROTOCOL.md's error table, against the enum the host answers with.
  std::ifstream doc(ZCRM_PROTOCOL_MD);
  ASSERT_TRUE(doc) << ZCRM_PROTOCOL_MD;
  const std::regex row(R"(^\| (\d+) \| `([A-Z_]+)` \|)");
  int rows = 0;
  for (std::string line; std::getline(doc, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    ++rows;
    EXPECT_EQ(std::stoi(m[1]), rows) << "the table is numbered in order, none skipped: " << line;
    EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(std::stoi(m[1]))), m[2].str()) << line;
  }
  EXPECT_EQ(rows, static_cast<int>(ErrorCode::kZohoBlocked)) << "a code missing from the table or the enum";
}

TEST(ProtocolResponse, AnswerOver1MiBBecomesResponseTooLarge) {
  const auto overhead = OkResponse(5, {{"x", ""}}).size();
  const auto at_limit = OkResponse(5, {{"x", std::string(kMaxResponseBytes - overhead, 'a')}});
  EXPECT_EQ(at_limit.size(), kMaxResponseBytes);
  EXPECT_EQ(json::parse(at_limit)["ok"], true);

  const auto over = OkResponse(5, {{"x", std::string(kMaxResponseBytes - overhead + 1, 'a')}});
  EXPECT_LE(over.size(), kMaxResponseBytes);
  const auto answer = json::parse(over);
  EXPECT_EQ(answer["id"], 5);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "RESPONSE_TOO_LARGE");
  EXPECT_FALSE(answer.contains("x"));
}

TEST(ProtocolResponse, InvalidUtf8InAFieldIsReplacedInsteadOfThrowing) {
  std::string body;
  ASSERT_NO_THROW(body = OkResponse(6, {{"name", "Zyl\xffker"}}));
  const auto answer = json::parse(body);  // throws if the output were not valid UTF-8
  EXPECT_EQ(answer["name"], "Zyl\xEF\xBF\xBDker");
}

}  // namespace
}  // namespace zcrm::protocol
