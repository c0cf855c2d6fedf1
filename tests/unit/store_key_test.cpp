// The key file and state folder: a key that does not fit the vault, or that other users could read, is
// refused.
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
using test_support::Spit;
using test_support::TempRoot;

// The error's code name and message, or "no error".
template <typename F>
std::pair<std::string, std::string> ErrorOf(F&& f) {
  try {
    f();
  } catch (const HostError& e) {
    return {std::string(ErrorCodeName(e.code())), e.what()};
  }
  return {"no error", ""};
}

// A vault holding one record, closed again.
void MakeVaultWithRecord(const fs::path& root) {
  Vault vault = Vault::Open(root);
  vault.Write(vault.Lock(), "token", "value");
}

TEST(StoreKey, OtherKeyOfRightSizeGivesKeyMismatchAtOpen) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  Spit(tmp.root() / "key", std::string(32, '\x42'));  // truncating keeps the 0600 mode
  const auto [code, message] = ErrorOf([&] { Vault::Open(tmp.root()); });
  EXPECT_EQ(code, "KEY_MISMATCH");
  EXPECT_NE(message.find("zcrm-bridge reset"), std::string::npos) << message;
}

TEST(StoreKey, KeyReadableByGroupOrOthersIsUnsafe) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  for (fs::perms mode : {fs::perms(0640), fs::perms(0604), fs::perms(0602)}) {
    fs::permissions(tmp.root() / "key", mode);
    const auto [code, message] = ErrorOf([&] { Vault::Open(tmp.root()); });
    EXPECT_EQ(code, "KEY_UNSAFE") << static_cast<unsigned>(mode);
    EXPECT_NE(message.find("chmod 600"), std::string::npos) << message;
  }
  fs::permissions(tmp.root() / "key", fs::perms(0600));
  EXPECT_EQ(Vault::Open(tmp.root()).Read("token"), nlohmann::json("value"));
}

TEST(StoreKey, KeyOfWrongSizeIsUnsafe) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  for (std::size_t size : {0, 16, 31, 33, 64}) {
    Spit(tmp.root() / "key", std::string(size, 'k'));
    EXPECT_EQ(ErrorOf([&] { Vault::Open(tmp.root()); }).first, "KEY_UNSAFE") << size;
  }
}

TEST(StoreKey, RootOpenToOthersIsUnsafe) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  fs::permissions(tmp.root(), fs::perms(0755));
  const auto [code, message] = ErrorOf([&] { Vault::Open(tmp.root()); });
  EXPECT_EQ(code, "KEY_UNSAFE");
  EXPECT_NE(message.find("chmod 700 " + tmp.root().string()), std::string::npos) << message;
}

TEST(StoreKey, MissingKeyWithRecordsPresentGivesKeyMismatch) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  fs::remove(tmp.root() / "key");
  const auto [code, message] = ErrorOf([&] { Vault::Open(tmp.root()); });
  EXPECT_EQ(code, "KEY_MISMATCH");
  EXPECT_NE(message.find("missing"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(tmp.root() / "key"));  // no new key that would make the old records unreadable
}

TEST(StoreKey, MissingCheckRecordWithRecordsPresentGivesKeyMismatch) {
  TempRoot tmp;
  std::set<fs::path> check;
  {
    Vault vault = Vault::Open(tmp.root());
    for (const auto& entry : fs::directory_iterator(tmp.root() / "vault")) check.insert(entry.path());
    vault.Write(vault.Lock(), "token", "value");
  }
  ASSERT_EQ(check.size(), 1u);
  fs::remove(*check.begin());
  EXPECT_EQ(ErrorOf([&] { Vault::Open(tmp.root()); }).first, "KEY_MISMATCH");
}

TEST(StoreKey, KeyIsReusedAcrossOpens) {
  TempRoot tmp;
  MakeVaultWithRecord(tmp.root());
  const auto before = fs::last_write_time(tmp.root() / "key");
  EXPECT_EQ(Vault::Open(tmp.root()).Read("token"), nlohmann::json("value"));
  EXPECT_EQ(fs::last_write_time(tmp.root() / "key"), before);
}

}  // namespace
}  // namespace zcrm::store
