// request.record's entries: the CRM calls the extension made for web apps. Each field is checked on its own
// so that nothing but an origin, a method, a path template, a status and an error code can reach the log.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/fields.hpp"
#include "protocol/messages.hpp"

namespace zcrm::protocol {

// The longest CRM API path a web app needs (module, record, related list, sub-resource) is far shorter; a
// bound keeps the log small.
inline constexpr std::size_t kMaxCrmPathLength = 512;
// The codes a page gets (FORBIDDEN, ZOHO_BUSY, SIGN_IN_NEEDED, ...) are short names, never messages.
inline constexpr std::size_t kMaxRequestCodeLength = 64;

// Reads request["entries"] (1 to kMaxRequestBatch objects). Throws BAD_REQUEST naming the field, e.g.
// entries.1.path, without quoting its value: a refused path may hold exactly what must not be logged.
std::vector<RequestEntry> ReadRequestEntries(const Fields& request);

// Replaces every path segment made only of digits with {id}. Zoho record IDs are long digit strings; one must
// never land in the log, even when the extension forgot to template it.
std::string TemplateIds(std::string_view path);

}  // namespace zcrm::protocol
