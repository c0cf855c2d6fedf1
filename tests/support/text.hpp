// Strings built by appending, for tests. GCC 12 at -O3 warns (-Werror=restrict, GCC PR 105329) on
// `"literal" + std::to_string(n)`: libstdc++ inserts the literal in front of the temporary, and the optimizer
// sees a memcpy it cannot prove disjoint. Appending to a string that starts empty never takes that path.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace zcrm::test_support {

// Cat("h", 3, "-", 4) == "h3-4": text parts are appended as they are, integers in decimal.
template <class... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  auto add = [&out](const auto& part) {
    if constexpr (std::integral<std::remove_cvref_t<decltype(part)>>) {
      out.append(std::to_string(part));
    } else {
      out.append(std::string_view(part));
    }
  };
  (add(parts), ...);
  return out;
}

}  // namespace zcrm::test_support
