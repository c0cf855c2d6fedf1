#include "store/temp_name.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace zcrm::store {

std::string TempName(const std::string& name) {
  std::array<std::uint8_t, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, 2 * 8 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  return name + ".tmp-" + hex.data();
}

}  // namespace zcrm::store
