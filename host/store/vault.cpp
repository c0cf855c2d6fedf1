#include "store/vault.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "clock/wall_clock.hpp"
#include "error/host_error.hpp"
#include "store/index_key.hpp"
#include "store/posix_io.hpp"
#include "store/record_codec.hpp"
#include "store/record_files.hpp"
#include "store/sodium_init.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;
namespace {

// The check record proves the key opens this vault before anything is written with it. The leading NUL keeps
// it apart from every name a handler can build.
constexpr std::string_view kCheckName("\0check", 6);
constexpr std::string_view kCheckValue = "zcrm-bridge vault check v1";

[[noreturn]] void NothingStored(const fs::path& missing) {
  throw HostError(ErrorCode::kStateUnavailable,
                  "Nothing stored yet: " + missing.string() + " does not exist.");
}

[[noreturn]] void KeyMismatch(const std::string& why) {
  throw HostError(ErrorCode::kKeyMismatch,
                  why + "; run `zcrm-bridge reset` to start over (stored tokens are then forgotten).");
}

// How a refusal names each folder of the state; all are checked before anything in them is read or written.
constexpr std::string_view kStateFolder = "state folder";
constexpr std::string_view kVaultFolder = "vault folder";
constexpr std::string_view kDamagedFolder = "folder for damaged records";

// Creates root 0700 when allowed, then refuses a root that is not the user's own or that group or others can
// enter: they could read the key. false when root does not exist and may not be created.
bool PrepareRoot(const fs::path& root, bool create) {
  if (io::CheckPrivateDir(root, kStateFolder, io::Links::kFollow)) return true;
  if (!create) return false;
  if (root.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(root.parent_path(), ec);
    if (ec) io::ThrowIo("create the folder", root.parent_path(), ec.value());
  }
  io::MakePrivateDir(root);
  if (!io::CheckPrivateDir(root, kStateFolder, io::Links::kFollow)) io::ThrowIo("inspect", root, ENOENT);
  return true;
}

// Every write happens under the lock and takes milliseconds, and a waiter gives up after the lock timeout: a
// temp file this old is what a killed writer left behind (ciphertext only), never a write in progress.
constexpr auto kStaleTempAge = std::chrono::minutes(10);

void RemoveIfStaleTemp(const fs::path& dir, const std::string& file_name) {
  if (file_name.find(".tmp-") == std::string::npos) return;
  std::error_code ec;
  const auto written = fs::last_write_time(dir / file_name, ec);
  if (ec || fs::file_time_type::clock::now() - written < kStaleTempAge) return;
  fs::remove(dir / file_name, ec);  // best effort: another reader may have removed it first
}

bool HasRecordFiles(const fs::path& vault_dir) {
  bool found = false;
  RecordFiles::OnDisk(vault_dir).ForEach(
      [&](const std::string& name) { found = found || name.ends_with(kRecordSuffix); });
  return found;
}

}  // namespace

struct Vault::Impl {
  Impl(fs::path root_dir, VaultOptions opts, VaultKeys derived)
      : root(std::move(root_dir)), options(std::move(opts)), keys(std::move(derived)) {}

  fs::path root;
  KeyPlace key_place = KeyPlace::kFile;
  fs::path vault_dir = root / "vault";
  fs::path damaged_dir = root / "damaged";
  VaultOptions options;
  VaultKeys keys;
  RecordFiles files = RecordFiles::OnDisk(vault_dir);

  [[noreturn]] void Corrupt(const std::string& file_name, const std::string& damage) const {
    throw HostError(
        ErrorCode::kVaultCorrupt,
        "The stored record vault/" + file_name + " " + damage +
            "; it was left in place. `zcrm-bridge reset` starts over (stored tokens are then forgotten).");
  }

  // false when there is no check record yet; KEY_MISMATCH when it does not open with this key.
  bool VerifyCheck() const {
    const NameId id = IdOf(keys, kCheckName);
    const auto raw = files.Read(FileNameOf(id));
    if (!raw) return false;
    try {
      const Record check = DecodeRecord(keys, id, *raw);
      if (check.value == kCheckValue) return true;
    } catch (const RecordDamage&) {
    }
    KeyMismatch("The vault key (" + std::string(KeyPlaceName(key_place)) + ") does not open the vault in " +
                vault_dir.string());
  }

  void Store(std::string_view name, const nlohmann::json& value) {
    const NameId id = IdOf(keys, name);
    const std::string file_name = FileNameOf(id);
    const auto bytes = EncodeRecord(keys, id, name, value);
    files.Replace(file_name, bytes, [&] { MoveAsideIfDamaged(id, file_name); });
  }

  // A record that no longer authenticates may be the only copy of something worth recovering; keep it.
  void MoveAsideIfDamaged(const NameId& id, const std::string& file_name) const {
    if (files.in_memory()) return;  // nothing else writes there, so nothing can be damaged
    const fs::path path = vault_dir / file_name;
    const auto raw = io::ReadFileIfExists(path, kMaxRecordBytes);
    if (!raw) return;
    try {
      DecodeRecord(keys, id, *raw);
      return;
    } catch (const RecordDamage&) {
    }
    // Checked again here: a long-lived host opened the vault long ago, and the rename would follow a link.
    io::MakePrivateDir(damaged_dir);
    io::CheckPrivateDir(damaged_dir, kDamagedFolder, io::Links::kRefuse);
    const std::string base = file_name + "." + std::to_string(clock::NowMs());
    fs::path target = damaged_dir / base;
    for (int n = 1; io::Exists(target); ++n) target = damaged_dir / (base + "-" + std::to_string(n));
    if (const int err = io::RenameFile(path, target); err != 0)
      io::ThrowIo("move the damaged record", path, err);
    io::FsyncDir(damaged_dir);
  }
};

Vault::Vault(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

Vault Vault::Open(const fs::path& root, VaultOptions options) {
  fs::path missing;
  auto vault = OpenOrFindNothing(root, options, &missing);
  if (!vault) NothingStored(missing);
  return std::move(*vault);
}

std::optional<Vault> Vault::OpenExisting(const fs::path& root, VaultOptions options) {
  options.create = false;
  fs::path missing;
  return OpenOrFindNothing(root, options, &missing);
}

std::optional<Vault> Vault::OpenOrFindNothing(const fs::path& root_in, VaultOptions options,
                                              fs::path* missing) {
  EnsureSodium();
  const fs::path root = root_in.has_filename() ? root_in : root_in.parent_path();  // drop a trailing slash
  if (!PrepareRoot(root, options.create)) {
    *missing = root;
    return std::nullopt;
  }
  const fs::path vault_dir = root / "vault";
  if (options.create) io::MakePrivateDir(vault_dir);
  io::CheckPrivateDir(vault_dir, kVaultFolder, io::Links::kRefuse);
  io::CheckPrivateDir(root / "damaged", kDamagedFolder, io::Links::kRefuse);
  const std::string missing_key =
      "The vault key (" + (root / kKeyFileName).string() + ") is missing but records exist";

  // The lock is taken only for first-time setup, so an ordinary Open never waits for a writer.
  std::optional<FileLock> lock;
  std::optional<SecretKey> master = LoadKey(root, options.keys);
  if (!master && HasRecordFiles(vault_dir)) {
    // The key is always in place before the first record: records seen without it mean another host created
    // both after our look-up (a lost race), unless the key is still missing now.
    master = LoadKey(root, options.keys);
    if (!master) KeyMismatch(missing_key);
  }
  if (!master) {
    if (!options.create) {
      *missing = root / kKeyFileName;
      return std::nullopt;
    }
    lock.emplace(FileLock::Acquire(root / "lock", options.lock_timeout));
    master = LoadKey(root, options.keys);  // another process may have created it while we waited
    if (!master) {
      if (HasRecordFiles(vault_dir)) KeyMismatch(missing_key);
      master = CreateKey(root, options.keys);
    }
  }

  auto impl = std::make_unique<Impl>(root, options, DeriveKeys(*master));
  impl->key_place = FindKey(root).value_or(KeyPlace::kFile);
  if (!impl->VerifyCheck()) {
    const std::string no_check = "The vault in " + vault_dir.string() + " has records but no check record";
    if (!options.create) {
      if (HasRecordFiles(vault_dir)) KeyMismatch(no_check);
    } else {
      if (!lock) lock.emplace(FileLock::Acquire(root / "lock", options.lock_timeout));
      if (!impl->VerifyCheck()) {
        if (HasRecordFiles(vault_dir)) KeyMismatch(no_check);
        impl->Store(kCheckName, kCheckValue);
      }
    }
  }
  return Vault(std::move(impl));
}

Vault Vault::InMemory() {
  EnsureSodium();
  auto impl = std::make_unique<Impl>(fs::path(), VaultOptions{}, DeriveKeys(SecretKey::Random()));
  impl->files = RecordFiles::InMemory();
  impl->Store(kCheckName, kCheckValue);
  return Vault(std::move(impl));
}

FileLock Vault::Lock() const {
  if (impl_->files.in_memory()) return FileLock(-1);  // one process, one thread: nothing to wait for
  return FileLock::Acquire(impl_->root / "lock", impl_->options.lock_timeout);
}

std::optional<nlohmann::json> Vault::Read(std::string_view name) const {
  const NameId id = IdOf(impl_->keys, name);
  const std::string file_name = FileNameOf(id);
  auto raw = impl_->files.Read(file_name);
  if (!raw) return std::nullopt;
  try {
    return DecodeRecord(impl_->keys, id, *raw).value;
  } catch (const RecordDamage& damage) {
    impl_->Corrupt(file_name, damage.what());
  }
}

// The FileLock parameter is proof the caller holds the lock; its value is not needed.
void Vault::Write(const FileLock& /*held*/, std::string_view name, const nlohmann::json& value) {
  if (name == kCheckName) throw HostError(ErrorCode::kInternal, "The vault check record cannot be written.");
  impl_->Store(name, value);
}

bool Vault::Remove(const FileLock& /*held*/, std::string_view name) {
  if (name == kCheckName) throw HostError(ErrorCode::kInternal, "The vault check record cannot be removed.");
  return impl_->files.Remove(FileNameOf(IdOf(impl_->keys, name)));
}

Vault::Listing Vault::List(std::string_view prefix) const {
  Listing listing;
  impl_->files.ForEach([&](const std::string& file_name) {
    if (!file_name.ends_with(kRecordSuffix)) {
      RemoveIfStaleTemp(impl_->vault_dir, file_name);  // never in memory: no temp files there
      return;
    }
    const std::optional<NameId> id = IdFromFileName(file_name);
    if (!id) {
      ++listing.damaged;
      return;
    }
    auto raw = impl_->files.Read(file_name);
    if (!raw) return;  // removed since the folder was read
    try {
      Record record = DecodeRecord(impl_->keys, *id, *raw);
      if (record.name != kCheckName && record.name.starts_with(prefix)) {
        listing.records.emplace_back(std::move(record.name), std::move(record.value));
      }
    } catch (const RecordDamage&) {
      ++listing.damaged;
    }
  });
  std::sort(listing.records.begin(), listing.records.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return listing;
}

const fs::path& Vault::root() const {
  return impl_->root;
}

KeyPlace Vault::key_place() const {
  return impl_->key_place;
}

SecretKey Vault::IndexKey(std::string_view caller, std::string_view index_id) const {
  return DeriveIndexKey(impl_->keys, caller, index_id);
}

bool Vault::MoveKey(KeyPlace to) {
  if (impl_->files.in_memory())
    throw HostError(ErrorCode::kInternal, "An in-memory vault has no key to move.");
  const FileLock held = Lock();
  // Loaded again under the lock: another process may have moved it since this vault was opened.
  std::optional<SecretKey> master = LoadKey(impl_->root, impl_->options.keys);
  if (!master) KeyMismatch("The vault key is missing");
  Impl check(impl_->root, impl_->options, DeriveKeys(*master));
  check.key_place = FindKey(impl_->root).value_or(KeyPlace::kFile);
  check.VerifyCheck();
  const bool moved = store::MoveKey(impl_->root, *master, to, impl_->options.keys);
  impl_->key_place = to;
  return moved;
}

}  // namespace zcrm::store
