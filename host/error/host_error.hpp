// The one exception type every layer throws; the session turns it into a single error frame.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zcrm {

// Mirrors the append-only table in docs/PROTOCOL.md; never renumber or reuse.
enum class ErrorCode {
  kBadFrame = 1,
  kFrameTooLarge = 2,
  kInvalidJson = 3,
  kBadRequest = 4,
  kUnknownType = 5,
  kForbidden = 6,
  kNoToken = 7,
  kTokenExpired = 8,
  kRateLimited = 9,
  kVaultCorrupt = 10,
  kKeyMismatch = 11,
  kKeyUnsafe = 12,
  kStateUnavailable = 13,
  kLockTimeout = 14,
  kConfigInvalid = 15,
  kResponseTooLarge = 16,
  kInternal = 17,
  kKeyringUnavailable = 18,
  kZohoBlocked = 19,
};

constexpr std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadFrame:
      return "BAD_FRAME";
    case ErrorCode::kFrameTooLarge:
      return "FRAME_TOO_LARGE";
    case ErrorCode::kInvalidJson:
      return "INVALID_JSON";
    case ErrorCode::kBadRequest:
      return "BAD_REQUEST";
    case ErrorCode::kUnknownType:
      return "UNKNOWN_TYPE";
    case ErrorCode::kForbidden:
      return "FORBIDDEN";
    case ErrorCode::kNoToken:
      return "NO_TOKEN";
    case ErrorCode::kTokenExpired:
      return "TOKEN_EXPIRED";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kVaultCorrupt:
      return "VAULT_CORRUPT";
    case ErrorCode::kKeyMismatch:
      return "KEY_MISMATCH";
    case ErrorCode::kKeyUnsafe:
      return "KEY_UNSAFE";
    case ErrorCode::kStateUnavailable:
      return "STATE_UNAVAILABLE";
    case ErrorCode::kLockTimeout:
      return "LOCK_TIMEOUT";
    case ErrorCode::kConfigInvalid:
      return "CONFIG_INVALID";
    case ErrorCode::kResponseTooLarge:
      return "RESPONSE_TOO_LARGE";
    case ErrorCode::kInternal:
      return "INTERNAL";
    case ErrorCode::kKeyringUnavailable:
      return "KEYRING_UNAVAILABLE";
    case ErrorCode::kZohoBlocked:
      return "ZOHO_BLOCKED";
  }
  return "INTERNAL";
}

class HostError : public std::runtime_error {
 public:
  HostError(ErrorCode code, const std::string& message, std::optional<std::int64_t> retry_after_ms = {})
      : std::runtime_error(message), code_(code), retry_after_ms_(retry_after_ms) {}

  ErrorCode code() const { return code_; }
  std::optional<std::int64_t> retry_after_ms() const { return retry_after_ms_; }

 private:
  ErrorCode code_;
  std::optional<std::int64_t> retry_after_ms_;
};

}  // namespace zcrm
