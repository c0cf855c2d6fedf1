// Looking for a secret where it must not be: a random secret no 8-character window of which shows up anywhere
// by chance, and the search for any such window. Shared by the integration, fault and keyring tests.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace zcrm::integration {

// 80 random letters and digits.
inline std::string RandomSecret() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string secret;
  for (int i = 0; i < 80; ++i) secret += kAlphabet[pick(random)];
  return secret;
}

// The first 8-byte window of secret found in haystack, or "".
inline std::string LeakedWindow(const std::string& haystack, const std::string& secret) {
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
    if (haystack.find(secret.substr(i, 8)) != std::string::npos) return secret.substr(i, 8);
  }
  return "";
}

}  // namespace zcrm::integration
