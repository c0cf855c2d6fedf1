// Windows' keyring for the vault key (store/keyring.hpp): no helper program and no session bus, but the key
// sealed with DPAPI for the current user (store/windows/dpapi.hpp), kept as a file in the state folder named
// by the item's key ID. A copy of the folder taken to another account or machine holds only a blob that
// account cannot unseal.
#include "store/keyring.hpp"

#include <cerrno>
#include <string>

#include "error/host_error.hpp"
#include "store/atomic_file.hpp"
#include "store/posix_io.hpp"
#include "store/windows/dpapi.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;
namespace {

// A sealed key is a few hundred bytes; anything far larger is not ours.
constexpr std::size_t kMaxBlobBytes = 64 * 1024;

std::string BlobName(const KeyringItem& item) {
  return "vault-key-" + item.key_id + ".dpapi";
}

}  // namespace

// helper and timeout are the Secret Service helper's: DPAPI runs inside the host and does not wait on anyone.
Keyring::Keyring(fs::path helper, std::chrono::milliseconds timeout)
    : helper_(std::move(helper)), timeout_(timeout) {}

// Costs no process on any system; on Windows every logged-on user has DPAPI.
bool Keyring::SessionBusConfigured() {
  return true;
}

bool Keyring::Available() const {
  return true;
}

std::optional<SecretKey> Keyring::Lookup(const KeyringItem& item) const {
  const auto blob = io::ReadFileIfExists(fs::path(item.vault) / BlobName(item), kMaxBlobBytes);
  if (!blob) return std::nullopt;
  if (blob->size() > kMaxBlobBytes) {
    throw HostError(ErrorCode::kKeyMismatch, "The protected vault key in " + item.vault +
                                                 " is far too large; run `zcrm-bridge reset` to start over.");
  }
  return win::UnsealForUser(*blob);
}

void Keyring::Store(const KeyringItem& item, const SecretKey& key) const {
  const std::vector<std::uint8_t> blob = win::SealForUser(key);
  ReplaceFile(item.vault, BlobName(item), blob);
}

bool Keyring::Clear(const KeyringItem& item) const {
  const fs::path path = fs::path(item.vault) / BlobName(item);
  if (const int err = io::RemoveFile(path); err != 0) {
    if (err == ENOENT) return false;
    io::ThrowIo("remove", path, err);
  }
  return true;
}

}  // namespace zcrm::store
