#include "app/status_report.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "app/config.hpp"
#include "clock/wall_clock.hpp"
#include "handlers/budget_view.hpp"
#include "records/account_record.hpp"
#include "records/budget_record.hpp"
#include "records/record_name.hpp"
#include "records/token_listing.hpp"
#include "store/vault.hpp"

namespace zcrm::app {
namespace {

using nlohmann::json;

json Collect(const store::Vault& vault, const Config& config, std::int64_t now) {
  json report = {{"state_dir", vault.root().string()},
                 {"key_store", std::string(store::KeyPlaceName(vault.key_place()))},
                 {"clients", json::object()}};
  auto listing = vault.List("");
  report["damaged_records"] = listing.damaged;
  for (const auto& [stored_name, value] : listing.records) {
    const auto name = records::RecordName::Parse(stored_name);
    if (!name) continue;
    const auto client = name->client_id + " (" + name->dc + ")";
    if (name->kind == records::RecordKind::kToken) {
      report["clients"][client]["tokens"].push_back(records::TokenListEntry(*name, value, now));
    } else if (name->kind == records::RecordKind::kAccount) {
      const auto accounts = records::AccountFromJson(value);
      const json chosen = accounts.chosen ? records::ToJson(accounts.chosen->account) : json();
      auto& entry = report["clients"][client];
      (name->org ? entry["orgs"][*name->org] : entry)["chosen_account"] = chosen;
    } else if (name->kind == records::RecordKind::kBudget) {
      report["budgets"][name->client_id] =
          handlers::BudgetView(config.settings, records::BudgetFromJson(value), now);
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
      // A browser profile is named by the first characters of its installation ID, as the popup shows it.
      const auto profile = t.contains("installation")
                               ? " (profile " + t["installation"].get<std::string>().substr(0, 6) + ")"
                               : std::string();
      const auto user = t.value("user", json::object());
      const auto who = user.value("email", user.value("name", std::string()));
      out << "  token for " << t["caller"].get<std::string>() << profile << (who.empty() ? "" : " as " + who)
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
