#include "store/index_key.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "store/sodium_init.hpp"

namespace zcrm::store {
namespace {

constexpr char kIndexContext[crypto_kdf_CONTEXTBYTES + 1] = "zcrmidx1";

std::uint64_t SubkeyId(std::string_view caller, std::string_view index_id) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(caller.data()), caller.size());
  const unsigned char separator = '\n';
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(index_id.data()), index_id.size());
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::uint64_t id = 0;
  for (int i = 7; i >= 0; --i) id = (id << 8) | digest[static_cast<std::size_t>(i)];
  return id;
}

}  // namespace

SecretKey DeriveIndexKey(const VaultKeys& keys, std::string_view caller, std::string_view index_id) {
  EnsureSodium();
  SecretKey out;
  crypto_kdf_derive_from_key(out.bytes().data(), SecretKey::kSize, SubkeyId(caller, index_id), kIndexContext,
                             keys.index.bytes().data());
  return out;
}

std::string KeyToBase64(const SecretKey& key) {
  constexpr auto kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::array<char, sodium_base64_ENCODED_LEN(SecretKey::kSize, kVariant)> text{};
  sodium_bin2base64(text.data(), text.size(), key.bytes().data(), SecretKey::kSize, kVariant);
  std::string out(text.data());
  sodium_memzero(text.data(), text.size());
  return out;
}

}  // namespace zcrm::store
