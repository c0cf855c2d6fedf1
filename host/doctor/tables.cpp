#include "doctor/tables.hpp"

#include <algorithm>
#include <stdexcept>

#include "doctor/embedded_tables.hpp"

namespace zcrm::doctor {
namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  for (std::size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', start)) {
    cols.emplace_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  cols.emplace_back(line.substr(start));
  return cols;
}

bool OneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Table ParseTable(std::string_view tsv) {
  Table table;
  int number = 0;
  while (!tsv.empty()) {
    const auto end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv = end == std::string_view::npos ? std::string_view() : tsv.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto cols = SplitTabs(line);
    const std::string where = "browsers.tsv line " + std::to_string(number);
    if (cols.size() < 5) throw std::invalid_argument(where + ": needs 5 tab-separated columns");
    TableRow row{cols[0], cols[1], cols[2], cols[3], cols[4]};
    if (!OneOf(row.family, {"chromium", "firefox"})) throw std::invalid_argument(where + ": unknown family");
    if (!OneOf(row.os, {"linux", "macos", "windows"})) throw std::invalid_argument(where + ": unknown os");
    if (!OneOf(row.kind, {"user", "system", "key", "bin", "flatpak", "snap", "profile"})) {
      throw std::invalid_argument(where + ": unknown kind");
    }
    table.push_back(std::move(row));
  }
  return table;
}

const Table& BuiltinTable() {
  static const Table table = ParseTable(embedded::kBrowsersTsv);
  return table;
}

Identity BuiltinIdentity() {
  return {std::string(embedded::kHostName), std::string(embedded::kChromiumExtensionId),
          std::string(embedded::kGeckoId)};
}

std::vector<std::string> Browsers(const Table& table) {
  std::vector<std::string> names;
  for (const auto& row : table) {
    if (std::find(names.begin(), names.end(), row.browser) == names.end()) names.push_back(row.browser);
  }
  return names;
}

std::string FamilyOf(const Table& table, std::string_view browser) {
  for (const auto& row : table) {
    if (row.browser == browser) return row.family;
  }
  return "";
}

std::vector<std::string> Values(const Table& table, std::string_view browser, std::string_view os,
                                std::string_view kind) {
  std::vector<std::string> values;
  for (const auto& row : table) {
    if (row.browser == browser && row.os == os && row.kind == kind) values.push_back(row.value);
  }
  return values;
}

std::string Expand(std::string_view value, std::string_view home, std::string_view config_home) {
  std::string out(value);
  ReplaceAll(out, "${CONFIG}", config_home);
  ReplaceAll(out, "${HOME}", home);
  return out;
}

}  // namespace zcrm::doctor
