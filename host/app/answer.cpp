#include "app/answer.hpp"

#include <new>

#include "clock/wall_clock.hpp"
#include "error/host_error.hpp"
#include "handlers/dispatch.hpp"
#include "protocol/parse.hpp"
#include "protocol/response.hpp"

namespace zcrm::app {
Responder::Responder(std::optional<Caller> caller, std::filesystem::path state_dir)
    : caller_(std::move(caller)), state_dir_(std::move(state_dir)) {
  try {
    config_ = LoadConfig(state_dir_);
    context_.settings = config_->settings;
  } catch (const HostError& e) {
    config_error_ = e;
  }
  context_.caller = caller_ ? caller_->Key() : "";
  context_.now_ms = clock::NowMs;
  context_.vault = [this]() -> store::Vault& { return OpenVault(); };
}

store::Vault& Responder::OpenVault() {
  if (!vault_)
    vault_.emplace(
        store::Vault::Open(state_dir_, {.keys = {.preference = config_->key_store}, .create = true}));
  return *vault_;
}

std::string Responder::Answer(std::string_view frame) {
  protocol::Envelope envelope;
  try {
    protocol::ParseEnvelope(frame, envelope);
    if (!config_) throw *config_error_;
    if (!caller_) {
      throw HostError(ErrorCode::kForbidden, "The host could not tell which extension started it.");
    }
    if (!IsAllowed(*caller_, config_->allowed_extensions)) {
      throw HostError(ErrorCode::kForbidden,
                      "Extension '" + caller_->id +
                          "' is not allowed to use zcrm-bridge; reinstall with the installer "
                          "or add it to allowed_extensions.");
    }
    auto request = protocol::ParseRequest(envelope.body);
    return protocol::OkResponse(envelope.id, handlers::Dispatch(context_, request));
  } catch (const HostError& e) {
    return protocol::ErrorResponse(envelope.id, e);
  } catch (const std::bad_alloc&) {
    return protocol::ErrorResponse(envelope.id,
                                   HostError(ErrorCode::kInternal, "The host ran out of memory."));
  } catch (const std::exception& e) {
    return protocol::ErrorResponse(
        envelope.id, HostError(ErrorCode::kInternal, std::string("Unexpected failure: ") + e.what()));
  }
}

}  // namespace zcrm::app
