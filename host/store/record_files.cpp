#include "store/record_files.hpp"

#include <cerrno>
#include <system_error>

#include "store/atomic_file.hpp"
#include "store/posix_io.hpp"
#include "store/record_codec.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;

RecordFiles RecordFiles::OnDisk(fs::path vault_dir) {
  RecordFiles files;
  files.dir_ = std::move(vault_dir);
  return files;
}

RecordFiles RecordFiles::InMemory() {
  RecordFiles files;
  files.memory_.emplace();
  return files;
}

std::optional<std::vector<std::uint8_t>> RecordFiles::Read(const std::string& file_name) const {
  if (!memory_) return io::ReadFileIfExists(dir_ / file_name, kMaxRecordBytes);
  const auto found = memory_->find(file_name);
  if (found == memory_->end()) return std::nullopt;
  return found->second;
}

void RecordFiles::Replace(const std::string& file_name, std::span<const std::uint8_t> bytes,
                          const std::function<void()>& before_replace) {
  if (!memory_) return ReplaceFile(dir_, file_name, bytes, before_replace);
  if (before_replace) before_replace();
  (*memory_)[file_name].assign(bytes.begin(), bytes.end());
}

bool RecordFiles::Remove(const std::string& file_name) {
  if (memory_) return memory_->erase(file_name) > 0;
  const fs::path path = dir_ / file_name;
  if (const int err = io::RemoveFile(path); err != 0) {
    if (err == ENOENT) return false;
    io::ThrowIo("remove", path, err);
  }
  io::FsyncDir(dir_);
  return true;
}

void RecordFiles::ForEach(const std::function<void(const std::string&)>& visit) const {
  if (memory_) {
    // A copy of the names: visit may remove files.
    std::vector<std::string> names;
    for (const auto& entry : *memory_) names.push_back(entry.first);
    for (const auto& name : names) visit(name);
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(dir_, ec);
  if (ec == std::errc::no_such_file_or_directory) return;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) visit(it->path().filename().string());
  if (ec) io::ThrowIo("list", dir_, ec.value());
}

}  // namespace zcrm::store
