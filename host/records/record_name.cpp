#include "records/record_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace zcrm::records {
namespace {

struct KindName {
  RecordKind kind;
  std::string_view prefix;  // includes the '/'
};

constexpr std::array<KindName, 5> kKinds{{{RecordKind::kToken, "token/"},
                                          {RecordKind::kAccount, "account/"},
                                          {RecordKind::kBudget, "budget/"},
                                          {RecordKind::kHandouts, "handouts/"},
                                          {RecordKind::kRequests, "requests/"}}};

std::vector<std::string> Split(std::string_view rest) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto pos = rest.find('/'); pos != std::string_view::npos; pos = rest.find('/', start)) {
    parts.emplace_back(rest.substr(start, pos - start));
    start = pos + 1;
  }
  parts.emplace_back(rest.substr(start));
  return parts;
}

bool AllDigits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

RecordName RecordName::Token(std::string caller, std::string client_id, std::string dc,
                             std::optional<std::string> installation) {
  return {RecordKind::kToken, std::move(caller), std::move(client_id),
          std::move(dc),      std::nullopt,      std::move(installation)};
}
RecordName RecordName::Account(std::string client_id, std::string dc, std::optional<std::string> org) {
  return {RecordKind::kAccount, "", std::move(client_id), std::move(dc), std::move(org), std::nullopt};
}
RecordName RecordName::Budget(std::string client_id) {
  return {RecordKind::kBudget, "", std::move(client_id), "", std::nullopt, std::nullopt};
}
RecordName RecordName::Handouts(std::string client_id, std::string dc) {
  return {RecordKind::kHandouts, "", std::move(client_id), std::move(dc), std::nullopt, std::nullopt};
}
RecordName RecordName::Requests(std::string caller, std::string client_id, std::string dc) {
  return {RecordKind::kRequests, std::move(caller), std::move(client_id),
          std::move(dc),         std::nullopt,      std::nullopt};
}

std::string_view RecordName::Prefix(RecordKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.prefix;
  }
  return {};
}

std::string RecordName::Format() const {
  std::string name(Prefix(kind));
  switch (kind) {
    case RecordKind::kToken:
      name += caller + "/" + client_id + "/" + dc;
      return installation ? name + "/" + *installation : name;
    case RecordKind::kRequests:
      return name + caller + "/" + client_id + "/" + dc;
    case RecordKind::kAccount:
      name += client_id + "/" + dc;
      return org ? name + "/" + *org : name;
    case RecordKind::kBudget:
      return name + client_id;
    case RecordKind::kHandouts:
      return name + client_id + "/" + dc;
  }
  return name;
}

std::optional<RecordName> RecordName::Parse(std::string_view name) {
  const auto known = std::find_if(kKinds.begin(), kKinds.end(),
                                  [&](const KindName& k) { return name.starts_with(k.prefix); });
  if (known == kKinds.end()) return std::nullopt;
  auto parts = Split(name.substr(known->prefix.size()));
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    return std::nullopt;
  }
  switch (known->kind) {
    case RecordKind::kToken:
      if (parts.size() == 3) return Token(std::move(parts[0]), std::move(parts[1]), std::move(parts[2]));
      if (parts.size() != 4) return std::nullopt;
      return Token(std::move(parts[0]), std::move(parts[1]), std::move(parts[2]), std::move(parts[3]));
    case RecordKind::kRequests:
      if (parts.size() != 3) return std::nullopt;
      return Requests(std::move(parts[0]), std::move(parts[1]), std::move(parts[2]));
    case RecordKind::kAccount:
      if (parts.size() == 2) return Account(std::move(parts[0]), std::move(parts[1]), std::nullopt);
      if (parts.size() != 3 || !AllDigits(parts[2])) return std::nullopt;
      return Account(std::move(parts[0]), std::move(parts[1]), std::move(parts[2]));
    case RecordKind::kBudget:
      if (parts.size() != 1) return std::nullopt;
      return Budget(std::move(parts[0]));
    case RecordKind::kHandouts:
      if (parts.size() != 2) return std::nullopt;
      return Handouts(std::move(parts[0]), std::move(parts[1]));
  }
  return std::nullopt;
}

}  // namespace zcrm::records
