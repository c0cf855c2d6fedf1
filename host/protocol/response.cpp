#include "protocol/response.hpp"

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

std::string ErrorResponse(const nlohmann::json& id, const HostError& error) {
  std::string message = error.what();
  if (message.size() > kMaxMessageBytes) {
    // Cut and append in place: `substr(...) + "…"` gave GCC 12 a false -Warray-bounds once inlined.
    message.resize(kMaxMessageBytes);
    message.append("…");
  }
  nlohmann::json err = {{"code", std::string(ErrorCodeName(error.code()))}, {"message", message}};
  if (error.retry_after_ms()) err["retry_after_ms"] = *error.retry_after_ms();
  return Dump({{"id", id}, {"ok", false}, {"error", std::move(err)}});
}

std::string OkResponse(const nlohmann::json& id, const nlohmann::json& fields) {
  nlohmann::json out = {{"id", id}, {"ok", true}};
  for (const auto& [key, value] : fields.items()) {
    if (key != "id" && key != "ok") out[key] = value;
  }
  std::string body = Dump(out);
  if (body.size() > kMaxResponseBytes) {
    return ErrorResponse(id, HostError(ErrorCode::kResponseTooLarge,
                                       "The answer would be larger than the 1 MiB a browser accepts."));
  }
  return body;
}

}  // namespace zcrm::protocol
