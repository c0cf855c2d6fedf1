// The store's key handling on Windows, through its own interface (store/key_store.hpp): the keyring is DPAPI
// (store/windows/keyring.cpp), always there, so a new vault's key goes there; a move to the key file and back
// keeps the same key.
#include "store/key_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include "store/posix_io.hpp"
#include "store/windows/private_dir.hpp"
#include "temp_dir.hpp"

namespace zcrm::store {
namespace {

bool Same(const SecretKey& a, const SecretKey& b) {
  return std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin());
}

// Whether any file in dir holds the key's bytes as they are.
bool KeyInClearUnder(const std::filesystem::path& dir, const SecretKey& key) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == kKeyFileName) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    if (std::search(bytes.begin(), bytes.end(), key.bytes().begin(), key.bytes().end()) != bytes.end())
      return true;
  }
  return false;
}

TEST(WindowsKeyStore, ANewVaultKeepsItsKeyWithDpapiAndReadsItBack) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  ASSERT_TRUE(io::MakePrivateDir(root));
  const SecretKey created = CreateKey(root, {});
  EXPECT_EQ(FindKey(root), KeyPlace::kKeyring);
  EXPECT_FALSE(io::Exists(root / kKeyFileName));
  EXPECT_FALSE(KeyInClearUnder(root, created));
  const auto loaded = LoadKey(root, {});
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(Same(*loaded, created));
}

TEST(WindowsKeyStore, MovingToThePrivateKeyFileAndBackKeepsTheKey) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  ASSERT_TRUE(io::MakePrivateDir(root));
  const SecretKey key = CreateKey(root, {});
  ASSERT_TRUE(MoveKey(root, key, KeyPlace::kFile, {}));
  EXPECT_EQ(FindKey(root), KeyPlace::kFile);
  EXPECT_EQ(win::WhyNotPrivate(root / kKeyFileName), std::nullopt);
  auto loaded = LoadKey(root, {});
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(Same(*loaded, key));
  ASSERT_TRUE(MoveKey(root, key, KeyPlace::kKeyring, {}));
  EXPECT_EQ(FindKey(root), KeyPlace::kKeyring);
  loaded = LoadKey(root, {});
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(Same(*loaded, key));
}

}  // namespace
}  // namespace zcrm::store
