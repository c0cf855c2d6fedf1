#include "protocol/response.hpp"

#include <string>
#include <utility>

namespace zcrm::protocol {
namespace {

std::string Dump(const nlohmann::json& j) {
  // Stored strings were validated as UTF-8 on the way in; replace rather than throw if that ever fails.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

// Messages are sentences; a longer one came from somewhere it should not have, and must not push the answer
// over the frame limit.
constexpr std::size_t kMaxMessageBytes = 1024;

// Written out directly rather than through a JSON object: almost every hostile frame ends here, and building
// and sorting a three-level object was about a sixth of the request fuzzer's time. The bytes are the ones
// nlohmann's dump of that object gives (keys in its sorted order), which protocol_response_test checks.
std::string ErrorResponse(const nlohmann::json& id, const HostError& error) {
  std::string message = error.what();
  if (message.size() > kMaxMessageBytes) {
    // Cut and append in place: `substr(...) + "…"` gave GCC 12 a false -Warray-bounds once inlined.
    message.resize(kMaxMessageBytes);
    message.append("…");
  }
  std::string out = R"({"error":{"code":")";
  out += ErrorCodeName(error.code());  // A-Z and _ only: nothing to escape
  out += R"(","message":)";
  out += Dump(nlohmann::json(std::move(message)));
  if (error.retry_after_ms()) out += R"(,"retry_after_ms":)" + std::to_string(*error.retry_after_ms());
  out += R"(},"id":)";
  out += Dump(id);
  out += R"(,"ok":false})";
  return out;
}

std::string OkResponse(const nlohmann::json& id, nlohmann::json fields) {
  // The handler's own object gets id and ok (overriding any it had): no copy of every field.
  nlohmann::json out = std::move(fields);
  out["id"] = id;
  out["ok"] = true;
  std::string body = Dump(out);
  if (body.size() > kMaxResponseBytes) {
    return ErrorResponse(id, HostError(ErrorCode::kResponseTooLarge,
                                       "The answer would be larger than the 1 MiB a browser accepts."));
  }
  return body;
}

}  // namespace zcrm::protocol
