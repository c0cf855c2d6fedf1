// Helpers shared by the store tests: a temp state root, the error code of a call, and raw file bytes.
#pragma once

#include <filesystem>
#include <fstream>
#include <ios>
#include <iterator>
#include <string>

#include "error/host_error.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::test_support {

// A fresh mkdtemp folder per test; the state root is a not-yet-existing child so Open has to create it.
class TempRoot : public TempDir {
 public:
  TempRoot() : TempDir("/tmp/zcrm-store-test-XXXXXX") {}
};

// The HostError code name that f() throws, or "no error".
template <typename F>
std::string CodeOf(F&& f) {
  try {
    f();
  } catch (const HostError& e) {
    return std::string(ErrorCodeName(e.code()));
  }
  return "no error";
}

inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void Spit(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace zcrm::test_support
