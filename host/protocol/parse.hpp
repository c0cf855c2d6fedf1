// Frame body -> envelope -> typed request. Every rejection is a HostError naming what is wrong.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "protocol/limits.hpp"
#include "protocol/messages.hpp"

namespace zcrm::protocol {

struct Envelope {
  nlohmann::json id;  // null until a valid id was read; echoed in the answer
  nlohmann::json body;
};

// Fills envelope.id as soon as it is known, so an error thrown later can still be answered with that id.
// Throws HostError INVALID_JSON (empty, not UTF-8 JSON, too deep) or BAD_REQUEST (not an object, bad id).
void ParseEnvelope(std::string_view frame, Envelope& envelope);

// Throws BAD_REQUEST (missing type, bad fields) or UNKNOWN_TYPE.
Request ParseRequest(const nlohmann::json& body);

}  // namespace zcrm::protocol
