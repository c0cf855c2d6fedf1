// index.key against a real vault in a temp folder: a 32-byte key that is the same for the same caller and
// index (also after the vault is opened again), different for another index, caller or vault key, derived as
// docs/PROTOCOL.md says, and nothing is written to the vault.
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/handlers_fixture.hpp"

namespace zcrm {
namespace {

using nlohmann::json;
using test_support::kChromium;
using test_support::kFirefox;

class HandlersIndexKey : public test_support::HandlersFixture {
 protected:
  std::string KeyOf(handlers::Context& ctx, const std::string& index) {
    const auto answer = Run(ctx, {{"id", 15}, {"type", "index.key"}, {"index", index}});
    EXPECT_EQ(answer.size(), 2u) << answer;
    EXPECT_EQ(answer.value("index", ""), index);
    return answer.value("key", "");
  }

  static std::vector<std::uint8_t> Decode(const std::string& b64) {
    std::vector<std::uint8_t> out(64);
    std::size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
      return {};
    }
    out.resize(len);
    return out;
  }

  std::filesystem::path Root() const { return tmp_.root(); }
};

TEST_F(HandlersIndexKey, SameCallerAndIndexGetTheSameKeyAlsoAfterReopening) {
  auto ctx = ContextFor(kChromium);
  const auto first = KeyOf(ctx, "idx-a");
  EXPECT_EQ(first.size(), 44u);
  EXPECT_EQ(Decode(first).size(), 32u);
  EXPECT_EQ(KeyOf(ctx, "idx-a"), first);
  vault_.reset();  // a new host process opens the vault again
  auto again = ContextFor(kChromium);
  EXPECT_EQ(KeyOf(again, "idx-a"), first);
}

TEST_F(HandlersIndexKey, AnotherIndexOrCallerGetsAnotherKey) {
  auto chromium = ContextFor(kChromium);
  auto firefox = ContextFor(kFirefox);
  const auto a = KeyOf(chromium, "idx-a");
  EXPECT_NE(KeyOf(chromium, "idx-b"), a);
  EXPECT_NE(KeyOf(firefox, "idx-a"), a);
  EXPECT_NE(KeyOf(firefox, "idx-a"), KeyOf(firefox, "idx-b"));
}

TEST_F(HandlersIndexKey, TheKeyIsDerivedFromTheVaultKeyAsDocumented) {
  store::VaultOptions in_file;
  in_file.keys.preference = store::KeyPreference::kFile;  // so the test can read the vault key
  vault_.emplace(store::Vault::Open(Root(), in_file));
  auto ctx = ContextFor(kChromium);
  const auto answered = Decode(KeyOf(ctx, "idx-a"));
  std::ifstream in(Root() / "key", std::ios::binary);
  ASSERT_TRUE(in) << "the test vault keeps its key in a file";
  const std::vector<std::uint8_t> master((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  ASSERT_EQ(master.size(), 32u);
  std::array<std::uint8_t, 32> root{};
  crypto_kdf_derive_from_key(root.data(), root.size(), 3, "zcrmvlt1", master.data());
  const std::string message = std::string(kChromium) + "\nidx-a";
  std::array<std::uint8_t, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), nullptr, 0);
  std::uint64_t id = 0;
  for (int i = 7; i >= 0; --i) id = (id << 8) | digest[static_cast<std::size_t>(i)];
  std::array<std::uint8_t, 32> expected{};
  crypto_kdf_derive_from_key(expected.data(), expected.size(), id, "zcrmidx1", root.data());
  EXPECT_EQ(answered, std::vector<std::uint8_t>(expected.begin(), expected.end()));
  EXPECT_NE(answered, master) << "never the vault key itself";
}

TEST_F(HandlersIndexKey, AResetVaultGivesAnotherKeyAndAskingWritesNothing) {
  auto ctx = ContextFor(kChromium);
  const auto before = KeyOf(ctx, "idx-a");
  const auto count = [&] {
    const auto dir = Root() / "vault";
    return std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator());
  };
  const auto records = count();
  for (int i = 0; i < 5; ++i) KeyOf(ctx, "idx-" + std::to_string(i));
  EXPECT_EQ(count(), records);
  vault_.reset();
  store::Vault::Reset(Root());
  auto fresh = ContextFor(kChromium);
  EXPECT_NE(KeyOf(fresh, "idx-a"), before);
}

}  // namespace
}  // namespace zcrm
