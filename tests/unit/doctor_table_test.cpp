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
  EXPECT_EQ(Browsers(BuiltinTable()), (std::vector<std::string>{"chrome", "chromium", "brave", "edge",
                                                                "vivaldi", "opera", "firefox", "librewolf"}));
}

TEST(DoctorTable, EveryBrowserHasLinuxAndMacosUserFoldersAndALinuxSystemFolder) {
  const auto& t = BuiltinTable();
  for (const auto& b : Browsers(t)) {
    EXPECT_FALSE(Values(t, b, "linux", "user").empty()) << b;
    EXPECT_FALSE(Values(t, b, "linux", "system").empty()) << b;
    EXPECT_FALSE(Values(t, b, "macos", "user").empty()) << b;
    EXPECT_FALSE(Values(t, b, "linux", "bin").empty()) << b;
    EXPECT_EQ(Values(t, b, "windows", "key").size(), 1u) << b;
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
  EXPECT_EQ(id.host_name, "dev.zcrm_bridge");
  EXPECT_EQ(id.chromium_id, "mciafbmjacfgnhggggcgpdideanjcieg");
  EXPECT_EQ(id.gecko_id, "zcrm-bridge@zcrm-bridge.dev");
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

}  // namespace
}  // namespace zcrm::doctor
