// Temporary folders for unit tests: made with mkdtemp, never $HOME, and removed with everything in them.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace zcrm::test_support {

// Creates a folder from `tmpl` (ending in XXXXXX) and returns its path; throws if mkdtemp fails.
inline std::filesystem::path MakeTempDir(std::string tmpl) {
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

// A mkdtemp template `<name>-XXXXXX` in the system temp folder.
inline std::string UnderTempDir(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
}

// Removes `dir` and everything in it, ignoring errors.
inline void RemoveTree(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// A fresh mkdtemp folder for one test, removed in the destructor.
class TempDir {
 public:
  explicit TempDir(std::string tmpl) : dir_(MakeTempDir(std::move(tmpl))) {}
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { RemoveTree(dir_); }

  const std::filesystem::path& path() const { return dir_; }
  // A state root that does not exist yet, so Vault::Open has to create it.
  std::filesystem::path root() const { return dir_ / "state"; }

  void WriteConfig(const std::string& text) const {
    std::ofstream out(dir_ / "config.json", std::ios::binary | std::ios::trunc);
    out << text;
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace zcrm::test_support
