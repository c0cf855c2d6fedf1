// Managed settings in the doctor: the policy table compiled in (installer/policies.tsv), the policy files it
// reads under a temporary root, and what it says about them (which browser, which settings, what the
// extension ignores, browsers that disagree).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "doctor/managed_fields.hpp"
#include "doctor/policy_check.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const Identity kId{ZCRM_TEST_HOST_NAME, ZCRM_TEST_CHROMIUM_ID, ZCRM_TEST_GECKO_ID};

class DoctorManaged : public ::testing::Test {
 protected:
  void SetUp() override { root_ = test_support::MakeTempDir("/tmp/zcrm-doctor-managed-XXXXXX"); }
  void TearDown() override { test_support::RemoveTree(root_); }

  void Write(const std::string& logical, const std::string& text) {
    const auto file = root_ / fs::path(logical).relative_path();
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  void Chromium(const std::string& folder, const json& settings,
                const std::string& name = "zcrm-bridge.json") {
    Write(folder + "/" + name, json{{"3rdparty", {{"extensions", {{kId.chromium_id, settings}}}}}}.dump());
  }
  void Firefox(const std::string& file, const json& settings, json policies = json::object()) {
    policies["3rdparty"]["Extensions"][kId.gecko_id] = settings;
    Write(file, json{{"policies", policies}}.dump());
  }
  Report Check() {
    Report r;
    CheckManaged(BuiltinPolicyTable(), root_, kId, r);
    return r;
  }
  static std::vector<const Finding*> All(const Report& r, const std::string& check) {
    std::vector<const Finding*> out;
    for (const auto& f : r.findings())
      if (f.check == check) out.push_back(&f);
    return out;
  }

  fs::path root_;
};

TEST(DoctorPolicyTable, KnowsTheLinuxPolicyFoldersOfEachBrowser) {
  std::map<std::string, std::string> linux;
  for (const auto& r : BuiltinPolicyTable())
    if (r.os == "linux" && (r.kind == "dir" || r.kind == "file")) linux[r.browser] = r.value;
  EXPECT_EQ(linux, (std::map<std::string, std::string>{{"chrome", "/etc/opt/chrome/policies/managed"},
                                                       {"chromium", "/etc/chromium/policies/managed"},
                                                       {"edge", "/etc/opt/edge/policies/managed"},
                                                       {"brave", "/etc/brave/policies/managed"},
                                                       {"firefox", "/etc/firefox/policies/policies.json"}}));
}

TEST(DoctorPolicyTable, RefusesABrokenRow) {
  EXPECT_THROW(ParsePolicyTable("chrome\tlinux\tdir\n"), std::invalid_argument);
  EXPECT_THROW(ParsePolicyTable("chrome\tlinux\tfolder\t/x\n"), std::invalid_argument);
  EXPECT_EQ(ParsePolicyTable("# c\n\nchrome\tlinux\tdir\t/x\tdocumented\r\n").size(), 1u);
}

TEST_F(DoctorManaged, NothingManagedIsOneInfoLine) {
  const auto r = Check();
  ASSERT_EQ(r.findings().size(), 1u);
  EXPECT_EQ(r.findings()[0].check, "managed.none");
  EXPECT_EQ(r.findings()[0].status, Status::kInfo);
  EXPECT_FALSE(r.failed());
}

TEST_F(DoctorManaged, NamesTheBrowserTheFileAndTheSettings) {
  Chromium("/etc/chromium/policies/managed", {{"clientId", "1000.ORG"}, {"dc", "eu"}});
  Firefox("/etc/firefox/policies/policies.json", {{"clientId", "1000.ORG"}}, {{"DisableTelemetry", true}});
  const auto r = Check();
  EXPECT_FALSE(r.failed());
  const auto* chromium = r.Find("chromium", "managed.settings");
  ASSERT_NE(chromium, nullptr);
  EXPECT_NE(chromium->detail.find("etc/chromium/policies/managed/zcrm-bridge.json: clientId, dc (2 settings"),
            std::string::npos)
      << chromium->detail;
  ASSERT_NE(r.Find("firefox", "managed.settings"), nullptr);
  EXPECT_EQ(r.Find("chrome", "managed.settings"), nullptr);
  EXPECT_EQ(r.Find("managed", "managed.none"), nullptr);
  EXPECT_EQ(r.Find("managed", "managed.conflict"), nullptr);
}

TEST_F(DoctorManaged, AnInvalidSettingFailsWithTheFieldAndTheFix) {
  Chromium("/etc/opt/chrome/policies/managed",
           {{"clientId", "1000.ORG"}, {"dc", "mars"}, {"crmConcurrency", 99}});
  const auto r = Check();
  EXPECT_TRUE(r.failed());
  const auto invalid = All(r, "managed.invalid");
  ASSERT_EQ(invalid.size(), 2u);
  EXPECT_EQ(invalid[0]->scope, "chrome");
  EXPECT_EQ(invalid[0]->detail.rfind("crmConcurrency: ", 0), 0u) << invalid[0]->detail;
  EXPECT_EQ(invalid[1]->detail.rfind("dc: the data centre is one of us, eu", 0), 0u) << invalid[1]->detail;
  EXPECT_NE(invalid[1]->fix.find("correct \"dc\" in "), std::string::npos);
  EXPECT_NE(invalid[1]->fix.find("install.sh --managed"), std::string::npos);
}

TEST_F(DoctorManaged, AValueOfTheWrongTypeFailsInTheChromiumFamilyOnly) {
  // The extension would take "10" and 8, but Chromium checks types against managed_schema.json and drops
  // them.
  const json settings = {{"crmConcurrency", "10"}, {"crmVersion", 8}, {"webApps", {"https://a.example.com"}}};
  Chromium("/etc/opt/chrome/policies/managed", settings);
  Firefox("/etc/firefox/policies/policies.json", settings);
  const auto r = Check();
  const auto invalid = All(r, "managed.invalid");
  ASSERT_EQ(invalid.size(), 3u);
  for (const auto* f : invalid) EXPECT_EQ(f->scope, "chrome");
  EXPECT_EQ(invalid[0]->detail.rfind(
                "crmConcurrency is a string, not an integer (extension/managed_schema.json), so "
                "chrome drops it",
                0),
            0u)
      << invalid[0]->detail;
  EXPECT_NE(invalid[2]->detail.find("webApps[0] is a string, not an object"), std::string::npos)
      << invalid[2]->detail;
  EXPECT_EQ(r.Find("firefox", "managed.invalid"), nullptr);
}

TEST_F(DoctorManaged, AnUnknownKeyIsAWarning) {
  Chromium("/etc/brave/policies/managed", {{"clientID", "1000.TYPO"}});
  const auto r = Check();
  EXPECT_FALSE(r.failed());
  const auto* f = r.Find("brave", "managed.unknown");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->status, Status::kWarn);
  EXPECT_NE(f->fix.find("clientId"), std::string::npos);
}

TEST_F(DoctorManaged, BrowsersWithDifferentClientIdsConflict) {
  Chromium("/etc/opt/chrome/policies/managed", {{"clientId", "1000.A"}, {"dc", "eu"}});
  Chromium("/etc/opt/edge/policies/managed", {{"clientId", "1000.A"}, {"dc", "eu"}});
  Firefox("/etc/firefox/policies/policies.json", {{"clientId", "1000.B"}, {"dc", "eu"}});
  const auto r = Check();
  const auto conflicts = All(r, "managed.conflict");
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0]->scope, "managed");
  EXPECT_EQ(conflicts[0]->status, Status::kWarn);
  EXPECT_EQ(conflicts[0]->detail,
            "clientId differs between browsers: chrome \"1000.A\", edge \"1000.A\", firefox \"1000.B\"");
}

TEST_F(DoctorManaged, AnInvalidValueIsNoConflict) {
  Chromium("/etc/opt/chrome/policies/managed", {{"dc", "eu"}});
  Chromium("/etc/chromium/policies/managed", {{"dc", "mars"}});
  const auto r = Check();
  EXPECT_EQ(r.Find("managed", "managed.conflict"), nullptr);
  EXPECT_NE(r.Find("chromium", "managed.invalid"), nullptr);
}

TEST_F(DoctorManaged, APolicyFileThatIsNotJsonFails) {
  Write("/etc/opt/edge/policies/managed/other.json", "{\"HomepageLocation\": ");
  const auto r = Check();
  const auto* f = r.Find("edge", "managed.json");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->status, Status::kFail);
  EXPECT_NE(f->detail.find("other.json is not valid JSON"), std::string::npos);
}

TEST_F(DoctorManaged, SeveralFilesInOneFolderAreReported) {
  Chromium("/etc/chromium/policies/managed", {{"clientId", "1000.A"}}, "a.json");
  Chromium("/etc/chromium/policies/managed", {{"dc", "eu"}}, "zcrm-bridge.json");
  const auto r = Check();
  EXPECT_NE(r.Find("chromium", "managed.files"), nullptr);
  EXPECT_NE(r.Find("chromium", "managed.settings")->detail.find("clientId, dc"), std::string::npos);
}

TEST_F(DoctorManaged, ForcedInstallationIsShown) {
  Write("/etc/opt/chrome/policies/managed/zcrm-bridge.json",
        json{{"ExtensionSettings",
              {{kId.chromium_id,
                {{"installation_mode", "force_installed"}, {"update_url", "https://u.example/x.xml"}}}}}}
            .dump());
  const auto r = Check();
  const auto* f = r.Find("chrome", "managed.install");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("force_installed from https://u.example/x.xml"), std::string::npos);
}

TEST_F(DoctorManaged, FirefoxReadsTheDistributionFileOnlyWithoutTheSystemOne) {
  Firefox("/usr/lib/firefox-esr/distribution/policies.json", {{"clientId", "1000.DIST"}});
  auto r = Check();
  ASSERT_NE(r.Find("firefox", "managed.settings"), nullptr);
  EXPECT_NE(r.Find("firefox", "managed.settings")->detail.find("distribution/policies.json"),
            std::string::npos);
  EXPECT_EQ(r.Find("firefox", "managed.hidden"), nullptr);
  Write("/etc/firefox/policies/policies.json", R"({"policies": {}})");
  r = Check();
  EXPECT_EQ(r.Find("firefox", "managed.settings"), nullptr);
  ASSERT_NE(r.Find("firefox", "managed.hidden"), nullptr);
}

TEST_F(DoctorManaged, FirefoxTakesTheAddOnsPolicyAsAJsonString) {
  Write("/etc/firefox/policies/policies.json",
        json{{"policies", {{"3rdparty", {{"Extensions", {{kId.gecko_id, R"({"clientId": "1000.S"})"}}}}}}}}
            .dump());
  const auto r = Check();
  ASSERT_NE(r.Find("firefox", "managed.settings"), nullptr);
  EXPECT_FALSE(r.failed());
}

TEST(DoctorManagedFields, AcceptsWhatTheExtensionAccepts) {
  const json good = {{"clientId", " 1000.ORG "},
                     {"dc", "EU"},
                     {"scopes", {"ZohoCRM.users.READ", ""}},
                     {"crmVersion", "v2.1"},
                     {"accountSource", {{"type", "module"}, {"module", "Contacts"}}},
                     {"webApps",
                      {{{"origin", "https://crm.example.com/"},
                        {"level", "crm"},
                        {"modules", {{{"name", "Accounts"}, {"methods", {"post"}}}}}},
                       {{"origin", "http://localhost:8080"}, {"canReadToken", true}},
                       "https://b.example.com"}},
                     {"redirectCaptures", {"https://crm.example.com/LoginRedirect?x=1"}},
                     {"baseUrlOverride", {{"accounts", "https://proxy.example.com"}, {"api", ""}}},
                     {"dcOverrides", {{"eu", {{"accounts", "http://127.0.0.1:9000"}}}}},
                     {"refreshEarlyMinutes", "7"},
                     {"crmConcurrency", 25}};
  EXPECT_TRUE(CheckManagedSettings(good).empty()) << CheckManagedSettings(good).front().field;
}

TEST(DoctorManagedFields, NamesEachFieldTheExtensionIgnores) {
  const json bad = {{"clientId", "not a client id"},
                    {"dc", "mars"},
                    {"scopes", json::array()},
                    {"crmVersion", 9},
                    {"accountSource", {{"type", "module"}, {"fields", json::array()}}},
                    {"webApps", {{{"origin", "http://example.com"}}}},
                    {"redirectCaptures", {"https://a.example.com/#x"}},
                    {"baseUrlOverride", {{"api", "https://proxy.example.com/path"}}},
                    {"dcOverrides", {{"mars", json::object()}}},
                    {"refreshEarlyMinutes", 31},
                    {"crmConcurrency", 2.5},
                    {"extra", 1}};
  std::vector<std::string> fields;
  for (const auto& p : CheckManagedSettings(bad)) fields.push_back(p.field + (p.unknown ? "?" : ""));
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields,
            (std::vector<std::string>{"accountSource", "baseUrlOverride", "clientId", "crmConcurrency",
                                      "crmVersion", "dc", "dcOverrides", "extra?", "redirectCaptures",
                                      "refreshEarlyMinutes", "scopes", "webApps"}));
  EXPECT_EQ(CheckManagedSettings(json::array()).front().field, "*");
}

}  // namespace
}  // namespace zcrm::doctor
