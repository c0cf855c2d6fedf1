// The encrypted store: one XChaCha20-Poly1305 record per name under <root>/vault, written atomically and
// serialized across processes by a file lock. Every failure is a HostError with the protocol's code.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/file_lock.hpp"
#include "store/key_store.hpp"
#include "store/secret_key.hpp"

namespace zcrm::store {

struct VaultOptions {
  // Where a new key goes and how the keyring is reached (store/key_store.hpp).
  KeyStoreOptions keys{};
  // A stuck process must not deadlock the others; 5 s is far beyond any real write.
  std::chrono::milliseconds lock_timeout{5000};
  // false: never create the state dir or key (CLI read-only commands, doctor).
  bool create = true;
};

class Vault {
 public:
  // Opens root (mode 0700, created when absent and options.create), its key (in the key file or the keyring;
  // 32 random bytes created where options.keys says when absent and no record exists yet) and the vault
  // folder. Throws HostError: KEY_UNSAFE (key, root, vault/ or damaged/ readable by group/others or owned by
  // another user; a symbolic link in place of the key, vault/, damaged/, a record or the lock; key of the
  // wrong size), KEY_MISMATCH (the key does not open the vault's check record, or the key is missing while
  // records exist), KEYRING_UNAVAILABLE, STATE_UNAVAILABLE (I/O).
  // With options.create false and nothing stored yet (no state folder, or neither key nor records), throws
  // STATE_UNAVAILABLE "Nothing stored yet: …"; OpenExisting says so as a value instead.
  static Vault Open(const std::filesystem::path& root, VaultOptions options = {});

  // Open without creating anything (options.create is ignored): nullopt when nothing is stored yet, so a
  // caller tells a fresh install from a failure without reading the message. Every other failure throws as
  // Open does.
  static std::optional<Vault> OpenExisting(const std::filesystem::path& root, VaultOptions options = {});

  // A vault whose record files live in this process's memory under a fresh random key: no state folder, key
  // file or lock file. Records are encoded and authenticated as on disk. For the fuzz target, which must run
  // the handlers at memory speed; root() is empty and MoveKey refuses.
  static Vault InMemory();

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();

  // Takes the cross-process lock (flock on <root>/lock), waiting at most lock_timeout: LOCK_TIMEOUT.
  FileLock Lock() const;

  // nullopt when no record has that name. VAULT_CORRUPT when it fails authentication or is truncated; the
  // file is left where it is.
  std::optional<nlohmann::json> Read(std::string_view name) const;

  // Atomic replace: temp file, fsync, rename, fsync of the folder. A present record that no longer
  // authenticates is moved to <root>/damaged/ first, never overwritten. STATE_UNAVAILABLE on I/O failure
  // (disk full, read-only); the previous record is then intact.
  void Write(const FileLock& held, std::string_view name, const nlohmann::json& value);

  // true when a record was removed.
  bool Remove(const FileLock& held, std::string_view name);

  // Every record whose name starts with prefix, as (name, value). Damaged records are skipped and counted.
  struct Listing {
    std::vector<std::pair<std::string, nlohmann::json>> records;
    int damaged = 0;
  };
  Listing List(std::string_view prefix) const;

  const std::filesystem::path& root() const;

  // Where the key was found when the vault was opened.
  KeyPlace key_place() const;

  // The key of one account-index cache of this caller (store/index_key.hpp), derived from the vault key.
  SecretKey IndexKey(std::string_view caller, std::string_view index_id) const;

  // Moves the key to `to` under the lock, after checking it still opens this vault; the records are
  // untouched. false when it was already there.
  bool MoveKey(KeyPlace to);

  // Moves key (or key.keyring; the keyring item itself stays, so a reset can be undone), vault and damaged
  // records into <root>/reset-<UTC timestamp>/ (mode 0700) and returns that folder.
  static std::filesystem::path Reset(const std::filesystem::path& root);

 private:
  struct Impl;
  explicit Vault(std::unique_ptr<Impl> impl);
  // Open's work; nullopt, with what is missing in *missing, where Open without create finds nothing stored.
  static std::optional<Vault> OpenOrFindNothing(const std::filesystem::path& root, VaultOptions options,
                                                std::filesystem::path* missing);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zcrm::store
