// Where the vault key lives: the file <root>/key (32 bytes, 0600), or the Secret Service, with the file
// <root>/key.keyring (not secret) naming the keyring item. Moving between the two keeps the same key, so
// every record still opens.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "store/secret_key.hpp"

namespace zcrm::store {

enum class KeyPlace { kFile, kKeyring };

// The files in the state folder that hold the key, or name its keyring item.
inline constexpr const char* kKeyFileName = "key";
inline constexpr const char* kKeyringMarkerName = "key.keyring";
// config.json "key_store": where a new vault's key goes. auto: the keyring when a Secret Service answers.
enum class KeyPreference { kAuto, kFile, kKeyring };

struct KeyStoreOptions {
  std::filesystem::path keyring_helper{};  // empty: zcrm-bridge-keyring next to the running program
  KeyPreference preference = KeyPreference::kAuto;
};

std::string_view KeyPlaceName(KeyPlace place);  // "file", "keyring"
// "auto", "file", "keyring"; nullopt for anything else.
std::optional<KeyPreference> ParseKeyPreference(std::string_view text);

// Where root's key is, from the files alone (no process is started); nullopt when there is no key yet. When
// both files exist (a move was cut short) the key file is the one in use.
std::optional<KeyPlace> FindKey(const std::filesystem::path& root);

// The key from where FindKey says; nullopt when there is none. KEY_UNSAFE (key file), KEYRING_UNAVAILABLE,
// KEY_MISMATCH (the keyring no longer has the item, or <root>/key.keyring is damaged).
std::optional<SecretKey> LoadKey(const std::filesystem::path& root, const KeyStoreOptions& options);

// First start; the caller holds the state lock and has just seen that no key exists. Creates a random key
// where options.preference says; with kKeyring and no Secret Service, KEYRING_UNAVAILABLE and nothing is
// created.
SecretKey CreateKey(const std::filesystem::path& root, const KeyStoreOptions& options);

// Puts key, which opens root's vault, at `to` and removes it from the other place, in an order where a crash
// at any point leaves a usable key. The caller holds the state lock. false when it was already there alone.
bool MoveKey(const std::filesystem::path& root, const SecretKey& key, KeyPlace to,
             const KeyStoreOptions& options);

}  // namespace zcrm::store
