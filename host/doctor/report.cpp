#include "doctor/report.hpp"

#include <algorithm>
#include <iomanip>

namespace zcrm::doctor {

const char* StatusName(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kInfo:
      return "info";
    case Status::kWarn:
      return "warn";
    case Status::kFail:
      return "FAIL";
  }
  return "FAIL";
}

void Report::Ok(std::string scope, std::string check, std::string detail) {
  findings_.push_back({std::move(scope), std::move(check), Status::kOk, std::move(detail), ""});
}

void Report::Info(std::string scope, std::string check, std::string detail) {
  findings_.push_back({std::move(scope), std::move(check), Status::kInfo, std::move(detail), ""});
}

void Report::Warn(std::string scope, std::string check, std::string detail, std::string fix) {
  findings_.push_back({std::move(scope), std::move(check), Status::kWarn, std::move(detail), std::move(fix)});
}

void Report::Fail(std::string scope, std::string check, std::string detail, std::string fix) {
  findings_.push_back({std::move(scope), std::move(check), Status::kFail, std::move(detail), std::move(fix)});
}

bool Report::failed() const {
  return std::any_of(findings_.begin(), findings_.end(),
                     [](const Finding& f) { return f.status == Status::kFail; });
}

const Finding* Report::Find(const std::string& scope, const std::string& check) const {
  for (const auto& f : findings_) {
    if (f.scope == scope && f.check == check) return &f;
  }
  return nullptr;
}

void Report::PrintTable(std::ostream& out) const {
  std::size_t scope_width = 5, check_width = 5;
  for (const auto& f : findings_) {
    scope_width = std::max(scope_width, f.scope.size());
    check_width = std::max(check_width, f.check.size());
  }
  const auto w = [](std::size_t n) { return static_cast<int>(n + 2); };
  out << std::left << std::setw(w(scope_width)) << "WHERE" << std::setw(w(check_width)) << "CHECK"
      << std::setw(8) << "STATUS"
      << "DETAIL\n";
  for (const auto& f : findings_) {
    out << std::setw(w(scope_width)) << f.scope << std::setw(w(check_width)) << f.check << std::setw(8)
        << StatusName(f.status) << f.detail << "\n";
    if (!f.fix.empty()) out << std::string(scope_width + check_width + 12, ' ') << "fix: " << f.fix << "\n";
  }
  const auto problems = std::count_if(findings_.begin(), findings_.end(),
                                      [](const Finding& f) { return f.status == Status::kFail; });
  out << "\n"
      << (problems == 0 ? std::string("Everything zcrm-bridge needs is in place.")
                        : std::to_string(problems) + (problems == 1 ? " problem" : " problems") +
                              " found: apply the fixes above, then run `zcrm-bridge doctor` again.")
      << "\n";
}

nlohmann::json Report::ToJson() const {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& f : findings_) {
    std::string status = StatusName(f.status);
    std::transform(status.begin(), status.end(), status.begin(),
                   [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    checks.push_back(
        {{"scope", f.scope}, {"check", f.check}, {"status", status}, {"detail", f.detail}, {"fix", f.fix}});
  }
  return {{"ok", !failed()}, {"checks", checks}};
}

}  // namespace zcrm::doctor
