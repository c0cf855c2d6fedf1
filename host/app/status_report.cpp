#include "app/status_report.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/config.hpp"
#include "budget/sliding_window.hpp"
#include "budget/zoho_block.hpp"
#include "clock/wall_clock.hpp"
#include "store/vault.hpp"

namespace zcrm::app {
namespace {

using nlohmann::json;

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

json BudgetJson(const handlers::Settings& settings, const json& record, const char* kind, std::int64_t now) {
  const auto& limit = std::string_view(kind) == "login" ? settings.login : settings.refresh;
  auto s = budget::SlidingWindow::FromJson(limit, record.value(kind, json())).Peek(now);
  json out = {
      {"used", s.used}, {"limit", s.limit}, {"window_ms", s.window_ms}, {"next_free_at", s.next_free_at}};
  // As budget.get reports it (handlers/budget_handlers.cpp): record["blocked_until"][kind].
  const json blocks = record.value("blocked_until", json::object());
  const json stored = blocks.is_object() ? blocks.value(kind, json()) : json();
  if (auto until = budget::ZohoBlock::FromJson(settings.zoho_block_ms, stored).ActiveUntil(now))
    out["blocked_until"] = *until;
  return out;
}

json Collect(const store::Vault& vault, const Config& config, std::int64_t now) {
  json report = {{"state_dir", vault.root().string()},
                 {"key_store", std::string(store::KeyPlaceName(vault.key_place()))},
                 {"clients", json::object()}};
  auto listing = vault.List("");
  report["damaged_records"] = listing.damaged;
  for (const auto& [name, value] : listing.records) {
    auto parts = Split(name);
    if (parts[0] == "token" && parts.size() == 4) {  // token/<caller>/<client_id>/<dc>
      auto& entry = report["clients"][parts[2] + " (" + parts[3] + ")"];
      json token = {{"caller", parts[1]}, {"expired", value.value("expires_at", 0LL) <= now}};
      for (const char* key : {"expires_at", "refresh_at", "source", "scope", "granted_for_session", "org"}) {
        if (value.contains(key)) token[key] = value[key];
      }
      entry["tokens"].push_back(token);
    } else if (parts[0] == "account" && parts.size() == 3) {
      auto& entry = report["clients"][parts[1] + " (" + parts[2] + ")"];
      entry["chosen_account"] = value.value("chosen", json());
    } else if (parts[0] == "account" && parts.size() == 4) {  // account/<client_id>/<dc>/<org id>
      auto& entry = report["clients"][parts[1] + " (" + parts[2] + ")"];
      entry["orgs"][parts[3]]["chosen_account"] = value.value("chosen", json());
    } else if (parts[0] == "budget" && parts.size() == 2) {
      report["budgets"][parts[1]] = {{"login", BudgetJson(config.settings, value, "login", now)},
                                     {"refresh", BudgetJson(config.settings, value, "refresh", now)}};
    }
  }
  return report;
}

std::string In(std::int64_t at, std::int64_t now) {
  auto s = (at - now) / 1000;
  if (s <= 0) return "now";
  return s >= 120 ? "in " + std::to_string(s / 60) + " min" : "in " + std::to_string(s) + " s";
}

std::string AccountText(const json& account) {
  if (!account.is_object()) return "none";
  return account.value("name", "") + " (" + account.value("kind", "") + " " + account.value("id", "") + ")";
}

void PrintText(const json& r, std::int64_t now, std::ostream& out) {
  out << "State folder: " << r["state_dir"].get<std::string>() << "\n";
  out << "Vault key: "
      << (r["key_store"] == "keyring" ? "in the keyring (Secret Service)" : "in the key file (mode 0600)")
      << "\n";
  if (r["clients"].empty() && !r.contains("budgets"))
    out << "Nothing stored yet: sign in from the extension.\n";
  for (const auto& [client, entry] : r["clients"].items()) {
    out << "\nClient " << client << "\n";
    if (!entry.contains("tokens")) out << "  token: none (signed out)\n";
    const json tokens = entry.value("tokens", json::array());
    for (const auto& t : tokens) {
      const auto org = t.value("org", json());
      out << "  token for " << t["caller"].get<std::string>()
          << (org.is_object() ? " in org " + org.value("id", "") : std::string()) << ": "
          << (t["expired"].get<bool>() ? "expired" : "valid, expires " + In(t.value("expires_at", 0LL), now))
          << ", refresh " << In(t.value("refresh_at", 0LL), now) << "\n";
    }
    out << "  chosen account: " << AccountText(entry.value("chosen_account", json())) << "\n";
    const json orgs = entry.value("orgs", json::object());
    for (const auto& [org, by_org] : orgs.items()) {
      out << "  chosen account in org " << org << ": " << AccountText(by_org.value("chosen_account", json()))
          << "\n";
    }
  }
  const json budgets = r.value("budgets", json::object());
  for (const auto& [client, b] : budgets.items()) {
    out << "\nBudget for client " << client << "\n";
    for (const char* kind : {"login", "refresh"}) {
      const auto& k = b[kind];
      out << "  " << kind << ": " << k["used"].get<int>() << " of " << k["limit"].get<int>() << " per "
          << k["window_ms"].get<std::int64_t>() / 60000 << " min, next free "
          << In(k["next_free_at"].get<std::int64_t>(), now);
      if (k.contains("blocked_until")) {
        out << "; blocked by Zoho after too many requests, nothing is tried until the block ends "
            << In(k["blocked_until"].get<std::int64_t>(), now);
      }
      out << "\n";
    }
  }
  if (r["damaged_records"].get<int>() > 0) {
    out << "\n"
        << r["damaged_records"].get<int>()
        << " stored records are damaged; run `zcrm-bridge reset` to start over.\n";
  }
}

}  // namespace

int PrintStatus(const std::filesystem::path& state_dir, bool as_json, std::ostream& out) {
  const auto now = clock::NowMs();
  if (!store::FindKey(state_dir)) {
    if (as_json) {
      out << json{{"state_dir", state_dir.string()}, {"clients", json::object()}}.dump(2) << "\n";
    } else {
      out << "State folder: " << state_dir.string() << "\nNothing stored yet: sign in from the extension.\n";
    }
    return 0;
  }
  auto config = LoadConfig(state_dir);
  auto vault = store::Vault::Open(state_dir, {.create = false});
  auto report = Collect(vault, config, now);
  if (as_json) {
    out << report.dump(2) << "\n";
  } else {
    PrintText(report, now, out);
  }
  return 0;
}

}  // namespace zcrm::app
