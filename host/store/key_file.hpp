// The master key file <root>/key: exactly 32 random bytes, mode 0600, never readable by group or others.
#pragma once

#include <filesystem>
#include <optional>

#include "store/secret_key.hpp"

namespace zcrm::store {

// nullopt when the file does not exist. KEY_UNSAFE when group/others have any permission on it, it is not a
// regular file, or it is not exactly 32 bytes; STATE_UNAVAILABLE on I/O errors.
std::optional<SecretKey> ReadKeyFile(const std::filesystem::path& path);

// Writes a fresh random key to path (temp file O_CREAT|O_EXCL 0600, fsync, rename) and returns it. The caller
// holds the state lock and has just seen that path does not exist.
SecretKey CreateKeyFile(const std::filesystem::path& path);

// Writes key to path the same way (a key moved out of the keyring).
void WriteKeyFile(const std::filesystem::path& path, const SecretKey& key);

// Overwrites the key file with zeros, fsyncs, then removes it (a key moved into the keyring). Overwriting is
// a best effort: a copy-on-write file system or an earlier backup may still hold the old blocks. false when
// absent.
bool RemoveKeyFile(const std::filesystem::path& path);

}  // namespace zcrm::store
