// docs/PROTOCOL.md request.record and request.log through the real binary over framing: a batch is stored and
// read back, no record ID survives in a path, the log outlives the host process, an answer carries only the
// documented fields (never a token), and a refused batch stores nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "host_process.hpp"
#include "requests.hpp"
#include "secret_search.hpp"

namespace zcrm::integration {
namespace {

constexpr const char* kApp = "https://app.example.com";
constexpr const char* kRecordId = "4150868000000225013";

Json Batch() {
  return Json::array(
      {CrmCall(kApp, "GET", std::string("/crm/v8/Accounts/") + kRecordId, 200),
       CrmCall(kApp, "PUT", "/crm/v8/Accounts/4150868000000225013/Contacts/77", 202),
       {{"origin", "http://localhost:8080"}, {"method", "DELETE"}, {"status", 0}, {"code", "ZOHO_BUSY"}}});
}

Json LogRequest(const Json& id) {
  return Scoped(id, "request.log");
}

// Each entry has exactly origin, method, status and at, plus path and code when recorded; no path segment is
// made only of digits.
void ExpectOnlyDocumentedFieldsAndNoIds(const Json& entries) {
  const std::set<std::string> allowed = {"origin", "method", "path", "status", "code", "at"};
  for (const auto& entry : entries) {
    for (const auto& [key, value] : entry.items()) EXPECT_TRUE(allowed.count(key)) << key << " in " << entry;
    for (const char* key : {"origin", "method", "status", "at"}) EXPECT_TRUE(entry.contains(key)) << entry;
    std::stringstream path(entry.value("path", ""));
    for (std::string segment; std::getline(path, segment, '/');) {
      EXPECT_FALSE(!segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos)
          << "an ID survived in " << entry;
    }
  }
}

class IntegrationRequestLog : public ::testing::Test {
 protected:
  StateDir state_;
};

TEST_F(IntegrationRequestLog, ABatchIsReadBackTemplatedAndSurvivesARestart) {
  Json first_answer;
  {
    HostProcess host(state_, ChromiumArgs());
    const auto before = NowMs();
    const Json recorded = host.Ask(RequestRecord(13, Batch()));
    ASSERT_EQ(ErrorCode(recorded), "") << recorded;
    EXPECT_EQ(recorded.value("recorded", -1), 3) << recorded;
    EXPECT_GE(recorded.value("at", std::int64_t{0}), before);
    EXPECT_LE(recorded.value("at", std::int64_t{0}), NowMs());
    first_answer = host.Ask(LogRequest(14));
    EXPECT_EQ(host.Finish(), 0);
  }
  ASSERT_EQ(ErrorCode(first_answer), "") << first_answer;
  const Json& entries = first_answer["entries"];
  ASSERT_EQ(entries.size(), 3u) << first_answer;
  ExpectOnlyDocumentedFieldsAndNoIds(entries);
  EXPECT_EQ(first_answer.dump().find(kRecordId), std::string::npos) << first_answer;
  EXPECT_EQ(entries[0], Json({{"origin", "http://localhost:8080"},
                              {"method", "DELETE"},
                              {"status", 0},
                              {"code", "ZOHO_BUSY"},
                              {"at", first_answer["entries"][0]["at"]}}));
  EXPECT_EQ(entries[1].value("path", ""), "/crm/v8/Accounts/{id}/Contacts/{id}");
  EXPECT_EQ(entries[2].value("path", ""), "/crm/v8/Accounts/{id}");

  const Json after_restart = AskOnce(state_, LogRequest(15));
  EXPECT_EQ(after_restart["entries"], entries) << after_restart;
}

TEST_F(IntegrationRequestLog, TheAnswerHoldsNoTokenAndNoFieldBeyondTheDocumentedOnes) {
  const std::string token = RandomSecret();
  Json get = Scoped(2, "token.get");
  get["for_origin"] = kApp;
  const auto answers =
      AskFresh(state_, {TokenStore(1, token), get, RequestRecord(3, Batch()), LogRequest(4)});
  ASSERT_EQ(answers[1].value("access_token", ""), token) << "the extension's own read gets the token";
  ASSERT_EQ(ErrorCode(answers[3]), "") << answers[3];
  EXPECT_EQ(LeakedWindow(answers[3].dump(), token), "") << answers[3];
  ExpectOnlyDocumentedFieldsAndNoIds(answers[3]["entries"]);
  for (const auto& file : state_.Files()) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(LeakedWindow(bytes.str(), token), "") << file;
    EXPECT_EQ(bytes.str().find(kRecordId), std::string::npos) << file;
  }
}

TEST_F(IntegrationRequestLog, ARefusedBatchNamesTheFieldQuotesNothingAndStoresNothing) {
  Json batch = Batch();
  batch[1]["path"] = "/crm/v8/Leads/search?email=jane.doe@example.com";
  HostProcess host(state_, ChromiumArgs());
  const Json refused = host.Ask(RequestRecord("batch-1", batch));
  EXPECT_EQ(ErrorCode(refused), "BAD_REQUEST") << refused;
  EXPECT_EQ(refused.value("id", Json()), "batch-1");
  const auto message = refused.value("error", Json::object()).value("message", "");
  EXPECT_NE(message.find("entries.1.path"), std::string::npos) << message;
  EXPECT_EQ(refused.dump().find("jane.doe"), std::string::npos) << refused;
  EXPECT_TRUE(host.Ask(LogRequest(2))["entries"].empty()) << "nothing of a refused batch is kept";
  EXPECT_EQ(host.Finish(), 0);
}

TEST_F(IntegrationRequestLog, AnotherBrowserDoesNotSeeTheLog) {
  ASSERT_EQ(ErrorCode(AskOnce(state_, RequestRecord(1, Batch()))), "");
  EXPECT_TRUE(AskOnce(state_, LogRequest(2), FirefoxArgs())["entries"].empty());
  Json filtered = LogRequest(3);
  filtered["origin"] = kApp;
  filtered["limit"] = 1;
  const Json one = AskOnce(state_, filtered);
  ASSERT_EQ(one["entries"].size(), 1u) << one;
  EXPECT_EQ(one["entries"][0].value("method", ""), "PUT");
}

}  // namespace
}  // namespace zcrm::integration
