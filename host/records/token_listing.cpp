#include "records/token_listing.hpp"

#include <nlohmann/json.hpp>

#include "records/token_record.hpp"

namespace zcrm::records {

nlohmann::json TokenListEntry(const RecordName& name, const nlohmann::json& stored, std::int64_t now_ms) {
  auto entry = PublicJson(TokenFromJson(stored), now_ms);
  entry["caller"] = name.caller;
  if (name.installation) entry["installation"] = *name.installation;
  return entry;
}

}  // namespace zcrm::records
