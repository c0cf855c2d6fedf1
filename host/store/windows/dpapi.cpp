#include "store/windows/dpapi.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "error/host_error.hpp"
#include "store/windows/windows_api.hpp"

namespace zcrm::store::win {
namespace {

// Binds the blob to this purpose: a blob sealed by another program for the same user does not unseal as a
// vault key (DPAPI's optional entropy).
constexpr char kPurpose[] = "zcrm-bridge vault key v1";

DATA_BLOB Purpose() {
  return {static_cast<DWORD>(sizeof kPurpose - 1), reinterpret_cast<BYTE*>(const_cast<char*>(kPurpose))};
}

// LocalFree's the output DATA_BLOB, wiping it first when it held the clear key.
class OutputBlob {
 public:
  explicit OutputBlob(bool secret) : secret_(secret) {}
  OutputBlob(const OutputBlob&) = delete;
  OutputBlob& operator=(const OutputBlob&) = delete;
  ~OutputBlob() {
    if (blob.pbData == nullptr) return;
    if (secret_) sodium_memzero(blob.pbData, blob.cbData);
    ::LocalFree(blob.pbData);
  }
  DATA_BLOB blob{};

 private:
  bool secret_;
};

}  // namespace

std::vector<std::uint8_t> SealForUser(const SecretKey& key) {
  DATA_BLOB in{static_cast<DWORD>(SecretKey::kSize), const_cast<BYTE*>(key.bytes().data())};
  DATA_BLOB purpose = Purpose();
  OutputBlob out(/*secret=*/false);
  // UI_FORBIDDEN: a host started by a browser has nobody to answer a prompt.
  if (!::CryptProtectData(&in, L"zcrm-bridge vault key", &purpose, nullptr, nullptr,
                          CRYPTPROTECT_UI_FORBIDDEN, &out.blob)) {
    throw HostError(ErrorCode::kKeyringUnavailable,
                    "Windows could not protect the vault key for this user (DPAPI error " +
                        std::to_string(::GetLastError()) + ").");
  }
  return {out.blob.pbData, out.blob.pbData + out.blob.cbData};
}

SecretKey UnsealForUser(std::span<const std::uint8_t> blob) {
  DATA_BLOB in{static_cast<DWORD>(blob.size()), const_cast<BYTE*>(blob.data())};
  DATA_BLOB purpose = Purpose();
  OutputBlob out(/*secret=*/true);
  if (!::CryptUnprotectData(&in, nullptr, &purpose, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out.blob)) {
    throw HostError(ErrorCode::kKeyMismatch,
                    "The protected vault key cannot be opened by this Windows user (DPAPI error " +
                        std::to_string(::GetLastError()) + "); run `zcrm-bridge reset` to start over.");
  }
  if (out.blob.cbData != SecretKey::kSize) {
    throw HostError(ErrorCode::kKeyMismatch,
                    "The protected vault key has the wrong size; run `zcrm-bridge reset` to start over.");
  }
  SecretKey key;
  std::copy_n(out.blob.pbData, SecretKey::kSize, key.bytes().begin());
  return key;
}

}  // namespace zcrm::store::win
