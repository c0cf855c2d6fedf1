// Reading a frame as JSON without an exception per bad frame: the result and the error position must be the
// ones nlohmann's throwing parse gives, so the answer's "error at byte N" did not change when the throw went.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "protocol/json_text.hpp"

namespace zcrm::protocol {
namespace {

using nlohmann::json;

std::size_t ThrowingParseErrorByte(std::string_view text) {
  try {
    const json ignored = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return e.byte;
  } catch (const json::exception&) {
    return 0;
  }
  ADD_FAILURE() << "expected a parse error for " << text;
  return 0;
}

TEST(ProtocolJsonText, ValidTextParsesToTheSameValue) {
  const std::string text = R"({"id": 7, "type": "hello", "x": [1, 2.5, "é", null, true, {"y": {}}]})";
  const auto parsed = ParseJsonText(text);
  ASSERT_TRUE(std::holds_alternative<json>(parsed));
  EXPECT_EQ(std::get<json>(parsed), json::parse(text));
}

TEST(ProtocolJsonText, ErrorByteIsTheThrowingParsersForEveryKindOfBadText) {
  for (std::string_view text :
       {std::string_view(R"({"id": 1, "type": "hello")"), std::string_view(R"({"id": 1} trailing)"),
        std::string_view("{id: 1}"), std::string_view(" "), std::string_view("{\"id\": \"\xc3\"}"),
        std::string_view("{\"x\": \"\xed\xa0\x80\"}"), std::string_view(R"({"s": "\ud800"})"),
        std::string_view("[1,,2]")}) {
    SCOPED_TRACE(text);
    const auto parsed = ParseJsonText(text);
    ASSERT_TRUE(std::holds_alternative<JsonErrorAt>(parsed));
    const auto byte = std::get<JsonErrorAt>(parsed).byte;
    EXPECT_GT(byte, 0u);
    EXPECT_EQ(byte, ThrowingParseErrorByte(text));
  }
}

// The throwing parser raised out_of_range here, which carries no position; the answer now names one too.
TEST(ProtocolJsonText, ANumberTooLargeForADoubleIsAnErrorWithItsPosition) {
  const auto parsed = ParseJsonText(R"({"n": 1e999})");
  ASSERT_TRUE(std::holds_alternative<JsonErrorAt>(parsed));
  EXPECT_EQ(std::get<JsonErrorAt>(parsed).byte, 11u);
}

TEST(ProtocolJsonText, NestingCountsContainersOutsideStrings) {
  EXPECT_EQ(MaxNesting(R"({"a": [[{}]]})"), 4);
  EXPECT_EQ(MaxNesting(R"({"a": "[[[[\"{{"})"), 1);
  EXPECT_EQ(MaxNesting("42"), 0);
}

}  // namespace
}  // namespace zcrm::protocol
