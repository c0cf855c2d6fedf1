#include "app/log_report.hpp"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "clock/utc_calendar.hpp"
#include "records/log_records.hpp"
#include "records/record_name.hpp"
#include "store/vault.hpp"

namespace zcrm::app {
namespace {

constexpr const char* kNothing = "No web app has used your sign-in yet.\n";

struct Line {
  std::int64_t at = 0;
  std::string origin;
  std::string text;  // everything after the time
};

// "chromium:abcdefgh…": enough to tell browsers apart without a 32-letter ID filling the line.
std::string ShortCaller(const std::string& caller) {
  constexpr std::size_t kShownIdChars = 8;
  const auto colon = caller.find(':');
  if (colon == std::string::npos || caller.size() - colon - 1 <= kShownIdChars) return caller;
  return caller.substr(0, colon + 1 + kShownIdChars) + "…";
}

std::string UtcTime(std::int64_t at_ms) {
  const std::time_t seconds = static_cast<std::time_t>(at_ms / 1000);
  const std::tm tm = clock::UtcCalendar(seconds);
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm) == 0) return std::to_string(at_ms) + " ms";
  return text;
}

std::string Outcome(const records::RequestLogEntry& entry) {
  // Status 0 is how the extension says Zoho never answered (network failure, time-out).
  std::string text = entry.status == 0 ? "no answer from Zoho" : std::to_string(entry.status);
  if (entry.code) text += " " + *entry.code;
  return text;
}

void AddRequests(const records::RecordName& name, const nlohmann::json& stored, std::vector<Line>& lines) {
  for (const auto& e : records::RequestLogFromJson(stored)) {
    const auto what = e.method + " " + e.path.value_or("(path refused)");
    lines.push_back(
        {e.at, e.origin,
         ShortCaller(name.caller) + "  " + name.dc + "  " + e.origin + "  " + what + "  " + Outcome(e)});
  }
}

// Hand-outs are kept per client ID and DC, not per browser, so the browser column is "-".
void AddHandouts(const records::RecordName& name, const nlohmann::json& stored, std::vector<Line>& lines) {
  for (const auto& e : records::HandoutLogFromJson(stored)) {
    lines.push_back({e.at, e.origin, "-  " + name.dc + "  " + e.origin + "  token handed out"});
  }
}

}  // namespace

int PrintLog(const std::filesystem::path& state_dir, const LogFilter& filter, std::ostream& out) {
  // Like status: reading the log never creates a vault.
  if (!store::FindKey(state_dir)) {
    out << kNothing;
    return 0;
  }
  auto vault = store::Vault::Open(state_dir, {.create = false});
  const auto listing = vault.List("");
  std::vector<Line> lines;
  for (const auto& [stored_name, value] : listing.records) {
    const auto name = records::RecordName::Parse(stored_name);
    if (!name) continue;
    if (name->kind == records::RecordKind::kRequests) AddRequests(*name, value, lines);
    if (name->kind == records::RecordKind::kHandouts) AddHandouts(*name, value, lines);
  }
  if (filter.origin) {
    std::erase_if(lines, [&](const Line& l) { return l.origin != *filter.origin; });
  }
  // Stable: a batch's entries share one time and are stored newest first.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.at > b.at; });
  if (filter.limit && lines.size() > *filter.limit) lines.resize(*filter.limit);
  if (lines.empty()) {
    out << (filter.origin ? *filter.origin + " has not used your sign-in.\n" : kNothing);
  }
  for (const auto& l : lines) out << UtcTime(l.at) << "  " << l.text << "\n";
  if (listing.damaged > 0) {
    out << "\n" << listing.damaged << " stored records are damaged; run `zcrm-bridge reset` to start over.\n";
  }
  return 0;
}

}  // namespace zcrm::app
