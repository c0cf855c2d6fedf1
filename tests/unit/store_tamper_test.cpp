// Damaged record files: every alteration is caught as VAULT_CORRUPT, the file stays where it is, and the next
// Write moves it aside instead of destroying it.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "error/host_error.hpp"
#include "store/vault.hpp"
#include "support/store_support.hpp"

namespace zcrm::store {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test_support::CodeOf;
using test_support::Slurp;
using test_support::Spit;
using test_support::TempRoot;

std::set<fs::path> FilesIn(const fs::path& dir) {
  std::set<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.insert(entry.path());
  return files;
}

// File names are keyed hashes, so a test finds a record's file as the one its first Write added.
fs::path WriteNew(Vault& vault, const std::string& name, const json& value) {
  const std::set<fs::path> before = FilesIn(vault.root() / "vault");
  vault.Write(vault.Lock(), name, value);
  for (const fs::path& file : FilesIn(vault.root() / "vault")) {
    if (!before.contains(file)) return file;
  }
  throw std::runtime_error("Write added no file");
}

TEST(StoreTamper, FlippingAnySingleByteOfARecordGivesVaultCorrupt) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path file = WriteNew(vault, "token", json{{"access_token", "1000.secret"}});
  const std::string original = Slurp(file);
  ASSERT_GT(original.size(), 45u);
  for (std::size_t i = 0; i < original.size(); ++i) {
    std::string altered = original;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    Spit(file, altered);
    ASSERT_EQ(CodeOf([&] { vault.Read("token"); }), "VAULT_CORRUPT") << "byte " << i;
  }
  Spit(file, original);
  EXPECT_EQ(vault.Read("token"), (json{{"access_token", "1000.secret"}}));
}

TEST(StoreTamper, TruncationGivesVaultCorrupt) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path file = WriteNew(vault, "token", json{{"access_token", "1000.secret"}});
  const std::string original = Slurp(file);
  // Empty, inside the magic, at the version, inside the nonce, just short of a tag, and inside the tag.
  for (std::size_t length :
       {std::size_t{0}, std::size_t{2}, std::size_t{4}, std::size_t{5}, std::size_t{20}, std::size_t{29},
        std::size_t{44}, std::size_t{45}, original.size() - 16, original.size() - 1}) {
    Spit(file, original.substr(0, length));
    EXPECT_EQ(CodeOf([&] { vault.Read("token"); }), "VAULT_CORRUPT") << "length " << length;
  }
}

TEST(StoreTamper, RecordCopiedOverAnotherRecordsFileGivesVaultCorrupt) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path a = WriteNew(vault, "token:a", "value of a");
  const fs::path b = WriteNew(vault, "token:b", "value of b");
  fs::copy_file(a, b, fs::copy_options::overwrite_existing);
  EXPECT_EQ(CodeOf([&] { vault.Read("token:b"); }), "VAULT_CORRUPT");
  EXPECT_EQ(vault.Read("token:a"), json("value of a"));
}

TEST(StoreTamper, CorruptRecordIsLeftInPlaceAndMessageSaysReset) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path file = WriteNew(vault, "token", 1);
  const std::string damaged = Slurp(file).substr(0, 10);
  Spit(file, damaged);
  try {
    vault.Read("token");
    ADD_FAILURE() << "Read did not throw";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kVaultCorrupt);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("zcrm-bridge reset"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Slurp(file), damaged);
  EXPECT_FALSE(fs::exists(tmp.root() / "damaged"));
}

TEST(StoreTamper, DamagedRecordIsMovedToDamagedOnNextWrite) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  const fs::path file = WriteNew(vault, "token", "old");
  std::string altered = Slurp(file);
  altered.back() = static_cast<char>(altered.back() ^ 0x80);
  Spit(file, altered);

  vault.Write(vault.Lock(), "token", "new");
  EXPECT_EQ(vault.Read("token"), json("new"));
  const std::set<fs::path> moved = FilesIn(tmp.root() / "damaged");
  ASSERT_EQ(moved.size(), 1u);
  const std::string moved_name = moved.begin()->filename().string();
  EXPECT_TRUE(moved_name.starts_with(file.filename().string() + ".")) << moved_name;
  EXPECT_EQ(Slurp(*moved.begin()), altered);
}

TEST(StoreTamper, ListCountsDamagedRecordsInsteadOfThrowing) {
  TempRoot tmp;
  Vault vault = Vault::Open(tmp.root());
  vault.Write(vault.Lock(), "token:good", 1);
  const fs::path bad = WriteNew(vault, "token:bad", 2);
  Spit(bad, "garbage");
  const Vault::Listing listing = vault.List("token:");
  ASSERT_EQ(listing.records.size(), 1u);
  EXPECT_EQ(listing.records[0].first, "token:good");
  EXPECT_EQ(listing.damaged, 1);
}

}  // namespace
}  // namespace zcrm::store
