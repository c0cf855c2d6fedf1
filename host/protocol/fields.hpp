// Typed, bounded reads of request fields; each failure is BAD_REQUEST naming the field.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace zcrm::protocol {

// Characters (code points) of a UTF-8 string; the protocol's bounds count characters, not bytes.
std::size_t Utf8Length(std::string_view s);

class Fields {
 public:
  // prefix names the enclosing object in messages, e.g. "token." for token.access_token.
  Fields(const nlohmann::json& object, std::string prefix = "");

  std::string RequiredString(std::string_view name, std::size_t min_len, std::size_t max_len) const;
  std::optional<std::string> OptionalString(std::string_view name, std::size_t max_len) const;
  // Accepts a JSON integer or a decimal string (Zoho's fragment values arrive as strings).
  std::int64_t RequiredInteger(std::string_view name, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> OptionalInteger(std::string_view name, std::int64_t min,
                                              std::int64_t max) const;
  // Accepts true/false or "true"/"false".
  std::optional<bool> OptionalBool(std::string_view name) const;
  const nlohmann::json& RequiredObject(std::string_view name) const;
  // nullptr when absent or null.
  const nlohmann::json* OptionalObject(std::string_view name) const;
  // Bounded before any element is read, so a huge array costs nothing but the parse.
  const nlohmann::json& RequiredArray(std::string_view name, std::size_t min_size,
                                      std::size_t max_size) const;

  std::string ClientId() const;
  std::string Dc() const;
  // The optional installation ID: kMinInstallationLength..kMaxInstallationLength of A-Z a-z 0-9 - _.
  std::optional<std::string> Installation() const;
  // A web origin (IsWebOrigin): token.get's for_origin, request.record's and request.log's origin.
  std::optional<std::string> OptionalOrigin(std::string_view name) const;

  [[noreturn]] void Fail(std::string_view name, std::string_view why) const;

 private:
  const nlohmann::json* Find(std::string_view name) const;

  const nlohmann::json& object_;
  std::string prefix_;
};

}  // namespace zcrm::protocol
