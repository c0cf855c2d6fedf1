#include "records/log_records.hpp"

#include <nlohmann/json.hpp>

#include "records/json_fields.hpp"

namespace zcrm::records {

using detail::IntField;
using detail::PutIf;
using detail::StringField;
using nlohmann::json;

namespace {

template <typename Entry>
json ArrayOf(const std::vector<Entry>& log) {
  json out = json::array();
  for (const auto& entry : log) out.push_back(ToJson(entry));
  return out;
}

// Calls read(entry, origin) for every object entry of a stored array that has a string origin.
template <typename Read>
void ForEachEntry(const json& stored, Read read) {
  if (!stored.is_array()) return;
  for (const auto& entry : stored) {
    if (!entry.is_object()) continue;
    if (auto origin = StringField(entry, "origin")) read(entry, std::move(*origin));
  }
}

}  // namespace

json ToJson(const Handout& entry) {
  return {{"origin", entry.origin}, {"at", entry.at}};
}

json ToJson(const RequestLogEntry& entry) {
  json out = {{"origin", entry.origin}, {"method", entry.method}, {"status", entry.status}, {"at", entry.at}};
  PutIf(out, "path", entry.path);
  PutIf(out, "code", entry.code);
  return out;
}

json ToJson(const HandoutLog& log) {
  return ArrayOf(log);
}
json ToJson(const RequestLog& log) {
  return ArrayOf(log);
}

HandoutLog HandoutLogFromJson(const json& stored) {
  HandoutLog log;
  ForEachEntry(stored, [&](const json& entry, std::string origin) {
    log.push_back({std::move(origin), IntField(entry, "at").value_or(0)});
  });
  return log;
}

RequestLog RequestLogFromJson(const json& stored) {
  RequestLog log;
  ForEachEntry(stored, [&](const json& entry, std::string origin) {
    const auto status = IntField(entry, "status").value_or(0);
    log.push_back({std::move(origin), StringField(entry, "method").value_or(""), StringField(entry, "path"),
                   static_cast<int>(status), StringField(entry, "code"), IntField(entry, "at").value_or(0)});
  });
  return log;
}

}  // namespace zcrm::records
