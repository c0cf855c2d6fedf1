// The hand-out and request logs' JSON form: entries read back as written, in order, with only their
// documented fields, and what is not an entry is left out.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/log_records.hpp"

namespace zcrm::records {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1764340000000;

TEST(RecordsLog, HandoutsReadBackAsWrittenNewestFirst) {
  const HandoutLog log{{"https://app.example.com", kT0 + 1}, {"http://localhost:8080", kT0}};
  EXPECT_EQ(ToJson(log), json::parse(R"([{"origin": "https://app.example.com", "at": 1764340000001},
                                         {"origin": "http://localhost:8080", "at": 1764340000000}])"));
  EXPECT_EQ(HandoutLogFromJson(json::parse(ToJson(log).dump())), log);
}

TEST(RecordsLog, RequestEntriesReadBackAsWrittenWithOptionalFieldsLeftOut) {
  const RequestLog log{{"https://app.example.com", "GET", "/crm/v8/Leads/{id}", 200, std::nullopt, kT0},
                       {"https://app.example.com", "POST", std::nullopt, 0, "NETWORK", kT0}};
  const json stored = ToJson(log);
  EXPECT_FALSE(stored[0].contains("code"));
  EXPECT_FALSE(stored[1].contains("path"));
  EXPECT_EQ(RequestLogFromJson(json::parse(stored.dump())), log);
}

TEST(RecordsLog, EntriesWithoutAStringOriginAreLeftOut) {
  const json stored = json::parse(R"([{"at": 1}, "x", null, {"origin": 5, "at": 2},
                                      {"origin": "https://a.example", "at": 3}])");
  EXPECT_EQ(HandoutLogFromJson(stored), (HandoutLog{{"https://a.example", 3}}));
  ASSERT_EQ(RequestLogFromJson(stored).size(), 1u);
}

TEST(RecordsLog, FieldsOfTheWrongTypeReadAsAbsent) {
  const json stored = json::parse(R"([{"origin": "https://a.example", "method": 1, "path": 2, "status": "200",
                                       "code": [], "at": "now", "body": "never kept"}])");
  EXPECT_EQ(RequestLogFromJson(stored),
            (RequestLog{{"https://a.example", "", std::nullopt, 0, std::nullopt, 0}}));
  EXPECT_EQ(ToJson(RequestLogFromJson(stored))[0].size(), 4u);  // origin, method, status, at: no body
}

TEST(RecordsLog, AValueThatIsNotAnArrayIsAnEmptyLog) {
  for (const json& stored : {json(), json::object(), json("log")}) {
    EXPECT_TRUE(HandoutLogFromJson(stored).empty()) << stored;
    EXPECT_TRUE(RequestLogFromJson(stored).empty()) << stored;
  }
}

}  // namespace
}  // namespace zcrm::records
