// The vault itself on Windows, unchanged code over the Windows platform layer: records survive a reopen,
// tampering is caught, a reset moves everything aside, and two writers take turns through the lock.
#include "store/vault.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "error/host_error.hpp"
#include "temp_dir.hpp"

namespace zcrm::store {
namespace {

namespace fs = std::filesystem;

// The record files in <root>/vault. Open already wrote one, the check record: a test that damages a record
// must take the one its write added, not whichever a directory listing happens to give first.
std::set<fs::path> RecordFiles(const fs::path& root) {
  std::set<fs::path> out;
  for (const auto& entry : fs::directory_iterator(root / "vault")) {
    if (entry.path().extension() == ".zcb") out.insert(entry.path());
  }
  return out;
}

// The record file that is in now but was not in before.
fs::path AddedRecordFile(const fs::path& root, const std::set<fs::path>& before) {
  for (const auto& file : RecordFiles(root)) {
    if (!before.contains(file)) return file;
  }
  return {};
}

TEST(WindowsVault, ARecordSurvivesReopening) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  {
    Vault vault = Vault::Open(root);
    const FileLock held = vault.Lock();
    vault.Write(held, "token", nlohmann::json{{"access", "a-1"}});
  }
  const Vault again = Vault::Open(root);
  EXPECT_EQ(again.Read("token"), (nlohmann::json{{"access", "a-1"}}));
}

TEST(WindowsVault, AFlippedByteInARecordIsVaultCorrupt) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  Vault vault = Vault::Open(root);
  const auto before = RecordFiles(root);
  {
    const FileLock held = vault.Lock();
    vault.Write(held, "token", nlohmann::json{{"access", "a-1"}});
  }
  const fs::path record = AddedRecordFile(root, before);
  ASSERT_FALSE(record.empty());
  std::fstream file(record, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(-1, std::ios::end);
  const char last = static_cast<char>(file.get());
  file.seekp(-1, std::ios::end);
  file.put(static_cast<char>(last ^ 0x01));
  file.close();
  try {
    vault.Read("token");
    FAIL() << "a tampered record was read";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kVaultCorrupt);
  }
}

TEST(WindowsVault, ResetMovesTheKeyAndRecordsAside) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  {
    Vault vault = Vault::Open(root);
    const FileLock held = vault.Lock();
    vault.Write(held, "token", nlohmann::json{{"access", "a-1"}});
  }
  const fs::path aside = Vault::Reset(root);
  EXPECT_TRUE(fs::exists(aside / "vault"));
  const Vault fresh = Vault::Open(root);
  EXPECT_EQ(fresh.Read("token"), std::nullopt);
}

TEST(WindowsVault, TwoWritersTakeTurnsAndNoWriteIsLost) {
  test::TempDir dir;
  const auto root = dir.path() / "zcrm-bridge";
  Vault::Open(root);  // the key and folders exist before the race
  constexpr int kEach = 20;
  auto writer = [&](const std::string& who) {
    Vault vault = Vault::Open(root);
    for (int i = 0; i < kEach; ++i) {
      const FileLock held = vault.Lock();
      const int seen = vault.Read("counter").value_or(nlohmann::json(0)).get<int>();
      vault.Write(held, "counter", seen + 1);
      vault.Write(held, "last", who);
    }
  };
  std::thread a(writer, "a");
  std::thread b(writer, "b");
  a.join();
  b.join();
  EXPECT_EQ(Vault::Open(root).Read("counter"), nlohmann::json(2 * kEach));
}

}  // namespace
}  // namespace zcrm::store
