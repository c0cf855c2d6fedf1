// One stored token as the lists of tokens show it (token.list, `zcrm-bridge status`): what PublicJson shows,
// plus the caller and the browser profile (installation) its record name says hold it. One place, so the two
// lists cannot drift apart.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "records/record_name.hpp"

namespace zcrm::records {

// `name` is the token record's parsed name, `stored` its value. Throws MalformedRecord as TokenFromJson does.
nlohmann::json TokenListEntry(const RecordName& name, const nlohmann::json& stored, std::int64_t now_ms);

}  // namespace zcrm::records
