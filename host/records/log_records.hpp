// The two logs of who used the sign-in, both newest first and bounded by the handlers that write them:
// handouts/<client_id>/<dc> (a token handed to a web site) and requests/<caller>/<client_id>/<dc> (a CRM call
// the extension made for one).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace zcrm::records {

struct Handout {
  std::string origin;
  std::int64_t at = 0;
  bool operator==(const Handout&) const = default;
};

struct RequestLogEntry {
  std::string origin;
  std::string method;
  std::optional<std::string> path;  // a /crm/ template; absent when the page's path was refused
  int status = 0;                   // 0: Zoho never answered
  std::optional<std::string> code;  // the error code the page got
  std::int64_t at = 0;
  bool operator==(const RequestLogEntry&) const = default;
};

using HandoutLog = std::vector<Handout>;
using RequestLog = std::vector<RequestLogEntry>;

// Stored forms: arrays of {origin, at} and of {origin, method, path?, status, code?, at}; each entry is also
// what token.handouts and request.log answer. Reading never fails: a value that is not an array reads as an
// empty log, and an entry that is not an object with a string origin is left out.
nlohmann::json ToJson(const Handout& entry);
nlohmann::json ToJson(const RequestLogEntry& entry);
nlohmann::json ToJson(const HandoutLog& log);
nlohmann::json ToJson(const RequestLog& log);
HandoutLog HandoutLogFromJson(const nlohmann::json& stored);
RequestLog RequestLogFromJson(const nlohmann::json& stored);

}  // namespace zcrm::records
