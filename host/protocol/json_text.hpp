// Reading a frame's text as JSON: the nesting check that runs before the parser, and a parse that reports
// where the text stopped being JSON without throwing (hostile frames are most of what a fuzzer or a broken
// page sends, and an exception per frame was a measurable share of answering them).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>
#include <variant>

namespace zcrm::protocol {

// Deepest nesting of arrays and objects, counted before parsing so hostile input never reaches the parser.
int MaxNesting(std::string_view text);

// The byte at which the text stopped being UTF-8 JSON (as nlohmann's parse_error::byte counts it).
struct JsonErrorAt {
  std::size_t byte = 0;
};

std::variant<nlohmann::json, JsonErrorAt> ParseJsonText(std::string_view text);

}  // namespace zcrm::protocol
