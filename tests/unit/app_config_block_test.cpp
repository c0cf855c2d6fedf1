// config.json "zoho_block_s": how long the host refuses a kind after Zoho blocked it. Absent gives Zoho's ten
// minutes, 1 s to one day is read, anything else is CONFIG_INVALID naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "app/config.hpp"
#include "error/host_error.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::app {
namespace {

using ::testing::HasSubstr;

// A fresh mkdtemp folder per test, never $HOME.
class TempDir : public test_support::TempDir {
 public:
  TempDir() : test_support::TempDir(test_support::UnderTempDir("zcrm-config-block-test")) {}
};

std::int64_t BlockMsOf(const std::string& config_text) {
  TempDir tmp;
  tmp.WriteConfig(config_text);
  return LoadConfig(tmp.path(), "").settings.zoho_block_ms;
}

TEST(AppConfigBlock, AbsentIsTenMinutes) {
  EXPECT_EQ(BlockMsOf(R"({"allowed_extensions": []})"), 600000);
  TempDir no_file;
  EXPECT_EQ(LoadConfig(no_file.path(), "").settings.zoho_block_ms, 600000);
}

TEST(AppConfigBlock, ValueIsReadInSeconds) {
  EXPECT_EQ(BlockMsOf(R"({"allowed_extensions": [], "zoho_block_s": 900})"), 900000);
}

TEST(AppConfigBlock, BoundsOfOneSecondAndOneDayAreAccepted) {
  EXPECT_EQ(BlockMsOf(R"({"allowed_extensions": [], "zoho_block_s": 1})"), 1000);
  EXPECT_EQ(BlockMsOf(R"({"allowed_extensions": [], "zoho_block_s": 86400})"), 86400000);
}

TEST(AppConfigBlock, OtherSettingsKeepTheirValuesBesideIt) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": [], "zoho_block_s": 60, "refresh_margin_s": 120,
    "limits": {"login": {"max": 3}}})");
  const auto config = LoadConfig(tmp.path(), "");
  EXPECT_EQ(config.settings.zoho_block_ms, 60000);
  EXPECT_EQ(config.settings.refresh_margin_ms, 120000);
  EXPECT_EQ(config.settings.login.max, 3);
}

struct InvalidCase {
  std::string name;
  std::string value;  // the JSON text of zoho_block_s
};

class AppConfigBlockInvalid : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(AppConfigBlockInvalid, IsConfigInvalidNamingTheFieldAndItsBounds) {
  TempDir tmp;
  tmp.WriteConfig(R"({"allowed_extensions": [], "zoho_block_s": )" + GetParam().value + "}");
  try {
    (void)LoadConfig(tmp.path(), "");
    FAIL() << "accepted";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConfigInvalid);
    EXPECT_THAT(e.what(), HasSubstr("config.json"));
    EXPECT_THAT(e.what(), HasSubstr("zoho_block_s must be a whole number of seconds from 1 to 86400"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    EachWayToBeWrong, AppConfigBlockInvalid,
    ::testing::Values(InvalidCase{"Zero", "0"}, InvalidCase{"Negative", "-600"},
                      InvalidCase{"OverADay", "86401"}, InvalidCase{"Huge", "18446744073709551615"},
                      InvalidCase{"Fractional", "600.5"}, InvalidCase{"AsString", R"("600")"},
                      InvalidCase{"Null", "null"}, InvalidCase{"Boolean", "true"},
                      InvalidCase{"Object", R"({"login": 600})"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace zcrm::app
