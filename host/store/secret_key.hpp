// 32-byte keys in sodium_malloc'd memory (guarded, locked, wiped on free).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "keyring_contract/keyring_contract.hpp"

namespace zcrm::store {

class SecretKey {
 public:
  static constexpr std::size_t kSize = keyring_contract::kKeySize;

  SecretKey();  // uninitialised bytes in guarded memory; throws std::bad_alloc
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  ~SecretKey();

  static SecretKey Random();

  std::span<std::uint8_t, kSize> bytes();
  std::span<const std::uint8_t, kSize> bytes() const;

 private:
  std::uint8_t* data_ = nullptr;
};

}  // namespace zcrm::store
