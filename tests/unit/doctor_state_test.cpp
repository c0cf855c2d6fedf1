// The state folder, key, vault and config.json checks: each unsafe or broken state is named with its fix.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "doctor/state_check.hpp"
#include "store/vault.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;

const Identity kIdentity{ZCRM_TEST_HOST_NAME, ZCRM_TEST_CHROMIUM_ID, ZCRM_TEST_GECKO_ID};

class DoctorState : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = test_support::MakeTempDir("/tmp/zcrm-doctor-test-XXXXXX");
    state_ = tmp_ / "state";
  }
  void TearDown() override { test_support::RemoveTree(tmp_); }
  void MakeVault() {
    auto vault = store::Vault::Open(state_);
    vault.Write(vault.Lock(), "token/x", "value");
  }
  void Write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::trunc) << text; }
  const Finding& Of(const Report& r, const char* scope, const char* check) {
    const Finding* f = r.Find(scope, check);
    if (f == nullptr) throw std::runtime_error(std::string("no finding ") + check);
    return *f;
  }
  Report State() {
    Report r;
    CheckState(state_, r);
    return r;
  }
  Report Config(const fs::path& system_config = "") {
    Report r;
    CheckConfig(state_, system_config, kIdentity, "install.sh", r);
    return r;
  }

  fs::path tmp_, state_;
};

TEST_F(DoctorState, NoStateFolderYetIsFine) {
  const auto r = State();
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(Of(r, "state", "state.dir").status, Status::kInfo);
}

TEST_F(DoctorState, FreshFolderWithoutKeyIsFine) {
  fs::create_directory(state_);
  ::chmod(state_.c_str(), 0700);
  const auto r = State();
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(Of(r, "state", "state.key").status, Status::kInfo);
}

TEST_F(DoctorState, WorkingVaultPasses) {
  MakeVault();
  const auto r = State();
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(Of(r, "state", "state.vault").status, Status::kOk);
}

TEST_F(DoctorState, VaultCountsRecordsNamedLikeNoRecordTheHostWrites) {
  MakeVault();  // "token/x": a token name with too few parts
  {
    auto vault = store::Vault::Open(state_);
    vault.Write(vault.Lock(), "budget/1000.ABC", nlohmann::json::object());
  }
  const auto report = State();
  const auto& vault = Of(report, "state", "state.vault");
  EXPECT_EQ(vault.status, Status::kOk);
  EXPECT_NE(vault.detail.find("2 record(s), 1 of them named like no record this host writes"),
            std::string::npos)
      << vault.detail;
}

TEST_F(DoctorState, VaultWithOnlyRecordsTheHostWritesJustCountsThem) {
  {
    auto vault = store::Vault::Open(state_);
    vault.Write(vault.Lock(), "budget/1000.ABC", nlohmann::json::object());
  }
  const auto report = State();
  const auto& vault = Of(report, "state", "state.vault");
  EXPECT_EQ(vault.detail.find("named like no record"), std::string::npos) << vault.detail;
  EXPECT_NE(vault.detail.find("1 record(s)"), std::string::npos) << vault.detail;
}

TEST_F(DoctorState, AKeyFileWithoutASessionBusSaysNoSecretServiceRuns) {
  MakeVault();
  const auto r = State();  // ctest runs unit tests with no session bus
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(Of(r, "state", "state.key_store").status, Status::kInfo);
  EXPECT_NE(Of(r, "state", "state.key_store").detail.find("in a file"), std::string::npos);
}

TEST_F(DoctorState, AKeyInAKeyringThatCannotBeReachedFailsWithTheWayOut) {
  MakeVault();
  // Turn the vault into one whose key is in a keyring this test process cannot reach (no helper next to it).
  fs::remove(state_ / "key");
  Write(state_ / "key.keyring",
        R"({"store": "secret-service", "vault": "/x", "key_id": "0011223344556677"})");
  const auto r = State();
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(Of(r, "state", "state.key_store").status, Status::kOk);
  const auto& vault = Of(r, "state", "state.vault");
  EXPECT_EQ(vault.status, Status::kFail);
  EXPECT_NE(vault.detail.find("KEYRING_UNAVAILABLE"), std::string::npos) << vault.detail;
  EXPECT_NE(vault.fix.find("keyring"), std::string::npos) << vault.fix;
}

TEST_F(DoctorState, ADamagedKeyringMarkerIsNamedWithReset) {
  MakeVault();
  fs::remove(state_ / "key");
  Write(state_ / "key.keyring", "not json");
  const Report report = State();  // Of() returns a reference into the report: it must outlive the checks
  const auto& vault = Of(report, "state", "state.vault");
  EXPECT_EQ(vault.status, Status::kFail);
  EXPECT_NE(vault.detail.find("key.keyring"), std::string::npos) << vault.detail;
  EXPECT_NE(vault.fix.find("reset"), std::string::npos) << vault.fix;
}

TEST_F(DoctorState, FolderOthersCanEnter) {
  MakeVault();
  ::chmod(state_.c_str(), 0755);
  const auto report = State();
  const auto& f = Of(report, "state", "state.dir");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.fix, "chmod 700 '" + state_.string() + "'");
}

TEST_F(DoctorState, VaultFolderOthersCanEnterFailsNamingChmod) {
  MakeVault();
  ::chmod((state_ / "vault").c_str(), 0777);
  const auto report = State();
  const auto& f = Of(report, "state", "state.vault");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.detail.rfind("KEY_UNSAFE", 0), 0u) << f.detail;
  EXPECT_NE(f.detail.find("chmod 700 " + (state_ / "vault").string()), std::string::npos) << f.detail;
}

TEST_F(DoctorState, KeyOthersCanRead) {
  MakeVault();
  ::chmod((state_ / "key").c_str(), 0644);
  const auto report = State();
  const auto& f = Of(report, "state", "state.key");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.fix, "chmod 600 '" + (state_ / "key").string() + "'");
}

TEST_F(DoctorState, KeyOfTheWrongSize) {
  MakeVault();
  Write(state_ / "key", std::string(16, 'k'));
  const auto report = State();
  const auto& f = Of(report, "state", "state.key");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_NE(f.detail.find("16 bytes instead of 32"), std::string::npos) << f.detail;
  EXPECT_NE(f.fix.find("zcrm-bridge reset"), std::string::npos);
}

TEST_F(DoctorState, KeyThatDoesNotOpenTheVault) {
  MakeVault();
  Write(state_ / "key", std::string(32, 'k'));  // truncation keeps mode 0600
  const auto report = State();
  const auto& f = Of(report, "state", "state.vault");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.detail.rfind("KEY_MISMATCH", 0), 0u) << f.detail;
  EXPECT_NE(f.fix.find("zcrm-bridge reset"), std::string::npos);
}

TEST_F(DoctorState, DamagedRecordIsVaultCorrupt) {
  MakeVault();
  Write(state_ / "vault" / "0123456789abcdef0123456789abcdef.zcb", std::string(80, 'x'));
  const auto report = State();
  const auto& f = Of(report, "state", "state.vault");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.detail.rfind("VAULT_CORRUPT", 0), 0u) << f.detail;
  EXPECT_NE(f.fix.find("zcrm-bridge reset"), std::string::npos);
}

TEST_F(DoctorState, ConfigListingBothIdsPasses) {
  fs::create_directory(state_);
  Write(state_ / "config.json", R"({"refresh_margin_s": 60, "allowed_extensions": [")" ZCRM_TEST_CHROMIUM_ID
                                R"(", ")" ZCRM_TEST_GECKO_ID R"("]})");
  EXPECT_FALSE(Config().failed());
}

TEST_F(DoctorState, MissingConfig) {
  const auto report = Config();
  const auto& f = Of(report, "config", "config.json");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_NE(f.fix.find("install.sh"), std::string::npos);
}

TEST_F(DoctorState, ConfigThatIsNotJson) {
  fs::create_directory(state_);
  Write(state_ / "config.json", "allowed_extensions = x");
  const auto report = Config();
  EXPECT_EQ(Of(report, "config", "config.json").status, Status::kFail);
}

TEST_F(DoctorState, ConfigThatIsALinkFailsAsTheHostRefusesIt) {
  fs::create_directory(state_);
  Write(tmp_ / "elsewhere.json",
        R"({"allowed_extensions": [")" ZCRM_TEST_CHROMIUM_ID R"(", ")" ZCRM_TEST_GECKO_ID R"("]})");
  fs::create_symlink(tmp_ / "elsewhere.json", state_ / "config.json");
  const auto report = Config();
  const auto& f = Of(report, "config", "config.json");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_NE(f.detail.find("symbolic link"), std::string::npos) << f.detail;
}

TEST_F(DoctorState, ConfigMissingAnId) {
  fs::create_directory(state_);
  Write(state_ / "config.json", R"({"allowed_extensions": [")" ZCRM_TEST_GECKO_ID R"("]})");
  const auto report = Config();
  const auto& f = Of(report, "config", "config.ids");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_NE(f.detail.find(ZCRM_TEST_CHROMIUM_ID), std::string::npos) << f.detail;
}

TEST_F(DoctorState, SystemConfigServesWhenTheUserHasNone) {
  Write(tmp_ / "system.json",
        R"({"allowed_extensions": [")" ZCRM_TEST_CHROMIUM_ID R"(", ")" ZCRM_TEST_GECKO_ID R"("]})");
  const auto r = Config(tmp_ / "system.json");
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(Of(r, "config", "config.json").detail, (tmp_ / "system.json").string());
}

}  // namespace
}  // namespace zcrm::doctor
