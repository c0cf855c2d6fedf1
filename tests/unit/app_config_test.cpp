// config.json: a missing file gives safe defaults, a valid file is read field by field, anything invalid is
// CONFIG_INVALID, and the state directory follows ZCRM_BRIDGE_HOME, XDG_CONFIG_HOME, HOME in that order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "error/host_error.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A fresh mkdtemp folder per test, never $HOME.
class TempDir : public test_support::TempDir {
 public:
  TempDir() : test_support::TempDir(test_support::UnderTempDir("zcrm-config-test")) {}
};

// Sets or unsets environment variables for one test and restores what was there before.
class EnvGuard {
 public:
  EnvGuard() {
    for (const char* name : {"ZCRM_BRIDGE_HOME", "XDG_CONFIG_HOME", "HOME"}) {
      const char* value = std::getenv(name);
      saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;
  ~EnvGuard() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  static void Set(const char* name, const char* value) { ::setenv(name, value, 1); }
  static void Unset(const char* name) { ::unsetenv(name); }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

struct Failure {
  std::string code;
  std::string message;
};

Failure LoadFailure(const fs::path& dir) {
  try {
    (void)LoadConfig(dir);
  } catch (const HostError& e) {
    return {std::string(ErrorCodeName(e.code())), e.what()};
  }
  return {"no error", ""};
}

TEST(AppConfig, MissingFileGivesDefaultsAndNoAllowedIds) {
  TempDir tmp;
  const auto config = LoadConfig(tmp.path());
  EXPECT_TRUE(config.allowed_extensions.empty());
  EXPECT_EQ(config.settings.refresh_margin_ms, 300000);
  EXPECT_EQ(config.settings.login.max, 10);
  EXPECT_EQ(config.settings.login.window_ms, 600000);
  EXPECT_EQ(config.settings.refresh.max, 20);
  EXPECT_EQ(config.settings.refresh.window_ms, 1200000);
}

TEST(AppConfig, MissingStateDirGivesDefaults) {
  TempDir tmp;
  const auto config = LoadConfig(tmp.path() / "does-not-exist", "");
  EXPECT_TRUE(config.allowed_extensions.empty());
  EXPECT_EQ(config.settings.refresh_margin_ms, 300000);
}

TEST(AppConfig, SystemConfigServesAStateDirWithoutItsOwn) {
  TempDir tmp;
  const auto system = tmp.path() / "system-config.json";
  std::ofstream(system) << R"({"allowed_extensions": [")" ZCRM_TEST_CHROMIUM_ID R"("]})";
  EXPECT_EQ(LoadConfig(tmp.path() / "state", system).allowed_extensions,
            std::vector<std::string>{ZCRM_TEST_CHROMIUM_ID});
}

TEST(AppConfig, OwnConfigWinsOverTheSystemConfig) {
  TempDir tmp;
  const auto system = tmp.path() / "system-config.json";
  std::ofstream(system) << R"({"allowed_extensions": ["system"]})";
  std::filesystem::create_directories(tmp.path() / "state");
  std::ofstream(tmp.path() / "state" / "config.json") << R"({"allowed_extensions": ["own"]})";
  EXPECT_EQ(LoadConfig(tmp.path() / "state", system).allowed_extensions, std::vector<std::string>{"own"});
}

TEST(AppConfig, ValidFileIsRead) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": ["abcdefghijklmnopabcdefghijklmnop", "zcrm@example.com"],
    "refresh_margin_s": 120, "limits": {"login": {"max": 3, "window_s": 60}, "refresh": {"max": 7, "window_s": 90}}})");
  const auto config = LoadConfig(tmp.path());
  EXPECT_EQ(config.allowed_extensions,
            (std::vector<std::string>{"abcdefghijklmnopabcdefghijklmnop", "zcrm@example.com"}));
  EXPECT_EQ(config.settings.refresh_margin_ms, 120000);
  EXPECT_EQ(config.settings.login.max, 3);
  EXPECT_EQ(config.settings.login.window_ms, 60000);
  EXPECT_EQ(config.settings.refresh.max, 7);
  EXPECT_EQ(config.settings.refresh.window_ms, 90000);
}

TEST(AppConfig, OnlyAllowedExtensionsKeepsEveryOtherDefault) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": ["zcrm@example.com"]})");
  const auto config = LoadConfig(tmp.path());
  EXPECT_EQ(config.allowed_extensions, (std::vector<std::string>{"zcrm@example.com"}));
  EXPECT_EQ(config.settings.refresh_margin_ms, 300000);
  EXPECT_EQ(config.settings.login.max, 10);
  EXPECT_EQ(config.settings.refresh.window_ms, 1200000);
}

TEST(AppConfig, KeyStoreIsAutoUnlessTheFileSaysKeyringOrFile) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": []})");
  EXPECT_EQ(LoadConfig(tmp.path()).key_store, store::KeyPreference::kAuto);
  tmp.WriteConfig(R"({"allowed_extensions": [], "key_store": "keyring"})");
  EXPECT_EQ(LoadConfig(tmp.path()).key_store, store::KeyPreference::kKeyring);
  tmp.WriteConfig(R"({"allowed_extensions": [], "key_store": "file"})");
  EXPECT_EQ(LoadConfig(tmp.path()).key_store, store::KeyPreference::kFile);
}

TEST(AppConfig, PartialLimitsKeepTheDefaultsForTheRest) {
  TempDir tmp;
  tmp.WriteConfig(
      R"({"allowed_extensions": [], "limits": {"login": {"max": 4}, "refresh": {"window_s": 30}}})");
  const auto config = LoadConfig(tmp.path());
  EXPECT_EQ(config.settings.login.max, 4);
  EXPECT_EQ(config.settings.login.window_ms, 600000);
  EXPECT_EQ(config.settings.refresh.max, 20);
  EXPECT_EQ(config.settings.refresh.window_ms, 30000);
}

TEST(AppConfig, BoundaryValuesAreAccepted) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": [], "refresh_margin_s": 0,
    "limits": {"login": {"max": 1, "window_s": 1}, "refresh": {"max": 10000, "window_s": 604800}}})");
  const auto low = LoadConfig(tmp.path());
  EXPECT_EQ(low.settings.refresh_margin_ms, 0);
  EXPECT_EQ(low.settings.login.max, 1);
  EXPECT_EQ(low.settings.login.window_ms, 1000);
  EXPECT_EQ(low.settings.refresh.max, 10000);
  EXPECT_EQ(low.settings.refresh.window_ms, 604800000);
  tmp.WriteConfig(R"({"allowed_extensions": [], "refresh_margin_s": 3600})");
  EXPECT_EQ(LoadConfig(tmp.path()).settings.refresh_margin_ms, 3600000);
}

TEST(AppConfig, UnknownFieldsAreIgnored) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": ["zcrm@example.com"], "comment": "by the installer",
    "limits": {"login": {"max": 2, "note": 1}, "api": {"max": 0}}})");
  const auto config = LoadConfig(tmp.path());
  EXPECT_EQ(config.settings.login.max, 2);
}

// PROTOCOL.md: "every field but allowed_extensions optional", so a config file without it is not valid.
TEST(AppConfig, FileWithoutAllowedExtensionsIsConfigInvalid) {
  TempDir tmp;
  tmp.WriteConfig(R"({"refresh_margin_s": 300})");
  EXPECT_EQ(LoadFailure(tmp.path()).code, "CONFIG_INVALID");
}

struct InvalidCase {
  std::string name;
  std::string text;
  std::string mentions;  // what the message must name
};

class AppConfigInvalid : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(AppConfigInvalid, IsConfigInvalidNamingTheField) {
  TempDir tmp;
  tmp.WriteConfig(GetParam().text);
  const auto f = LoadFailure(tmp.path());
  EXPECT_EQ(f.code, "CONFIG_INVALID");
  EXPECT_THAT(f.message, HasSubstr(GetParam().mentions));
  EXPECT_THAT(f.message, HasSubstr("config.json"));
}

INSTANTIATE_TEST_SUITE_P(
    EachField, AppConfigInvalid,
    ::testing::Values(
        InvalidCase{"NotJson", R"({"allowed_extensions": [)", "JSON object"},
        InvalidCase{"Empty", "", "JSON object"},
        InvalidCase{"NotAnObject", R"(["abcdefghijklmnopabcdefghijklmnop"])", "JSON object"},
        InvalidCase{"AllowedNotAList", R"({"allowed_extensions": "zcrm@example.com"})", "allowed_extensions"},
        InvalidCase{"AllowedHoldsANumber", R"({"allowed_extensions": [42]})", "allowed_extensions"},
        InvalidCase{"AllowedHoldsAnEmptyString", R"({"allowed_extensions": [""]})", "allowed_extensions"},
        InvalidCase{"AllowedHoldsAnOverlongString",
                    R"({"allowed_extensions": [")" + std::string(257, 'a') + "\"]}", "allowed_extensions"},
        InvalidCase{"MarginNegative", R"({"allowed_extensions": [], "refresh_margin_s": -1})",
                    "refresh_margin_s"},
        InvalidCase{"MarginOverAnHour", R"({"allowed_extensions": [], "refresh_margin_s": 3601})",
                    "refresh_margin_s"},
        InvalidCase{"MarginAsString", R"({"allowed_extensions": [], "refresh_margin_s": "300"})",
                    "refresh_margin_s"},
        InvalidCase{"MarginFractional", R"({"allowed_extensions": [], "refresh_margin_s": 1.5})",
                    "refresh_margin_s"},
        InvalidCase{"MarginNull", R"({"allowed_extensions": [], "refresh_margin_s": null})",
                    "refresh_margin_s"},
        InvalidCase{"LimitsNotAnObject", R"({"allowed_extensions": [], "limits": [10, 20]})", "limits"},
        InvalidCase{"LoginNotAnObject", R"({"allowed_extensions": [], "limits": {"login": 10}})",
                    "limits.login"},
        InvalidCase{"RefreshNotAnObject", R"({"allowed_extensions": [], "limits": {"refresh": null}})",
                    "limits.refresh"},
        InvalidCase{"MaxZero", R"({"allowed_extensions": [], "limits": {"login": {"max": 0}}})",
                    "limits.login.max"},
        InvalidCase{"MaxTooLarge", R"({"allowed_extensions": [], "limits": {"refresh": {"max": 10001}}})",
                    "limits.refresh.max"},
        InvalidCase{"MaxAsString", R"({"allowed_extensions": [], "limits": {"login": {"max": "5"}}})",
                    "limits.login.max"},
        InvalidCase{"MaxHuge",
                    R"({"allowed_extensions": [], "limits": {"login": {"max": 18446744073709551615}}})",
                    "limits.login.max"},
        InvalidCase{"WindowZero", R"({"allowed_extensions": [], "limits": {"login": {"window_s": 0}}})",
                    "window_s"},
        InvalidCase{"WindowOverAWeek",
                    R"({"allowed_extensions": [], "limits": {"refresh": {"window_s": 604801}}})", "window_s"},
        InvalidCase{"WindowFractional",
                    R"({"allowed_extensions": [], "limits": {"login": {"window_s": 0.5}}})", "window_s"},
        InvalidCase{"KeyStoreUnknown", R"({"allowed_extensions": [], "key_store": "kwallet"})", "key_store"},
        InvalidCase{"KeyStoreNotAString", R"({"allowed_extensions": [], "key_store": true})", "key_store"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

TEST(AppConfig, StateDirPrefersZcrmBridgeHome) {
  EnvGuard env;
  EnvGuard::Set("ZCRM_BRIDGE_HOME", "/srv/zcrm");
  EnvGuard::Set("XDG_CONFIG_HOME", "/xdg");
  EnvGuard::Set("HOME", "/home/person");
  EXPECT_EQ(StateDir(), fs::path("/srv/zcrm"));
}

TEST(AppConfig, StateDirUsesXdgConfigHomeWithoutZcrmBridgeHome) {
  EnvGuard env;
  EnvGuard::Unset("ZCRM_BRIDGE_HOME");
  EnvGuard::Set("XDG_CONFIG_HOME", "/xdg");
  EnvGuard::Set("HOME", "/home/person");
  EXPECT_EQ(StateDir(), fs::path("/xdg/zcrm-bridge"));
}

TEST(AppConfig, StateDirFallsBackToHomeConfig) {
  EnvGuard env;
  EnvGuard::Unset("ZCRM_BRIDGE_HOME");
  EnvGuard::Unset("XDG_CONFIG_HOME");
  EnvGuard::Set("HOME", "/home/person");
  EXPECT_EQ(StateDir(), fs::path("/home/person/.config/zcrm-bridge"));
}

TEST(AppConfig, StateDirTreatsEmptyVariablesAsUnset) {
  EnvGuard env;
  EnvGuard::Set("ZCRM_BRIDGE_HOME", "");
  EnvGuard::Set("XDG_CONFIG_HOME", "");
  EnvGuard::Set("HOME", "/home/person");
  EXPECT_EQ(StateDir(), fs::path("/home/person/.config/zcrm-bridge"));
  EnvGuard::Set("XDG_CONFIG_HOME", "/xdg");
  EXPECT_EQ(StateDir(), fs::path("/xdg/zcrm-bridge"));
}

TEST(AppConfig, StateDirWithoutAnyVariableIsUnderRoot) {
  EnvGuard env;
  EnvGuard::Unset("ZCRM_BRIDGE_HOME");
  EnvGuard::Unset("XDG_CONFIG_HOME");
  EnvGuard::Unset("HOME");
  EXPECT_EQ(StateDir(), fs::path("/.config/zcrm-bridge"));
}

}  // namespace
}  // namespace zcrm::app
