// What the host and its keyring helper program (host/keyring_helper) agree on across the helper's pipes: its
// exit codes and the size of the key it keeps. A part of its own, headers only, so the helper (which links no
// host code, and loads GLib only in its own process) and the store read the one definition.
#pragma once

#include <cstddef>

namespace zcrm::keyring_contract {

// The helper's exit codes.
namespace exit_code {
inline constexpr int kDone = 0;
inline constexpr int kNoItem = 2;
inline constexpr int kNoService = 3;
inline constexpr int kLocked = 4;
inline constexpr int kFailed = 5;
inline constexpr int kUsage = 64;
}  // namespace exit_code

// The vault key: 32 bytes (libsodium's crypto_kdf_KEYBYTES; store/record_codec.cpp checks it).
inline constexpr std::size_t kKeySize = 32;

}  // namespace zcrm::keyring_contract
