// The account record (account/<client_id>/<dc>[/<org id>]): the chosen CRM account and the recent choices.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace zcrm::records {

struct AccountRef {
  std::string id;
  std::string name;
  std::string kind;  // "user" or "record"
  std::optional<std::string> module;

  // The same account whatever its display name: id, kind and module.
  bool SameAs(const AccountRef& other) const {
    return id == other.id && kind == other.kind && module == other.module;
  }
  bool operator==(const AccountRef&) const = default;
};

struct AccountChoice {
  AccountRef account;
  std::int64_t chosen_at = 0;
  bool operator==(const AccountChoice&) const = default;
};

struct AccountRecord {
  std::optional<AccountChoice> chosen;  // nullopt once cleared
  std::vector<AccountChoice> recent;    // newest first; clearing the choice keeps it
  bool operator==(const AccountRecord&) const = default;
};

// Stored form: {"chosen": {id, name, kind, module?} or null, "chosen_at": <ms> (only with a choice),
// "recent": [{id, name, kind, module?, chosen_at}, ...]}. The account object is also what account.get
// answers.
nlohmann::json ToJson(const AccountRecord& record);
nlohmann::json ToJson(const AccountRef& account);
nlohmann::json ToJson(const AccountChoice& choice);  // the account and its chosen_at: a recent entry
// Never fails: anything that is not a readable account (an id, name and kind as strings) reads as no choice
// or is left out of the recent list.
AccountRecord AccountFromJson(const nlohmann::json& stored);
std::optional<AccountRef> AccountRefFromJson(const nlohmann::json& stored);

}  // namespace zcrm::records
