// Where a vault keeps its encrypted record files: the vault folder on disk, or this process's memory
// (Vault::InMemory, for the fuzz target). The vault encodes, authenticates and names records the same way for
// both; only the bytes' home differs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zcrm::store {

class RecordFiles {
 public:
  static RecordFiles OnDisk(std::filesystem::path vault_dir);
  static RecordFiles InMemory();

  // The file's bytes, or nullopt when there is no such file. STATE_UNAVAILABLE on I/O failure.
  std::optional<std::vector<std::uint8_t>> Read(const std::string& file_name) const;
  // All or nothing (store/atomic_file.hpp); before_replace runs first, while the old file is still there.
  void Replace(const std::string& file_name, std::span<const std::uint8_t> bytes,
               const std::function<void()>& before_replace);
  // true when a file was removed.
  bool Remove(const std::string& file_name);
  // Calls visit(file name) for every file, temp files included; a missing folder has none.
  void ForEach(const std::function<void(const std::string&)>& visit) const;

  bool in_memory() const { return memory_.has_value(); }

 private:
  std::filesystem::path dir_;
  std::optional<std::map<std::string, std::vector<std::uint8_t>, std::less<>>> memory_;
};

}  // namespace zcrm::store
