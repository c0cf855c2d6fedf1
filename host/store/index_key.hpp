// Keys for the extension's encrypted account-index cache (protocol `index.key`): one 32-byte key per caller
// and index id, derived from the vault key so it never has to be stored in the browser. A vault reset or a
// new vault key changes every index key, which makes the old caches undecryptable: the extension drops and
// resyncs them.
#pragma once

#include <string>
#include <string_view>

#include "store/record_codec.hpp"
#include "store/secret_key.hpp"

namespace zcrm::store {

// crypto_kdf_derive_from_key(context "zcrmidx1", subkey id = the first 8 bytes, little-endian, of BLAKE2b of
// caller "\n" index_id) under keys.index (itself subkey 3 of the vault key, context "zcrmvlt1").
SecretKey DeriveIndexKey(const VaultKeys& keys, std::string_view caller, std::string_view index_id);

// The key in standard base64 with padding (44 characters), as the protocol answers it.
std::string KeyToBase64(const SecretKey& key);

}  // namespace zcrm::store
