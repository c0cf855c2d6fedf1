// The names of the vault's records, formatted and parsed in this one place so the handlers that write records
// and the CLI, status and log that list them agree on what a name holds.
//
//   token/<caller>/<client_id>/<dc>[/<installation>]
//                                          one per browser extension, client ID and data centre, and per
//                                          browser profile (the installation ID) when the extension names it
//   account/<client_id>/<dc>[/<org id>]    the chosen account; per org when the org is known
//   budget/<client_id>                     Zoho's login and refresh budget, shared by every caller
//   handouts/<client_id>/<dc>              the web sites a token was handed out to
//   requests/<caller>/<client_id>/<dc>     the CRM calls made for web sites, per caller like the token
//
// No part is empty or holds '/': callers are "chromium:<id>" or "firefox:<id>" (app/caller.cpp), client IDs
// hold A-Z a-z 0-9 . _ - and data centres are a fixed list (protocol/fields.cpp), org IDs are digits
// (protocol/parse.cpp), installation IDs hold A-Z a-z 0-9 - _ (protocol/fields.cpp). So one name never reads
// as another.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zcrm::records {

enum class RecordKind { kToken, kAccount, kBudget, kHandouts, kRequests };

struct RecordName {
  RecordKind kind = RecordKind::kToken;
  std::string caller;                       // token and requests only
  std::string client_id;                    // every kind
  std::string dc;                           // every kind but budget
  std::optional<std::string> org;           // account only, and only for one org's choice
  std::optional<std::string> installation;  // token only: the browser profile that holds it, when named

  static RecordName Token(std::string caller, std::string client_id, std::string dc,
                          std::optional<std::string> installation = std::nullopt);
  static RecordName Account(std::string client_id, std::string dc, std::optional<std::string> org);
  static RecordName Budget(std::string client_id);
  static RecordName Handouts(std::string client_id, std::string dc);
  static RecordName Requests(std::string caller, std::string client_id, std::string dc);

  std::string Format() const;

  // nullopt for anything Format would not have written: an unknown kind, the wrong number of parts, an empty
  // part, an org ID that is not digits. The vault's own check record is such a name.
  static std::optional<RecordName> Parse(std::string_view name);

  // The prefix every name of this kind starts with ("token/"), to list one kind.
  static std::string_view Prefix(RecordKind kind);

  bool operator==(const RecordName&) const = default;
};

}  // namespace zcrm::records
