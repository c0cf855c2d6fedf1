// The vault key in the Secret Service (GNOME Keyring, KWallet), through the zcrm-bridge-keyring helper
// program (host/keyring_helper). The key crosses only the helper's stdin/stdout pipes
// (store/posix/keyring.cpp). On Windows the same interface seals the key with DPAPI for the current user
// (store/windows/keyring.cpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "keyring_contract/keyring_contract.hpp"
#include "store/secret_key.hpp"

namespace zcrm::store {

// The helper's exit codes: host/keyring_helper/main.cpp exits with these.
namespace keyring_exit = keyring_contract::exit_code;

// Identifies one key: the state folder it opens and a random ID per key, so the key of a vault moved aside by
// `reset` is not overwritten by the next one.
struct KeyringItem {
  std::string vault;
  std::string key_id;
};

class Keyring {
 public:
  // D-Bus activation of a keyring daemon takes a second or two; a helper still running after this is stuck
  // (e.g. on a prompt nobody sees) and is killed.
  static constexpr std::chrono::milliseconds kDefaultTimeout{10000};

  // helper empty: zcrm-bridge-keyring next to the running program.
  explicit Keyring(std::filesystem::path helper = {}, std::chrono::milliseconds timeout = kDefaultTimeout);

  // Whether a session bus is configured at all ($DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus). Costs no
  // process, so hosts without a desktop session never start the helper.
  static bool SessionBusConfigured();

  // A Secret Service answers. Never throws.
  bool Available() const;
  // nullopt when the keyring has no such item. KEYRING_UNAVAILABLE when no Secret Service answers, the
  // keyring is locked, or the helper fails.
  std::optional<SecretKey> Lookup(const KeyringItem& item) const;
  // Stores (or replaces) the item. KEYRING_UNAVAILABLE on any failure.
  void Store(const KeyringItem& item, const SecretKey& key) const;
  // true when an item was removed. KEYRING_UNAVAILABLE on any failure.
  bool Clear(const KeyringItem& item) const;

  const std::filesystem::path& helper() const { return helper_; }

 private:
  std::filesystem::path helper_;
  std::chrono::milliseconds timeout_;
};

}  // namespace zcrm::store
