#include "app/log_report.hpp"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "store/vault.hpp"

namespace zcrm::app {
namespace {

using nlohmann::json;

constexpr const char* kNothing = "No web app has used your sign-in yet.\n";

struct Line {
  std::int64_t at = 0;
  std::string origin;
  std::string text;  // everything after the time
};

std::vector<std::string> Split(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto pos = name.find('/'); pos != std::string::npos; pos = name.find('/', start)) {
    parts.push_back(name.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(name.substr(start));
  return parts;
}

// "chromium:abcdefgh…": enough to tell browsers apart without a 32-letter ID filling the line.
std::string ShortCaller(const std::string& caller) {
  constexpr std::size_t kShownIdChars = 8;
  const auto colon = caller.find(':');
  if (colon == std::string::npos || caller.size() - colon - 1 <= kShownIdChars) return caller;
  return caller.substr(0, colon + 1 + kShownIdChars) + "…";
}

std::string UtcTime(std::int64_t at_ms) {
  const std::time_t seconds = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm) == 0) return std::to_string(at_ms) + " ms";
  return text;
}

std::string Outcome(const json& entry) {
  const auto status = entry.value("status", 0);
  // Status 0 is how the extension says Zoho never answered (network failure, time-out).
  std::string text = status == 0 ? "no answer from Zoho" : std::to_string(status);
  if (entry.contains("code")) text += " " + entry.value("code", "");
  return text;
}

// requests/<caller>/<client_id>/<dc>
void AddRequests(const std::vector<std::string>& parts, const json& log, std::vector<Line>& lines) {
  if (parts.size() != 4 || !log.is_array()) return;
  for (const auto& e : log) {
    if (!e.is_object()) continue;
    const auto origin = e.value("origin", "");
    const auto what =
        e.value("method", "") + " " + (e.contains("path") ? e.value("path", "") : "(path refused)");
    lines.push_back(
        {e.value("at", std::int64_t{0}), origin,
         ShortCaller(parts[1]) + "  " + parts[3] + "  " + origin + "  " + what + "  " + Outcome(e)});
  }
}

// handouts/<client_id>/<dc>: kept per client ID and DC, not per browser, so the browser column is "-".
void AddHandouts(const std::vector<std::string>& parts, const json& log, std::vector<Line>& lines) {
  if (parts.size() != 3 || !log.is_array()) return;
  for (const auto& e : log) {
    if (!e.is_object()) continue;
    const auto origin = e.value("origin", "");
    lines.push_back(
        {e.value("at", std::int64_t{0}), origin, "-  " + parts[2] + "  " + origin + "  token handed out"});
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
  for (const auto& [name, value] : listing.records) {
    const auto parts = Split(name);
    if (parts[0] == "requests") AddRequests(parts, value, lines);
    if (parts[0] == "handouts") AddHandouts(parts, value, lines);
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
