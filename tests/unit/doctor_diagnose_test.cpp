// The whole diagnosis over a temporary HOME: which browsers are checked, where their manifests are looked
// for.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "doctor/doctor.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;

class DoctorDiagnose : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = test_support::MakeTempDir("/tmp/zcrm-doctor-test-XXXXXX");
    options_.home = home_.string();
    options_.config_home = (home_ / ".config").string();
    options_.path_env = (home_ / "no-bin").string();
    options_.state_dir = home_ / ".config/zcrm-bridge";
    options_.system_config = home_ / "no-system-config.json";
    fs::create_directories(options_.state_dir);
    ::chmod(options_.state_dir.c_str(), 0700);
    std::ofstream(options_.state_dir / "config.json")
        << R"({"allowed_extensions": [")" ZCRM_TEST_CHROMIUM_ID R"(", ")" ZCRM_TEST_GECKO_ID R"("]})";
    host_ = home_ / "host.sh";
    std::ofstream(host_) << "#!/bin/sh\ncat >/dev/null\nprintf '\\030\\000\\000\\000%s' "
                            "'{\"ok\":true,\"protocol\":1}'\n";
    ::chmod(host_.c_str(), 0755);
  }
  void TearDown() override { test_support::RemoveTree(home_); }
  void Manifest(const fs::path& folder) {
    fs::create_directories(folder);
    std::ofstream(folder / ZCRM_TEST_HOST_NAME ".json")
        << R"({"name": ")" ZCRM_TEST_HOST_NAME R"(", "path": ")" << host_.string()
        << R"(", "type": "stdio", "allowed_origins": ["chrome-extension://)" ZCRM_TEST_CHROMIUM_ID R"(/"]})";
  }

  fs::path home_, host_;
  Options options_;
};

TEST_F(DoctorDiagnose, NamedBrowserWithAGoodManifestPasses) {
  Manifest(home_ / ".config/chromium/NativeMessagingHosts");
  options_.browsers = {"chromium"};
  const auto r = Diagnose(options_);
  for (const auto& f : r.findings()) EXPECT_NE(f.status, Status::kFail) << f.check << ": " << f.detail;
  EXPECT_EQ(r.Find("chromium", "host.hello")->status, Status::kOk);
}

TEST_F(DoctorDiagnose, BrowserWithoutManifestSaysHowToInstall) {
  options_.browsers = {"brave"};
  const auto report = Diagnose(options_);
  const auto* f = report.Find("brave", "manifest.found");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->status, Status::kFail);
  EXPECT_NE(f->detail.find(".config/BraveSoftware/Brave-Browser/NativeMessagingHosts"), std::string::npos);
  EXPECT_NE(f->fix.find("install.sh --browser brave"), std::string::npos) << f->fix;
}

TEST_F(DoctorDiagnose, ProfileFolderIsWhereChromiumLooks) {
  Manifest(home_ / "profile/NativeMessagingHosts");
  options_.browsers = {"chromium"};
  options_.profile_dirs = {home_ / "profile"};
  EXPECT_FALSE(Diagnose(options_).failed());
}

TEST_F(DoctorDiagnose, DetectsTheBrowserWhoseSettingsFolderExists) {
  Manifest(home_ / ".config/microsoft-edge/NativeMessagingHosts");
  const auto r = Diagnose(options_);
  EXPECT_NE(r.Find("edge", "manifest.found"), nullptr);
}

TEST_F(DoctorDiagnose, FlatpakCopyIsAWarningNotAFailure) {
  Manifest(home_ / ".config/chromium/NativeMessagingHosts");
  fs::create_directories(home_ / ".var/app/org.chromium.Chromium");
  options_.browsers = {"chromium"};
  const auto r = Diagnose(options_);
  EXPECT_EQ(r.Find("chromium", "browser.sandbox")->status, Status::kWarn);
  EXPECT_FALSE(r.failed());
}

TEST_F(DoctorDiagnose, JsonReportListsEveryCheck) {
  Manifest(home_ / ".config/chromium/NativeMessagingHosts");
  options_.browsers = {"chromium"};
  const auto j = Diagnose(options_).ToJson();
  EXPECT_TRUE(j["ok"].get<bool>());
  bool saw_origins = false;
  for (const auto& c : j["checks"]) saw_origins = saw_origins || c["check"] == "manifest.origins";
  EXPECT_TRUE(saw_origins);
}

}  // namespace
}  // namespace zcrm::doctor
