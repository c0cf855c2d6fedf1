// index.key as docs/PROTOCOL.md describes it: the example parses, `index` is required, 1–128 characters of
// A-Za-z0-9._:-, and every rejection is BAD_REQUEST naming the field without quoting what the caller sent.
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

constexpr const char* kHex = "3f8a9c0e5b7d1f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";

json Example(const json& index = kHex) {
  return {{"id", 15}, {"type", "index.key"}, {"index", index}};
}

std::string FailureMessage(const json& request) {
  try {
    (void)ParseRequest(request);
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadRequest) << request;
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << request;
  return "";
}

TEST(ProtocolIndexKey, ExampleParses) {
  const auto parsed = ParseRequest(Example());
  ASSERT_TRUE(std::holds_alternative<IndexKey>(parsed));
  EXPECT_EQ(std::get<IndexKey>(parsed).index, kHex);
}

TEST(ProtocolIndexKey, EveryAllowedCharacterAndTheBoundsParse) {
  EXPECT_EQ(std::get<IndexKey>(ParseRequest(Example("aZ09._:-"))).index, "aZ09._:-");
  EXPECT_EQ(std::get<IndexKey>(ParseRequest(Example("x"))).index, "x");
  const std::string longest(kMaxIndexIdLength, 'a');
  EXPECT_EQ(std::get<IndexKey>(ParseRequest(Example(longest))).index, longest);
}

TEST(ProtocolIndexKey, AMissingEmptyLongOrOddIndexIsBadRequestNamingItAndNotQuotingIt) {
  json missing = Example();
  missing.erase("index");
  EXPECT_THAT(FailureMessage(missing), HasSubstr("'index'"));
  EXPECT_THAT(FailureMessage(Example("")), HasSubstr("'index'"));
  EXPECT_THAT(FailureMessage(Example(std::string(kMaxIndexIdLength + 1, 'a'))), HasSubstr("'index'"));
  EXPECT_THAT(FailureMessage(Example(7)), HasSubstr("'index'"));
  for (const std::string odd : {"secretvalue/x", "secretvalue x", "secretvalue\xc3\xa9", "secretvalue\n",
                                "secretvalue=", "secretvalue%2F"}) {
    const auto message = FailureMessage(Example(odd));
    EXPECT_THAT(message, HasSubstr("'index'")) << odd;
    EXPECT_THAT(message, Not(HasSubstr("secretvalue"))) << odd;
  }
}

}  // namespace
}  // namespace zcrm::protocol
