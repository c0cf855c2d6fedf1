#include "protocol/fields.hpp"

#include <algorithm>
#include <charconv>

#include "error/host_error.hpp"
#include "protocol/limits.hpp"
#include "protocol/messages.hpp"

namespace zcrm::protocol {
namespace {

bool HasControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool IsClientIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

}  // namespace

std::size_t Utf8Length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Fields::Fields(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void Fields::Fail(std::string_view name, std::string_view why) const {
  throw HostError(ErrorCode::kBadRequest,
                  "Field '" + prefix_ + std::string(name) + "' " + std::string(why) + ".");
}

const nlohmann::json* Fields::Find(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> Fields::OptionalString(std::string_view name, std::size_t max_len) const {
  const auto* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) Fail(name, "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  if (Utf8Length(s) > max_len) Fail(name, "is longer than " + std::to_string(max_len) + " characters");
  if (HasControlChar(s)) Fail(name, "contains control characters");
  return s;
}

std::string Fields::RequiredString(std::string_view name, std::size_t min_len, std::size_t max_len) const {
  auto s = OptionalString(name, max_len);
  if (!s) Fail(name, "is required");
  if (Utf8Length(*s) < min_len) Fail(name, min_len == 1 ? "must not be empty" : "is too short");
  return *s;
}

std::optional<std::int64_t> Fields::OptionalInteger(std::string_view name, std::int64_t min,
                                                    std::int64_t max) const {
  const auto* v = Find(name);
  if (!v) return std::nullopt;
  std::int64_t value = 0;
  if (v->is_number_integer()) {
    value = v->get<std::int64_t>();
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      Fail(name, "is out of range");
    }
  } else if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) Fail(name, "must be a whole number");
  } else {
    Fail(name, "must be a whole number");
  }
  if (value < min || value > max) {
    Fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

std::int64_t Fields::RequiredInteger(std::string_view name, std::int64_t min, std::int64_t max) const {
  auto v = OptionalInteger(name, min, max);
  if (!v) Fail(name, "is required");
  return *v;
}

std::optional<bool> Fields::OptionalBool(std::string_view name) const {
  const auto* v = Find(name);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string() && *v == "true") return true;
  if (v->is_string() && *v == "false") return false;
  Fail(name, "must be true or false");
}

const nlohmann::json& Fields::RequiredObject(std::string_view name) const {
  const auto* v = OptionalObject(name);
  if (!v) Fail(name, "is required");
  return *v;
}

const nlohmann::json* Fields::OptionalObject(std::string_view name) const {
  const auto* v = Find(name);
  if (v && !v->is_object()) Fail(name, "must be an object");
  return v;
}

const nlohmann::json& Fields::RequiredArray(std::string_view name, std::size_t min_size,
                                            std::size_t max_size) const {
  const auto* v = Find(name);
  if (!v) Fail(name, "is required");
  if (!v->is_array()) Fail(name, "must be an array");
  if (v->size() < min_size || v->size() > max_size) {
    Fail(name, "must hold " + std::to_string(min_size) + " to " + std::to_string(max_size) + " entries");
  }
  return *v;
}

std::string Fields::ClientId() const {
  auto id = RequiredString("client_id", 1, kMaxClientIdLength);
  if (!std::all_of(id.begin(), id.end(), IsClientIdChar))
    Fail("client_id", "may only hold A-Z a-z 0-9 . _ -");
  return id;
}

std::string Fields::Dc() const {
  auto dc = RequiredString("dc", 1, kMaxDataCentreLength);
  if (!IsDataCentre(dc)) Fail("dc", "must be one of us, eu, in, au, jp, ca, sa, uk, cn");
  return dc;
}

std::optional<std::string> Fields::Installation() const {
  auto id = OptionalString("installation", kMaxInstallationLength);
  if (!id) return std::nullopt;
  if (Utf8Length(*id) < kMinInstallationLength) {
    Fail("installation", "must have at least " + std::to_string(kMinInstallationLength) + " characters");
  }
  const auto base64url = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  };
  if (!std::all_of(id->begin(), id->end(), base64url)) Fail("installation", "may only hold A-Z a-z 0-9 - _");
  return id;
}

std::optional<std::string> Fields::OptionalOrigin(std::string_view name) const {
  auto origin = OptionalString(name, kMaxOriginLength);
  if (origin && !IsWebOrigin(*origin)) {
    Fail(name, "must be an origin such as https://app.example.com (http only for localhost)");
  }
  return origin;
}

}  // namespace zcrm::protocol
