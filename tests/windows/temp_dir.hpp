// A fresh folder under the Windows temp folder (under wine: inside the test's own WINEPREFIX), removed with
// everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include "store/windows/windows_api.hpp"

namespace zcrm::test {

class TempDir {
 public:
  TempDir() {
    static int serial = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("zcrm-win-test-" + std::to_string(::GetCurrentProcessId()) + "-" + std::to_string(++serial));
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace zcrm::test
