#include "store/secret_key.hpp"

#include <sodium.h>

#include <new>
#include <utility>

#include "error/host_error.hpp"
#include "store/sodium_init.hpp"

namespace zcrm::store {

void EnsureSodium() {
  // sodium_init is itself safe to call repeatedly; the static only saves the call and makes failure sticky.
  static const int status = sodium_init();
  if (status < 0) throw HostError(ErrorCode::kInternal, "libsodium could not be initialised");
}

SecretKey::SecretKey() {
  EnsureSodium();
  // Guarded pages catch overruns and the memory is mlock'ed, so the key is never swapped to disk.
  data_ = static_cast<std::uint8_t*>(sodium_malloc(kSize));
  if (data_ == nullptr) throw std::bad_alloc();
}

SecretKey::SecretKey(SecretKey&& other) noexcept : data_(std::exchange(other.data_, nullptr)) {}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
  }
  return *this;
}

SecretKey::~SecretKey() {
  if (data_ != nullptr) sodium_free(data_);  // sodium_free zeroes the bytes before unmapping
}

SecretKey SecretKey::Random() {
  SecretKey key;
  randombytes_buf(key.data_, kSize);
  return key;
}

std::span<std::uint8_t, SecretKey::kSize> SecretKey::bytes() {
  return std::span<std::uint8_t, kSize>(data_, kSize);
}

std::span<const std::uint8_t, SecretKey::kSize> SecretKey::bytes() const {
  return std::span<const std::uint8_t, kSize>(data_, kSize);
}

}  // namespace zcrm::store
