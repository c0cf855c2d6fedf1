// request.record and request.log against a real vault in a temp folder and an injected clock: a batch is
// stored with the host's time and read back newest first, digit-only path segments never reach the log, the
// log keeps the newest 200, request.log filters and trims, a refused batch stores nothing, and callers are
// apart.
#include <gtest/gtest.h>

#include <string>

#include "protocol/request_entries.hpp"
#include "protocol/response.hpp"
#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;

using test_support::kChromium;
using test_support::kFirefox;
using test_support::kT0;

class HandlersRequestLog : public test_support::HandlersFixture {};

json Entry(const std::string& path, const std::string& origin = "https://app.example.com", int status = 200) {
  return {{"origin", origin}, {"method", "GET"}, {"path", path}, {"status", status}};
}

json RecordRequest(const json& entries) {
  return {
      {"id", 13}, {"type", "request.record"}, {"client_id", "1000.ABC"}, {"dc", "us"}, {"entries", entries}};
}

json LogRequest(const json& extra = json::object()) {
  json request = {{"id", 14}, {"type", "request.log"}, {"client_id", "1000.ABC"}, {"dc", "us"}};
  request.update(extra);
  return request;
}

TEST_F(HandlersRequestLog, ABatchIsStoredWithTheHostsTimeAndReadBackLastCallFirst) {
  auto ctx = ContextFor(kChromium);
  const json batch = json::array({Entry("/crm/v8/Accounts/{id}"),
                                  {{"origin", "https://app.example.com"},
                                   {"method", "DELETE"},
                                   {"status", 403},
                                   {"code", "FORBIDDEN"}}});
  EXPECT_EQ(Run(ctx, RecordRequest(batch)), json({{"recorded", 2}, {"at", kT0}}));
  const auto log = Run(ctx, LogRequest())["entries"];
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], json({{"origin", "https://app.example.com"},
                          {"method", "DELETE"},
                          {"status", 403},
                          {"code", "FORBIDDEN"},
                          {"at", kT0}}));
  EXPECT_EQ(log[1], json({{"origin", "https://app.example.com"},
                          {"method", "GET"},
                          {"path", "/crm/v8/Accounts/{id}"},
                          {"status", 200},
                          {"at", kT0}}));
}

TEST_F(HandlersRequestLog, DigitOnlySegmentsAreStoredAsIdPlaceholders) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, RecordRequest(json::array({Entry("/crm/v8/Accounts/4150868000000225013/Contacts/42")})));
  const auto log = Run(ctx, LogRequest())["entries"];
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["path"], "/crm/v8/Accounts/{id}/Contacts/{id}");
  EXPECT_EQ(log.dump().find("4150868000000225013"), std::string::npos);
}

TEST_F(HandlersRequestLog, TheLogKeepsTheNewest200AndThe201stDropsTheOldest) {
  auto ctx = ContextFor(kChromium);
  for (int batch = 0; batch < 2; ++batch) {  // two full batches: n0 (oldest) to n199
    json entries = json::array();
    for (int i = 0; i < 100; ++i)
      entries.push_back(Entry("/crm/v8/Leads/n" + std::to_string(batch * 100 + i)));
    Run(ctx, RecordRequest(entries));
    now_ += 1;
  }
  auto log = Run(ctx, LogRequest())["entries"];
  ASSERT_EQ(log.size(), 200u);
  EXPECT_EQ(log[199]["path"], "/crm/v8/Leads/n0");

  Run(ctx, RecordRequest(json::array({Entry("/crm/v8/Leads/n200")})));
  log = Run(ctx, LogRequest())["entries"];
  ASSERT_EQ(log.size(), 200u);
  EXPECT_EQ(log[0]["path"], "/crm/v8/Leads/n200");
  EXPECT_EQ(log[1]["path"], "/crm/v8/Leads/n199");
  EXPECT_EQ(log[199]["path"], "/crm/v8/Leads/n1");
}

TEST_F(HandlersRequestLog, ABatchLargerThanTheRoomLeftKeepsItsNewestEntries) {
  auto ctx = ContextFor(kChromium);
  for (int round = 0; round < 3; ++round) {
    json batch = json::array();
    for (int i = 0; i < 100; ++i) batch.push_back(Entry("/crm/v8/Leads/r" + std::to_string(round * 100 + i)));
    Run(ctx, RecordRequest(batch));
    now_ += 1;
  }
  const auto log = Run(ctx, LogRequest())["entries"];
  ASSERT_EQ(log.size(), 200u);
  EXPECT_EQ(log[0]["path"], "/crm/v8/Leads/r299");
  EXPECT_EQ(log[199]["path"], "/crm/v8/Leads/r100");
}

TEST_F(HandlersRequestLog, AFullLogOfTheLongestEntriesStillFitsOneAnswerFrame) {
  auto ctx = ContextFor(kChromium);
  std::string path = "/crm";
  while (path.size() + 2 <= protocol::kMaxCrmPathLength) path += "/1";  // every segment becomes {id}
  const json longest = {{"origin", "https://" + std::string(244, 'a') + ".com"},
                        {"method", "DELETE"},
                        {"path", path},
                        {"status", 999},
                        {"code", std::string(protocol::kMaxRequestCodeLength, 'A')}};
  for (int batch = 0; batch < 2; ++batch) Run(ctx, RecordRequest(json(100, longest)));
  const auto answer = protocol::OkResponse(14, Run(ctx, LogRequest()));
  EXPECT_EQ(json::parse(answer)["entries"].size(), 200u);
  EXPECT_LT(answer.size(), protocol::kMaxResponseBytes / 2) << "room to spare under the frame limit";
}

TEST_F(HandlersRequestLog, OriginFilterKeepsOnlyThatWebApp) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, RecordRequest(json::array({Entry("/crm/v8/Leads", "https://one.example.com"),
                                      Entry("/crm/v8/Deals", "http://localhost:8080"),
                                      Entry("/crm/v8/Tasks", "https://one.example.com")})));
  const auto one = Run(ctx, LogRequest({{"origin", "https://one.example.com"}}))["entries"];
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0]["path"], "/crm/v8/Tasks");
  EXPECT_EQ(one[1]["path"], "/crm/v8/Leads");
  EXPECT_TRUE(Run(ctx, LogRequest({{"origin", "https://two.example.com"}}))["entries"].empty());
}

TEST_F(HandlersRequestLog, LimitTrimsTheAnswerToTheNewest) {
  auto ctx = ContextFor(kChromium);
  Run(ctx, RecordRequest(json::array({Entry("/crm/v8/Leads", "https://one.example.com"),
                                      Entry("/crm/v8/Deals", "https://two.example.com"),
                                      Entry("/crm/v8/Tasks", "https://one.example.com")})));
  const auto newest = Run(ctx, LogRequest({{"limit", 1}}))["entries"];
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0]["path"], "/crm/v8/Tasks");
  const auto filtered =
      Run(ctx, LogRequest({{"limit", 2}, {"origin", "https://one.example.com"}}))["entries"];
  ASSERT_EQ(filtered.size(), 2u);
  EXPECT_EQ(filtered[1]["path"], "/crm/v8/Leads");
}

TEST_F(HandlersRequestLog, ABatchWithOneBadEntryStoresNothing) {
  auto ctx = ContextFor(kChromium);
  const json batch = json::array({Entry("/crm/v8/Leads"), Entry("/crm/v8/Leads?email=jane@example.com")});
  EXPECT_EQ(FailureOf(ctx, RecordRequest(batch)).code, "BAD_REQUEST");
  EXPECT_TRUE(Run(ctx, LogRequest())["entries"].empty());
}

TEST_F(HandlersRequestLog, LogsAreKeptPerCallerClientIdAndDc) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  Run(chromium, RecordRequest(json::array({Entry("/crm/v8/Leads")})));
  EXPECT_TRUE(Run(firefox, LogRequest())["entries"].empty());
  EXPECT_TRUE(Run(chromium, LogRequest({{"dc", "eu"}}))["entries"].empty());
  EXPECT_TRUE(Run(chromium, LogRequest({{"client_id", "1000.OTHER"}}))["entries"].empty());
  EXPECT_EQ(Run(chromium, LogRequest())["entries"].size(), 1u);
}

TEST_F(HandlersRequestLog, TheLogSurvivesReopeningTheVault) {
  {
    auto ctx = ContextFor(kChromium);
    Run(ctx, RecordRequest(json::array({Entry("/crm/v8/Leads")})));
  }
  vault_.reset();
  auto ctx = ContextFor(kChromium);
  EXPECT_EQ(Run(ctx, LogRequest())["entries"].size(), 1u);
}

}  // namespace
}  // namespace zcrm
