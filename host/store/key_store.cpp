#include "store/key_store.hpp"

#include <sodium.h>

#include <array>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <string>

#include "error/host_error.hpp"
#include "store/atomic_file.hpp"
#include "store/key_file.hpp"
#include "store/keyring.hpp"
#include "store/posix_io.hpp"
#include "store/sodium_init.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;
namespace {

// The marker is a few hundred bytes; anything far larger is not ours.
constexpr std::size_t kMaxMarkerBytes = 64 * 1024;

[[noreturn]] void BadMarker(const fs::path& marker, const std::string& problem) {
  throw HostError(ErrorCode::kKeyMismatch, "The keyring marker " + marker.string() + " " + problem +
                                               "; run `zcrm-bridge reset` to start over.");
}

std::optional<KeyringItem> ReadMarker(const fs::path& root) {
  const fs::path marker = root / kKeyringMarkerName;
  const auto raw = io::ReadFileIfExists(marker, kMaxMarkerBytes);
  if (!raw) return std::nullopt;
  const auto doc = nlohmann::json::parse(raw->begin(), raw->end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("vault") || !doc["vault"].is_string() || !doc.contains("key_id") ||
      !doc["key_id"].is_string()) {
    BadMarker(marker, "is damaged");
  }
  return KeyringItem{doc["vault"].get<std::string>(), doc["key_id"].get<std::string>()};
}

void WriteMarker(const fs::path& root, const KeyringItem& item) {
  const std::string text =
      nlohmann::json{{"store", "secret-service"}, {"vault", item.vault}, {"key_id", item.key_id}}.dump() +
      "\n";
  ReplaceFile(root, kKeyringMarkerName, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

void RemoveMarker(const fs::path& root) {
  if (const int err = io::RemoveFile(root / kKeyringMarkerName); err != 0 && err != ENOENT) {
    io::ThrowIo("remove", root / kKeyringMarkerName, err);
  }
  io::FsyncDir(root);
}

KeyringItem NewItem(const fs::path& root) {
  EnsureSodium();
  std::array<unsigned char, 8> id{};
  randombytes_buf(id.data(), id.size());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), id.data(), id.size());
  return {fs::absolute(root).lexically_normal().string(), hex.data()};
}

// Stores key under item and reads it back: a Secret Service that accepted the item but cannot return it must
// not become the only place the key lives.
void StoreVerified(const Keyring& keyring, const KeyringItem& item, const SecretKey& key) {
  keyring.Store(item, key);
  const auto back = keyring.Lookup(item);
  if (!back || sodium_memcmp(back->bytes().data(), key.bytes().data(), SecretKey::kSize) != 0) {
    throw HostError(
        ErrorCode::kKeyringUnavailable,
        "The keyring accepted the vault key but did not return it; the key was left where it was.");
  }
}

}  // namespace

std::string_view KeyPlaceName(KeyPlace place) {
  return place == KeyPlace::kKeyring ? "keyring" : "file";
}

std::optional<KeyPreference> ParseKeyPreference(std::string_view text) {
  if (text == "auto") return KeyPreference::kAuto;
  if (text == "file") return KeyPreference::kFile;
  if (text == "keyring") return KeyPreference::kKeyring;
  return std::nullopt;
}

std::optional<KeyPlace> FindKey(const fs::path& root) {
  if (io::Exists(root / kKeyFileName)) return KeyPlace::kFile;
  if (io::Exists(root / kKeyringMarkerName)) return KeyPlace::kKeyring;
  return std::nullopt;
}

std::optional<SecretKey> LoadKey(const fs::path& root, const KeyStoreOptions& options) {
  if (auto key = ReadKeyFile(root / kKeyFileName)) return key;
  const auto item = ReadMarker(root);
  if (!item) return std::nullopt;
  auto key = Keyring(options.keyring_helper).Lookup(*item);
  if (!key) {
    throw HostError(ErrorCode::kKeyMismatch,
                    "The keyring has no vault key for " + item->vault +
                        " (was it deleted from the keyring?); run `zcrm-bridge reset` to start over.");
  }
  return key;
}

SecretKey CreateKey(const fs::path& root, const KeyStoreOptions& options) {
  const Keyring keyring(options.keyring_helper);
  bool use_keyring = options.preference == KeyPreference::kKeyring;
  if (options.preference == KeyPreference::kAuto) {
    use_keyring = Keyring::SessionBusConfigured() && keyring.Available();
  }
  if (!use_keyring) return CreateKeyFile(root / kKeyFileName);

  SecretKey key = SecretKey::Random();
  const KeyringItem item = NewItem(root);
  try {
    StoreVerified(keyring, item, key);
  } catch (const HostError&) {
    // auto promised a working host above all: a keyring that answers but refuses to store (e.g. its default
    // collection is locked) leaves the key in the file, as if there were no keyring. `status` shows which.
    if (options.preference == KeyPreference::kKeyring) throw;
    return CreateKeyFile(root / kKeyFileName);
  }
  WriteMarker(root, item);
  return key;
}

bool MoveKey(const fs::path& root, const SecretKey& key, KeyPlace to, const KeyStoreOptions& options) {
  const Keyring keyring(options.keyring_helper);
  const bool has_file = io::Exists(root / kKeyFileName);
  const auto marked = ReadMarker(root);
  if (to == KeyPlace::kKeyring) {
    if (!has_file && marked) return false;
    // Keyring first, then the marker, then the file goes: until the last step the file is the key in use.
    const KeyringItem item = marked ? *marked : NewItem(root);
    StoreVerified(keyring, item, key);
    WriteMarker(root, item);
    RemoveKeyFile(root / kKeyFileName);
    return true;
  }
  if (has_file && !marked) return false;
  // File first: from then on it is the key in use, and the marker and the item can go.
  if (!has_file) WriteKeyFile(root / kKeyFileName, key);
  RemoveMarker(root);
  if (marked) {
    try {
      keyring.Clear(*marked);
    } catch (const HostError&) {
      // The move is complete: the file holds the key. A keyring that cannot be reached keeps an unused item.
    }
  }
  return true;
}

}  // namespace zcrm::store
