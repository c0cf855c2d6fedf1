// Windows' keyring for the vault key: DPAPI (CryptProtectData) sealed to the current user, in place of the
// Secret Service on Linux. Only a process running as the same Windows user, on this machine or with the
// user's roaming credentials, can unseal the blob; the blob itself may sit in the state folder.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "store/secret_key.hpp"

namespace zcrm::store::win {

// The key sealed for the current user. KEYRING_UNAVAILABLE when DPAPI refuses (no user profile loaded).
std::vector<std::uint8_t> SealForUser(const SecretKey& key);

// The key back from SealForUser's blob. KEY_MISMATCH when the blob is damaged, was sealed by another user, or
// does not hold a key of SecretKey::kSize bytes; the clear bytes are wiped before anything is thrown.
SecretKey UnsealForUser(std::span<const std::uint8_t> blob);

}  // namespace zcrm::store::win
