#include "protocol/json_text.hpp"

#include <algorithm>
#include <string>

namespace zcrm::protocol {
namespace {

using Json = nlohmann::json;

// Builds nothing; remembers where the parser gave up. Used only after a parse failed, to name the position.
class ErrorPosition final : public nlohmann::json_sax<Json> {
 public:
  std::size_t byte = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    byte = position;
    return false;
  }
};

}  // namespace

int MaxNesting(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::variant<Json, JsonErrorAt> ParseJsonText(std::string_view text) {
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) return parsed;
  // A second pass that builds nothing finds the byte: measured under the request fuzzer, this was cheaper
  // than the exception nlohmann would throw with it, and it keeps to nlohmann's public interface.
  ErrorPosition where;
  Json::sax_parse(text.begin(), text.end(), &where);
  return JsonErrorAt{where.byte};
}

}  // namespace zcrm::protocol
