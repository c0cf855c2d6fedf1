#include "protocol/request_entries.hpp"

#include <algorithm>
#include <array>

namespace zcrm::protocol {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsPathChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) ||
         std::string_view("_./{}-").find(c) != std::string_view::npos;
}

bool IsCodeChar(char c) {
  return (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_';
}

// Calls f on each segment between slashes (the empty one before the leading slash included).
template <typename F>
void ForEachSegment(std::string_view path, F f) {
  std::size_t start = 0;
  for (;;) {
    const auto end = path.find('/', start);
    f(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

std::string ReadMethod(const Fields& f) {
  static constexpr std::array<std::string_view, 5> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  auto method = f.RequiredString("method", 1, 8);
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
    f.Fail("method", "must be GET, POST, PUT, PATCH or DELETE");
  }
  return method;
}

// A template of the CRM API only: query strings and fragments carry search terms and record data, percent
// signs can hide any of them, and ".." could name a path outside /crm/.
std::optional<std::string> ReadPath(const Fields& f) {
  auto path = f.OptionalString("path", kMaxCrmPathLength);
  if (!path) return std::nullopt;
  if (path->rfind("/crm/", 0) != 0) f.Fail("path", "must start with /crm/");
  if (path->find_first_of("?#") != std::string::npos) f.Fail("path", "must not hold a query or fragment");
  if (path->find('%') != std::string::npos) f.Fail("path", "must not hold percent-encoded characters");
  if (!std::all_of(path->begin(), path->end(), IsPathChar))
    f.Fail("path", "may only hold A-Z a-z 0-9 _ . / { } -");
  bool dot_dot = false;
  ForEachSegment(*path, [&](std::string_view segment) { dot_dot = dot_dot || segment == ".."; });
  if (dot_dot) f.Fail("path", "must not hold a .. segment");
  return path;
}

std::optional<std::string> ReadCode(const Fields& f) {
  auto code = f.OptionalString("code", kMaxRequestCodeLength);
  if (!code) return std::nullopt;
  if (code->empty()) f.Fail("code", "must not be empty");
  if (!std::all_of(code->begin(), code->end(), IsCodeChar)) f.Fail("code", "may only hold A-Z 0-9 _");
  return code;
}

RequestEntry ReadEntry(const Fields& f) {
  RequestEntry entry;
  auto origin = f.OptionalOrigin("origin");
  if (!origin) f.Fail("origin", "is required");
  entry.origin = *origin;
  entry.method = ReadMethod(f);
  entry.path = ReadPath(f);
  // 0 stands for "Zoho never answered"; HTTP statuses have three digits.
  entry.status = static_cast<int>(f.RequiredInteger("status", 0, 999));
  entry.code = ReadCode(f);
  return entry;
}

}  // namespace

std::vector<RequestEntry> ReadRequestEntries(const Fields& request) {
  const auto& entries = request.RequiredArray("entries", 1, kMaxRequestBatch);
  std::vector<RequestEntry> out;
  out.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto name = "entries." + std::to_string(i);
    if (!entries[i].is_object()) request.Fail(name, "must be an object");
    out.push_back(ReadEntry(Fields(entries[i], name + ".")));
  }
  return out;
}

std::string TemplateIds(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  bool first = true;
  ForEachSegment(path, [&](std::string_view segment) {
    if (!first) out += '/';
    first = false;
    const bool id = !segment.empty() && std::all_of(segment.begin(), segment.end(), IsDigit);
    out += id ? std::string_view("{id}") : segment;
  });
  return out;
}

}  // namespace zcrm::protocol
