// store/windows/dpapi.cpp: the vault key sealed for the current user.
#include "store/windows/dpapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "error/host_error.hpp"

namespace zcrm::store::win {
namespace {

TEST(WindowsDpapi, SealedKeyUnsealsToTheSameBytes) {
  const SecretKey key = SecretKey::Random();
  const std::vector<std::uint8_t> blob = SealForUser(key);
  const SecretKey back = UnsealForUser(blob);
  EXPECT_TRUE(std::equal(key.bytes().begin(), key.bytes().end(), back.bytes().begin()));
}

TEST(WindowsDpapi, TheBlobDoesNotHoldTheKeyInClear) {
  const SecretKey key = SecretKey::Random();
  const std::vector<std::uint8_t> blob = SealForUser(key);
  EXPECT_EQ(std::search(blob.begin(), blob.end(), key.bytes().begin(), key.bytes().end()), blob.end());
}

TEST(WindowsDpapi, ADamagedBlobIsKeyMismatch) {
  std::vector<std::uint8_t> blob = SealForUser(SecretKey::Random());
  blob.back() ^= 0x01;  // the blob ends with its signature over everything before
  try {
    UnsealForUser(blob);
    FAIL() << "a damaged blob unsealed";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyMismatch);
  }
}

}  // namespace
}  // namespace zcrm::store::win
