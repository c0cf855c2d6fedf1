// Each way a host manifest can keep the browser from finding or starting the host is named, with its fix.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "doctor/manifest_check.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kId = ZCRM_TEST_CHROMIUM_ID;
constexpr const char* kGecko = ZCRM_TEST_GECKO_ID;

class DoctorManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::MakeTempDir("/tmp/zcrm-doctor-test-XXXXXX");
    host_ = dir_ / "zcrm-bridge";
    std::ofstream(host_) << "#!/bin/sh\n";
    ::chmod(host_.c_str(), 0755);
  }
  void TearDown() override { test_support::RemoveTree(dir_); }

  json Chromium() const {
    return {{"name", ZCRM_TEST_HOST_NAME},
            {"description", "d"},
            {"path", host_.string()},
            {"type", "stdio"},
            {"allowed_origins", {std::string("chrome-extension://") + kId + "/"}}};
  }
  json Firefox() const {
    json m = Chromium();
    m.erase("allowed_origins");
    m["allowed_extensions"] = {kGecko};
    return m;
  }

  // Writes text as <dir>/<file> and checks it as family; returns the report.
  Report Check(const std::string& text, const std::string& family = "chromium",
               const std::string& file = ZCRM_TEST_HOST_NAME ".json") {
    std::ofstream(dir_ / file) << text;
    Report report;
    host_found_ =
        CheckManifest(dir_ / file, {ZCRM_TEST_HOST_NAME, family, kId, kGecko, "install.sh"}, "b", report)
            .has_value();
    return report;
  }

  // The one failure of a report: its check name and fix.
  static std::pair<std::string, std::string> OnlyFailure(const Report& report) {
    std::pair<std::string, std::string> failure{"none", ""};
    int count = 0;
    for (const auto& f : report.findings()) {
      if (f.status == Status::kFail) {
        failure = {f.check, f.fix};
        ++count;
      }
    }
    EXPECT_LE(count, 1) << "more than one failure";
    return failure;
  }

  fs::path dir_, host_;
  bool host_found_ = false;
};

TEST_F(DoctorManifest, GoodChromiumManifestPassesEveryCheck) {
  const auto r = Check(Chromium().dump());
  EXPECT_FALSE(r.failed());
  EXPECT_TRUE(host_found_);
  for (const char* check : {"manifest.json", "manifest.name", "manifest.type", "manifest.path",
                            "manifest.executable", "manifest.origins"}) {
    ASSERT_NE(r.Find("b", check), nullptr) << check;
    EXPECT_EQ(r.Find("b", check)->status, Status::kOk) << check;
  }
}

TEST_F(DoctorManifest, GoodFirefoxManifestPasses) {
  const auto r = Check(Firefox().dump(), "firefox");
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.Find("b", "manifest.extensions")->status, Status::kOk);
}

TEST_F(DoctorManifest, BadJsonIsNamedAndNothingElseIsChecked) {
  const auto r = Check("{\"name\": ");
  EXPECT_EQ(OnlyFailure(r).first, "manifest.json");
  EXPECT_NE(OnlyFailure(r).second.find("install.sh"), std::string::npos);
  EXPECT_FALSE(host_found_);
}

TEST_F(DoctorManifest, NameOtherThanTheFileStem) {
  auto m = Chromium();
  m["name"] = "dev.other";
  const auto [check, fix] = OnlyFailure(Check(m.dump()));
  EXPECT_EQ(check, "manifest.name");
  EXPECT_NE(fix.find("\"name\": \"" ZCRM_TEST_HOST_NAME "\""), std::string::npos) << fix;
}

TEST_F(DoctorManifest, FileNamedAfterAnotherHost) {
  auto m = Chromium();
  m["name"] = "dev.other";
  EXPECT_EQ(OnlyFailure(Check(m.dump(), "chromium", "dev.other.json")).first, "manifest.name");
}

TEST_F(DoctorManifest, TypeOtherThanStdio) {
  auto m = Chromium();
  m["type"] = "socket";
  EXPECT_EQ(OnlyFailure(Check(m.dump())).first, "manifest.type");
}

TEST_F(DoctorManifest, RelativePath) {
  auto m = Chromium();
  m["path"] = "build/host/zcrm-bridge";
  const auto [check, fix] = OnlyFailure(Check(m.dump()));
  EXPECT_EQ(check, "manifest.path");
  EXPECT_NE(fix.find("absolute"), std::string::npos) << fix;
  EXPECT_FALSE(host_found_);
}

TEST_F(DoctorManifest, MissingHost) {
  auto m = Chromium();
  m["path"] = (dir_ / "gone").string();
  const auto [check, fix] = OnlyFailure(Check(m.dump()));
  EXPECT_EQ(check, "manifest.executable");
  EXPECT_NE(fix.find("--host"), std::string::npos) << fix;
}

TEST_F(DoctorManifest, HostWithoutExecuteBit) {
  ::chmod(host_.c_str(), 0644);
  const auto [check, fix] = OnlyFailure(Check(Chromium().dump()));
  EXPECT_EQ(check, "manifest.executable");
  EXPECT_EQ(fix, "chmod 755 '" + host_.string() + "'");
}

TEST_F(DoctorManifest, OriginWithoutTrailingSlash) {
  auto m = Chromium();
  m["allowed_origins"] = {std::string("chrome-extension://") + kId};
  const auto [check, fix] = OnlyFailure(Check(m.dump()));
  EXPECT_EQ(check, "manifest.origins");
  EXPECT_NE(fix.find("trailing /"), std::string::npos) << fix;
}

TEST_F(DoctorManifest, OriginOfAnotherExtension) {
  auto m = Chromium();
  m["allowed_origins"] = {"chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"};
  const auto [check, fix] = OnlyFailure(Check(m.dump()));
  EXPECT_EQ(check, "manifest.origins");
  EXPECT_NE(fix.find(std::string("chrome-extension://") + kId + "/"), std::string::npos) << fix;
}

TEST_F(DoctorManifest, WildcardOrigin) {
  auto m = Chromium();
  m["allowed_origins"] = {"chrome-extension://*/"};
  EXPECT_EQ(OnlyFailure(Check(m.dump())).first, "manifest.origins");
}

TEST_F(DoctorManifest, FirefoxManifestInAChromiumFolder) {
  const auto r = Check(Firefox().dump(), "chromium");
  EXPECT_EQ(OnlyFailure(r).first, "manifest.origins");
  EXPECT_NE(r.Find("b", "manifest.origins")->detail.find("Firefox manifest"), std::string::npos);
}

TEST_F(DoctorManifest, FirefoxManifestWithAnotherAddOn) {
  auto m = Firefox();
  m["allowed_extensions"] = {"other@example.org"};
  const auto [check, fix] = OnlyFailure(Check(m.dump(), "firefox"));
  EXPECT_EQ(check, "manifest.extensions");
  EXPECT_NE(fix.find(kGecko), std::string::npos) << fix;
}

}  // namespace
}  // namespace zcrm::doctor
