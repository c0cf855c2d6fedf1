// Vault::InMemory, the fuzz target's vault: it behaves as the disk vault does for everything the handlers use
// (read, replace, remove, list, lock) and never touches the file system.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/vault.hpp"
#include "support/store_support.hpp"

namespace zcrm::store {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test_support::CodeOf;
using test_support::TempRoot;

// Runs body with the working directory in an empty temp folder, so any file a relative path creates shows.
template <typename Body>
void InEmptyFolder(const TempRoot& tmp, Body body) {
  fs::create_directory(tmp.root());
  const fs::path before = fs::current_path();
  fs::current_path(tmp.root());
  body();
  fs::current_path(before);
}

TEST(StoreMemoryVault, ReadsReplacesRemovesAndListsLikeTheDiskVault) {
  Vault vault = Vault::InMemory();
  const FileLock lock = vault.Lock();
  EXPECT_EQ(vault.Read("token:a"), std::nullopt);
  vault.Write(lock, "token:a", json{{"access_token", "1000.a"}});
  vault.Write(lock, "token:b", 2);
  vault.Write(lock, "account:c", "c");
  vault.Write(lock, "token:a", json{{"access_token", "1000.replaced"}});
  EXPECT_EQ(vault.Read("token:a"), (json{{"access_token", "1000.replaced"}}));

  const auto listing = vault.List("token:");
  ASSERT_EQ(listing.records.size(), 2u);
  EXPECT_EQ(listing.records[0].first, "token:a");
  EXPECT_EQ(listing.records[1], (std::pair<std::string, json>{"token:b", 2}));
  EXPECT_EQ(listing.damaged, 0);

  EXPECT_TRUE(vault.Remove(lock, "token:b"));
  EXPECT_FALSE(vault.Remove(lock, "token:b"));
  EXPECT_EQ(vault.Read("token:b"), std::nullopt);
  EXPECT_EQ(vault.List("").records.size(), 2u) << "the check record is never listed";
}

TEST(StoreMemoryVault, TwoInMemoryVaultsShareNothing) {
  Vault first = Vault::InMemory();
  Vault second = Vault::InMemory();
  first.Write(first.Lock(), "name", 1);
  EXPECT_EQ(second.Read("name"), std::nullopt);
}

TEST(StoreMemoryVault, CreatesNoFileAnywhere) {
  TempRoot tmp;
  InEmptyFolder(tmp, [] {
    Vault vault = Vault::InMemory();
    vault.Write(vault.Lock(), "name", 1);
    vault.List("");
    EXPECT_TRUE(vault.root().empty());
  });
  EXPECT_TRUE(fs::is_empty(tmp.root()));
}

TEST(StoreMemoryVault, RefusesToMoveAKeyItDoesNotKeepAnywhere) {
  Vault vault = Vault::InMemory();
  EXPECT_EQ(CodeOf([&] { vault.MoveKey(KeyPlace::kFile); }), "INTERNAL");
}

}  // namespace
}  // namespace zcrm::store
