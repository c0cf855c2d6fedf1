// The on-disk record: "ZCRB" | version 1 | 24-byte nonce | XChaCha20-Poly1305 ciphertext and tag, with file
// names derived from a keyed hash so a listing of vault/ reveals no client IDs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/secret_key.hpp"

namespace zcrm::store {

inline constexpr std::string_view kRecordSuffix = ".zcb";
// Real records are a few KiB; the bound keeps a planted huge file from exhausting memory.
inline constexpr std::size_t kMaxRecordBytes = 8 * 1024 * 1024;

// Subkeys of the master key, so the naming hash and the cipher never share key material.
struct VaultKeys {
  SecretKey aead;
  SecretKey naming;
  SecretKey
      index;  // root of the keys handed to the extension for its account-index cache (store/index_key.hpp)
};
VaultKeys DeriveKeys(const SecretKey& master);

// 16-byte keyed BLAKE2b of a record's logical name.
using NameId = std::array<std::uint8_t, 16>;
NameId IdOf(const VaultKeys& keys, std::string_view name);
std::string FileNameOf(const NameId& id);                          // "<32 hex>.zcb"
std::optional<NameId> IdFromFileName(std::string_view file_name);  // nullopt for anything else

// Why a record file could not be used; what() completes "The record <file> ...".
class RecordDamage : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Record {
  std::string name;
  nlohmann::json value;
};

// Encrypts {"name": name, "value": value} under a fresh random nonce. HostError INTERNAL if value cannot be
// serialised (invalid UTF-8).
std::vector<std::uint8_t> EncodeRecord(const VaultKeys& keys, const NameId& id, std::string_view name,
                                       const nlohmann::json& value);

// Authenticates and decrypts file, which must have been written for id. Throws RecordDamage.
Record DecodeRecord(const VaultKeys& keys, const NameId& id, std::span<const std::uint8_t> file);

}  // namespace zcrm::store
