// Everyday behaviour of the vault: records round-trip, are replaced, removed and listed, and nothing secret
// or identifying reaches the disk in the clear.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "store/vault.hpp"
#include "support/store_support.hpp"

namespace zcrm::store {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test_support::CodeOf;
using test_support::Slurp;
using test_support::TempRoot;

unsigned ModeOf(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0xFFFF;
  return st.st_mode & 07777;
}

TEST(StoreVault, RoundTripsSeveralRecords) {
  TempRoot tmp;
  const json token = {{"access_token", "1000.abc"}, {"expires_at", 1764343600000}, {"session", true}};
  const json account = {{"id", "4150868000000225013"}, {"name", "Zylker Inc"}};
  const json budget = json::array({1, 2, 3});
  {
    Vault vault = Vault::Open(tmp.root());
    const FileLock lock = vault.Lock();
    vault.Write(lock, "token:chromium:abc:1000.ABC:us", token);
    vault.Write(lock, "account:1000.ABC:us", account);
    vault.Write(lock, "budget:1000.ABC", budget);
  }
  const Vault reopened = Vault::Open(tmp.root());
  EXPECT_EQ(reopened.Read("token:chromium:abc:1000.ABC:us"), token);
  EXPECT_EQ(reopened.Read("account:1000.ABC:us"), account);
  EXPECT_EQ(reopened.Read("budget:1000.ABC"), budget);
}

TEST(StoreVault, ReadOfMissingNameIsNullopt) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  EXPECT_EQ(vault.Read("nothing-here"), std::nullopt);
  vault.Write(vault.Lock(), "something", 1);
  EXPECT_EQ(vault.Read("nothing-here"), std::nullopt);
}

TEST(StoreVault, WriteReplacesTheValue) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const FileLock lock = vault.Lock();
  vault.Write(lock, "name", "first");
  vault.Write(lock, "name", json{{"second", 2}});
  EXPECT_EQ(vault.Read("name"), (json{{"second", 2}}));
  EXPECT_EQ(vault.List("").records.size(), 1u);
}

TEST(StoreVault, RemoveDeletesAndReportsWhetherItExisted) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const FileLock lock = vault.Lock();
  vault.Write(lock, "gone", "soon");
  vault.Write(lock, "kept", "here");
  EXPECT_TRUE(vault.Remove(lock, "gone"));
  EXPECT_EQ(vault.Read("gone"), std::nullopt);
  EXPECT_FALSE(vault.Remove(lock, "gone"));
  EXPECT_EQ(vault.Read("kept"), json("here"));
}

TEST(StoreVault, ListReturnsPrefixMatchesSortedAndSkipsCheckRecord) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  EXPECT_TRUE(vault.List("").records.empty());  // the check record exists but is never listed
  const FileLock lock = vault.Lock();
  vault.Write(lock, "token:b", 2);
  vault.Write(lock, "account:x", 9);
  vault.Write(lock, "token:a", 1);
  const Vault::Listing tokens = vault.List("token:");
  ASSERT_EQ(tokens.records.size(), 2u);
  EXPECT_EQ(tokens.records[0], (std::pair<std::string, json>{"token:a", 1}));
  EXPECT_EQ(tokens.records[1], (std::pair<std::string, json>{"token:b", 2}));
  EXPECT_EQ(tokens.damaged, 0);
  EXPECT_EQ(vault.List("").records.size(), 3u);
  EXPECT_TRUE(vault.List("zzz").records.empty());
}

TEST(StoreVault, ListingRemovesTempFilesAKilledWriterLeftButNotFreshOnes) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path old_temp = tmp.root() / "vault" / "0123.zcb.tmp-aaaaaaaaaaaaaaaa";
  const fs::path fresh_temp = tmp.root() / "vault" / "4567.zcb.tmp-bbbbbbbbbbbbbbbb";
  std::ofstream(old_temp) << "ciphertext";
  std::ofstream(fresh_temp) << "ciphertext";
  fs::last_write_time(old_temp, fs::file_time_type::clock::now() - std::chrono::hours(1));
  EXPECT_TRUE(vault.List("").records.empty());
  EXPECT_FALSE(fs::exists(old_temp)) << "an hour-old temp file is left from a killed write";
  EXPECT_TRUE(fs::exists(fresh_temp)) << "a fresh temp file may be a write in progress";
}

TEST(StoreVault, CreatesRootMode0700AndKeyMode0600) {
  TempRoot tmp;
  const Vault vault = Vault::Open(tmp.root());
  EXPECT_EQ(ModeOf(tmp.root()), 0700u);
  EXPECT_EQ(ModeOf(tmp.root() / "key"), 0600u);
  EXPECT_EQ(ModeOf(tmp.root() / "vault"), 0700u);
  EXPECT_EQ(fs::file_size(tmp.root() / "key"), 32u);
  EXPECT_EQ(vault.root(), tmp.root());
}

TEST(StoreVault, NoEightByteWindowOfAStoredSecretAppearsInAnyFile) {
  TempRoot tmp;
  const std::string secret = "1000.7f3c9a1be04d5c6f28a9b7e1d3c5a8f0e2b4d6a8c0e1f3a5b7c9d1e";
  ASSERT_EQ(secret.size(), 60u);
  const std::string name = "token:chromium:abcdefghijklmnop:1000.CLIENTID:us";
  {
    Vault vault = Vault::Open(tmp.root());
    const FileLock lock = vault.Lock();
    vault.Write(lock, name, json{{"access_token", secret}});
    vault.Write(lock, name, json{{"access_token", secret}, {"again", true}});  // also leaves a replaced file
  }
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(tmp.root())) {
    EXPECT_EQ(entry.path().string().find("CLIENTID"), std::string::npos) << entry.path();
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string content = Slurp(entry.path());
    for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
      ASSERT_EQ(content.find(secret.substr(i, 8)), std::string::npos) << entry.path() << " at window " << i;
    }
    EXPECT_EQ(content.find("CLIENTID"), std::string::npos) << entry.path();
  }
  EXPECT_GE(files, 3);  // key, check record, the token record (and the lock file)
}

TEST(StoreVault, RecordFileNamesAreOpaqueHashes) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  vault.Write(vault.Lock(), "token:chromium:abc:1000.ABC:us", 1);
  for (const auto& entry : fs::directory_iterator(tmp.root() / "vault")) {
    const std::string file = entry.path().filename().string();
    EXPECT_EQ(file.size(), 32u + 4u) << file;
    EXPECT_EQ(file.find_first_not_of("0123456789abcdef"), 32u) << file;
    EXPECT_TRUE(file.ends_with(".zcb")) << file;
  }
}

TEST(StoreVault, OpenWithoutCreateOnMissingStateIsStateUnavailable) {
  TempRoot tmp;
  VaultOptions read_only;
  read_only.create = false;
  EXPECT_EQ(CodeOf([&] { Vault::Open(tmp.root(), read_only); }), "STATE_UNAVAILABLE");
  EXPECT_FALSE(fs::exists(tmp.root()));
  fs::create_directory(tmp.root());
  fs::permissions(tmp.root(), fs::perms::owner_all);
  EXPECT_EQ(CodeOf([&] { Vault::Open(tmp.root(), read_only); }), "STATE_UNAVAILABLE");
  EXPECT_FALSE(fs::exists(tmp.root() / "key"));
}

TEST(StoreVault, OpenWithoutCreateReadsAnExistingVault) {
  TempRoot tmp;
  {
    Vault vault = Vault::Open(tmp.root());
    vault.Write(vault.Lock(), "name", "value");
  }
  VaultOptions read_only;
  read_only.create = false;
  EXPECT_EQ(Vault::Open(tmp.root(), read_only).Read("name"), json("value"));
}

TEST(StoreVault, OpenExistingSaysNothingIsStoredAsAValueAndCreatesNothing) {
  TempRoot tmp;
  EXPECT_FALSE(Vault::OpenExisting(tmp.root()).has_value());  // no state folder
  EXPECT_FALSE(fs::exists(tmp.root()));
  fs::create_directory(tmp.root());
  fs::permissions(tmp.root(), fs::perms::owner_all);
  EXPECT_FALSE(Vault::OpenExisting(tmp.root()).has_value());  // a state folder without key or records
  EXPECT_FALSE(fs::exists(tmp.root() / "key"));
  EXPECT_FALSE(fs::exists(tmp.root() / "vault"));
}

TEST(StoreVault, OpenExistingReadsAnExistingVault) {
  TempRoot tmp;
  {
    Vault vault = Vault::Open(tmp.root());
    vault.Write(vault.Lock(), "name", "value");
  }
  const auto vault = Vault::OpenExisting(tmp.root());
  ASSERT_TRUE(vault.has_value());
  EXPECT_EQ(vault->Read("name"), json("value"));
}

TEST(StoreVault, OpenExistingStillThrowsWhatIsNotAFreshInstall) {
  TempRoot tmp;
  fs::create_directory(tmp.root());
  fs::permissions(tmp.root(), fs::perms::owner_all | fs::perms::group_exec);  // others may enter
  EXPECT_EQ(CodeOf([&] { Vault::OpenExisting(tmp.root()); }), "KEY_UNSAFE");
}

}  // namespace
}  // namespace zcrm::store
