// app/windows/state_dir.cpp: the state folder under %LOCALAPPDATA% unless ZCRM_BRIDGE_HOME names one, and the
// machine-wide config.json beside the program.
#include <gtest/gtest.h>
#include <windows.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/config.hpp"

namespace zcrm::app {
namespace {

// Sets (or, with nullptr, removes) a variable of this process for one test.
class ScopedEnv {
 public:
  ScopedEnv(const wchar_t* name, const wchar_t* value) : name_(name) {
    if (const wchar_t* old = ::_wgetenv(name)) old_ = old;
    ::_wputenv_s(name, value != nullptr ? value : L"");
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() { ::_wputenv_s(name_, old_.c_str()); }

 private:
  const wchar_t* name_;
  std::wstring old_;
};

TEST(WindowsStateDir, ZcrmBridgeHomeWinsAndKeepsCharactersOutsideTheCodePage) {
  const ScopedEnv home(L"ZCRM_BRIDGE_HOME", L"C:\\Users\\J\u00f6rg \u5c71\u7530\\state");
  EXPECT_EQ(StateDir().wstring(), L"C:\\Users\\J\u00f6rg \u5c71\u7530\\state");
}

// The POSIX host falls back to /etc/zcrm-bridge/config.json when the state folder has none. On Windows that
// path would be \etc\zcrm-bridge\config.json on the current drive, which any local user may create, and its
// allowed_extensions would choose who may start this user's host. The machine-wide file is config.json beside
// the program instead: whoever may write there may replace the program itself.
TEST(WindowsStateDir, TheMachineWideConfigSitsBesideTheProgramNotInAFolderAnyUserMayCreate) {
  const std::filesystem::path config = SystemConfigPath();
  ASSERT_FALSE(config.empty());
  EXPECT_EQ(config.filename(), "config.json");
  std::wstring self(32768, L'\0');
  self.resize(::GetModuleFileNameW(nullptr, self.data(), static_cast<DWORD>(self.size())));
  ASSERT_FALSE(self.empty());
  EXPECT_TRUE(std::filesystem::equivalent(config.parent_path(), std::filesystem::path(self).parent_path()))
      << config.string();
  EXPECT_EQ(config.wstring().find(L"\\etc\\"), std::wstring::npos) << config.string();
}

TEST(WindowsStateDir, OtherwiseAFolderInLocalAppData) {
  const ScopedEnv home(L"ZCRM_BRIDGE_HOME", nullptr);
  const std::filesystem::path dir = StateDir();
  EXPECT_EQ(dir.filename(), "zcrm-bridge");
  const wchar_t* local = ::_wgetenv(L"LOCALAPPDATA");
  ASSERT_NE(local, nullptr);
  EXPECT_TRUE(std::filesystem::equivalent(dir.parent_path(), local)) << dir.string();
}

}  // namespace
}  // namespace zcrm::app
