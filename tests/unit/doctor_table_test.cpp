// The browser folder table compiled into the doctor (installer/browsers.tsv) and the folders it derives from
// it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "doctor/doctor.hpp"
#include "doctor/tables.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;

std::string First(const Table& t, const char* browser, const char* os, const char* kind) {
  const auto v = Values(t, browser, os, kind);
  return v.empty() ? "<none>" : v.front();
}

TEST(DoctorTable, NamesEveryBrowserTheInstallerSupports) {
  EXPECT_EQ(Browsers(BuiltinTable()),
            (std::vector<std::string>{"chrome", "chromium", "brave", "edge", "vivaldi", "opera",
                                      "chrome-beta", "chrome-dev", "chrome-canary", "ungoogled-chromium",
                                      "thorium", "firefox", "librewolf", "floorp", "zen", "waterfox"}));
}

TEST(DoctorTable, EveryBrowserHasLinuxAndMacosUserFoldersAndALinuxSystemFolder) {
  const auto& t = BuiltinTable();
  // Where these read system-wide on Linux, or on Windows, is not known (installer/browsers.tsv has no row).
  const std::vector<std::string> no_system_folder = {"floorp", "waterfox"};
  const std::vector<std::string> no_windows_key = {"floorp", "zen", "waterfox"};
  const auto in = [](const std::vector<std::string>& v, const std::string& b) {
    return std::find(v.begin(), v.end(), b) != v.end();
  };
  for (const auto& b : Browsers(t)) {
    EXPECT_FALSE(Values(t, b, "linux", "user").empty()) << b;
    EXPECT_EQ(Values(t, b, "linux", "system").empty(), in(no_system_folder, b)) << b;
    EXPECT_FALSE(Values(t, b, "macos", "user").empty()) << b;
    EXPECT_FALSE(Values(t, b, "linux", "bin").empty()) << b;
    EXPECT_EQ(Values(t, b, "windows", "key").size(), in(no_windows_key, b) ? 0u : 1u) << b;
    for (const auto& row : t) {
      if (row.browser == b) {
        EXPECT_EQ(row.family, FamilyOf(t, b)) << b << " has rows of two families";
      }
    }
  }
}

TEST(DoctorTable, LinuxFoldersAreTheOnesEachBrowserReads) {
  const auto& t = BuiltinTable();
  EXPECT_EQ(First(t, "chrome", "linux", "user"), "${CONFIG}/google-chrome/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chrome", "linux", "system"), "/etc/opt/chrome/native-messaging-hosts");
  EXPECT_EQ(First(t, "chromium", "linux", "user"), "${CONFIG}/chromium/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chromium", "linux", "system"), "/etc/chromium/native-messaging-hosts");
  EXPECT_EQ(First(t, "brave", "linux", "user"), "${CONFIG}/BraveSoftware/Brave-Browser/NativeMessagingHosts");
  EXPECT_EQ(First(t, "edge", "linux", "user"), "${CONFIG}/microsoft-edge/NativeMessagingHosts");
  EXPECT_EQ(First(t, "edge", "linux", "system"), "/etc/opt/edge/native-messaging-hosts");
  EXPECT_EQ(First(t, "vivaldi", "linux", "user"), "${CONFIG}/vivaldi/NativeMessagingHosts");
  EXPECT_EQ(First(t, "opera", "linux", "user"), "${CONFIG}/opera/NativeMessagingHosts");
  EXPECT_EQ(First(t, "firefox", "linux", "user"), "${HOME}/.mozilla/native-messaging-hosts");
  EXPECT_EQ(First(t, "firefox", "linux", "system"), "/usr/lib/mozilla/native-messaging-hosts");
  EXPECT_EQ(First(t, "librewolf", "linux", "user"), "${HOME}/.librewolf/native-messaging-hosts");
  EXPECT_EQ(FamilyOf(t, "librewolf"), "firefox");
  EXPECT_EQ(FamilyOf(t, "opera"), "chromium");
}

TEST(DoctorTable, LinuxFoldersOfTheChannelsAndForks) {
  const auto& t = BuiltinTable();
  EXPECT_EQ(First(t, "chrome-beta", "linux", "user"), "${CONFIG}/google-chrome-beta/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chrome-dev", "linux", "user"), "${CONFIG}/google-chrome-unstable/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chrome-canary", "linux", "user"),
            "${CONFIG}/google-chrome-canary/NativeMessagingHosts");
  for (const char* channel : {"chrome-beta", "chrome-dev", "chrome-canary"}) {
    EXPECT_EQ(First(t, channel, "linux", "system"), "/etc/opt/chrome/native-messaging-hosts") << channel;
  }
  // Builds of Chromium read Chromium's folders; Thorium has its own user folder.
  EXPECT_EQ(First(t, "ungoogled-chromium", "linux", "user"), "${CONFIG}/chromium/NativeMessagingHosts");
  EXPECT_EQ(First(t, "thorium", "linux", "user"), "${CONFIG}/thorium/NativeMessagingHosts");
  EXPECT_EQ(First(t, "thorium", "linux", "system"), "/etc/chromium/native-messaging-hosts");
  EXPECT_EQ(First(t, "floorp", "linux", "user"), "${HOME}/.floorp/native-messaging-hosts");
  EXPECT_EQ(First(t, "waterfox", "linux", "user"), "${HOME}/.waterfox/native-messaging-hosts");
  // Zen reads Firefox's folder, not ~/.zen; ~/.zen only tells that Zen is there.
  EXPECT_EQ(First(t, "zen", "linux", "user"), "${HOME}/.mozilla/native-messaging-hosts");
  EXPECT_EQ(First(t, "zen", "linux", "profile"), "${HOME}/.zen");
  for (const char* fork : {"floorp", "zen", "waterfox"}) EXPECT_EQ(FamilyOf(t, fork), "firefox") << fork;
}

TEST(DoctorTable, MacosAndWindowsPlacesOfTheMainBrowsers) {
  const auto& t = BuiltinTable();
  EXPECT_EQ(First(t, "chrome", "macos", "user"),
            "${HOME}/Library/Application Support/Google/Chrome/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chrome", "macos", "system"), "/Library/Google/Chrome/NativeMessagingHosts");
  EXPECT_EQ(First(t, "firefox", "macos", "user"),
            "${HOME}/Library/Application Support/Mozilla/NativeMessagingHosts");
  EXPECT_EQ(First(t, "chrome", "windows", "key"), "SOFTWARE\\Google\\Chrome\\NativeMessagingHosts");
  EXPECT_EQ(First(t, "chromium", "windows", "key"), "SOFTWARE\\Chromium\\NativeMessagingHosts");
  EXPECT_EQ(First(t, "edge", "windows", "key"), "SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts");
  EXPECT_EQ(First(t, "firefox", "windows", "key"), "SOFTWARE\\Mozilla\\NativeMessagingHosts");
}

TEST(DoctorTable, IdentityIsTheBuildsOne) {
  const auto id = BuiltinIdentity();
  EXPECT_EQ(id.host_name, ZCRM_TEST_HOST_NAME);
  EXPECT_EQ(id.chromium_id, ZCRM_TEST_CHROMIUM_ID);
  EXPECT_EQ(id.gecko_id, ZCRM_TEST_GECKO_ID);
}

TEST(DoctorTable, ParseSkipsCommentsBlankLinesAndCarriageReturns) {
  const auto t =
      ParseTable("# comment\n\nx\tchromium\tlinux\tuser\t/a b\tnote\r\ny\tfirefox\tmacos\tsystem\t/c");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].value, "/a b");
  EXPECT_EQ(t[1].browser, "y");
  EXPECT_EQ(t[1].value, "/c");
}

TEST(DoctorTable, ParseRejectsShortRowsAndUnknownWords) {
  EXPECT_THROW(ParseTable("x\tchromium\tlinux\tuser"), std::invalid_argument);
  EXPECT_THROW(ParseTable("x\tsafari\tlinux\tuser\t/a"), std::invalid_argument);
  EXPECT_THROW(ParseTable("x\tchromium\tbeos\tuser\t/a"), std::invalid_argument);
  EXPECT_THROW(ParseTable("x\tchromium\tlinux\tfolder\t/a"), std::invalid_argument);
  EXPECT_NO_THROW(ParseTable("x\tfirefox\tlinux\tprofile\t${HOME}/.x"));
}

TEST(DoctorTable, ExpandFillsHomeAndConfig) {
  EXPECT_EQ(Expand("${CONFIG}/chromium/X", "/h", "/h/.cfg"), "/h/.cfg/chromium/X");
  EXPECT_EQ(Expand("${HOME}/.mozilla/${HOME}", "/h", "/c"), "/h/.mozilla//h");
}

TEST(DoctorTable, ProfileFolderReplacesTheUserFolderOfChromiumBrowsersOnly) {
  Options o;
  o.home = "/h";
  o.config_home = "/h/.config";
  o.profile_dirs = {"/p"};
  const auto chromium = ManifestFolders(BuiltinTable(), "chromium", o);
  ASSERT_EQ(chromium.size(), 2u);
  EXPECT_EQ(chromium[0], fs::path("/p/NativeMessagingHosts"));
  EXPECT_EQ(chromium[1], fs::path("/etc/chromium/native-messaging-hosts"));
  const auto firefox = ManifestFolders(BuiltinTable(), "firefox", o);
  EXPECT_EQ(firefox.front(), fs::path("/h/.mozilla/native-messaging-hosts"));
}

TEST(DoctorTable, DetectsBrowsersByProgramOnPathOrSettingsFolder) {
  test_support::TempDir tmp("/tmp/zcrm-doctor-test-XXXXXX");
  fs::create_directories(tmp.path() / "bin");
  fs::create_directories(tmp.path() / "home/.config/vivaldi");
  std::ofstream(tmp.path() / "bin/brave-browser") << "#!/bin/sh\n";
  ::chmod((tmp.path() / "bin/brave-browser").c_str(), 0755);
  std::ofstream(tmp.path() / "bin/opera") << "not executable";
  Options o;
  o.home = (tmp.path() / "home").string();
  o.config_home = o.home + "/.config";
  o.path_env = (tmp.path() / "bin").string();
  auto found = DetectBrowsers(BuiltinTable(), o, BuiltinIdentity());
  // System folders of this machine may hold our manifest (a package install); only look at the rest.
  EXPECT_NE(std::find(found.begin(), found.end(), "brave"), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), "vivaldi"), found.end());
  EXPECT_EQ(std::find(found.begin(), found.end(), "opera"), found.end());
  EXPECT_EQ(std::find(found.begin(), found.end(), "librewolf"), found.end());
}

bool Has(const std::vector<std::string>& found, const char* browser) {
  return std::find(found.begin(), found.end(), browser) != found.end();
}

// Zen and ungoogled-chromium read Firefox's and Chromium's folders: those are no sign of them.
TEST(DoctorTable, AFolderTwoBrowsersShareIsNoSignOfTheSecond) {
  test_support::TempDir tmp("/tmp/zcrm-doctor-test-XXXXXX");
  fs::create_directories(tmp.path() / "home/.mozilla/native-messaging-hosts");
  std::ofstream(tmp.path() / "home/.mozilla/native-messaging-hosts/" ZCRM_TEST_HOST_NAME ".json") << "{}";
  fs::create_directories(tmp.path() / "home/.config/chromium/NativeMessagingHosts");
  std::ofstream(tmp.path() / "home/.config/chromium/NativeMessagingHosts/" ZCRM_TEST_HOST_NAME ".json")
      << "{}";
  fs::create_directories(tmp.path() / "bin");
  Options o;
  o.home = (tmp.path() / "home").string();
  o.config_home = o.home + "/.config";
  o.path_env = (tmp.path() / "bin").string();
  auto found = DetectBrowsers(BuiltinTable(), o, BuiltinIdentity());
  EXPECT_TRUE(Has(found, "firefox"));
  EXPECT_TRUE(Has(found, "chromium"));
  EXPECT_FALSE(Has(found, "zen"));
  EXPECT_FALSE(Has(found, "ungoogled-chromium"));

  fs::create_directories(tmp.path() / "home/.zen");
  std::ofstream(tmp.path() / "bin/ungoogled-chromium") << "#!/bin/sh\n";
  ::chmod((tmp.path() / "bin/ungoogled-chromium").c_str(), 0755);
  found = DetectBrowsers(BuiltinTable(), o, BuiltinIdentity());
  EXPECT_TRUE(Has(found, "zen"));
  EXPECT_TRUE(Has(found, "ungoogled-chromium"));
}

}  // namespace
}  // namespace zcrm::doctor
