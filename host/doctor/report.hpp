// What the doctor found: one line per check, with a concrete fix for each problem.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace zcrm::doctor {

enum class Status {
  kOk,    // as it should be
  kInfo,  // worth knowing, nothing to do (e.g. no key yet before the first sign-in)
  kWarn,  // may stop a browser from working but is not wrong in itself (e.g. a Flatpak copy of a browser)
  kFail,  // wrong: the exit status is non-zero
};

struct Finding {
  std::string scope;  // a browser name, "state", "config" or "doctor"
  std::string check;  // stable name, e.g. "manifest.origins"; see docs in doctor.hpp
  Status status = Status::kOk;
  std::string detail;  // what was seen
  std::string fix;     // what to do; empty unless kWarn or kFail
};

class Report {
 public:
  void Ok(std::string scope, std::string check, std::string detail);
  void Info(std::string scope, std::string check, std::string detail);
  void Warn(std::string scope, std::string check, std::string detail, std::string fix);
  void Fail(std::string scope, std::string check, std::string detail, std::string fix);

  const std::vector<Finding>& findings() const { return findings_; }
  bool failed() const;
  // The finding for scope/check, or nullptr.
  const Finding* Find(const std::string& scope, const std::string& check) const;

  // A table: scope, check, status, detail; the fix on the line below each problem.
  void PrintTable(std::ostream& out) const;
  // {"ok": bool, "checks": [{"scope", "check", "status": "ok|info|warn|fail", "detail", "fix"}]}
  nlohmann::json ToJson() const;

 private:
  std::vector<Finding> findings_;
};

const char* StatusName(Status status);

}  // namespace zcrm::doctor
