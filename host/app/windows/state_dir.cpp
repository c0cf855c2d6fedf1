#include <shlobj.h>
#include <windows.h>

#include <cstddef>
#include <cstdlib>
#include <string>

#include "app/config.hpp"

namespace zcrm::app {

// config.json beside the program, in the folder zcrm-bridge.exe runs from. It carries the program's own
// trust: whoever may write that folder may replace the host itself. With install.ps1 -System that is
// %ProgramFiles%\zcrm-bridge (administrators only), so one file serves every user who has no config.json of
// their own. Not "/etc/zcrm-bridge/config.json": that would name \etc\zcrm-bridge\config.json on the current
// drive, a folder any local user may create at C:\, so another user could choose which extensions may start
// this user's host.
std::filesystem::path SystemConfigPath() {
  // Long paths: the buffer grows until the name fits (GetModuleFileNameW truncates and fills it otherwise).
  constexpr std::size_t kMaxWidePath = 32768;
  std::wstring name(MAX_PATH, L'\0');
  for (;;) {
    const DWORD length = ::GetModuleFileNameW(nullptr, name.data(), static_cast<DWORD>(name.size()));
    if (length == 0) return {};
    if (length < name.size()) {
      name.resize(length);
      break;
    }
    if (name.size() >= kMaxWidePath) return {};
    name.resize(name.size() * 2);
  }
  return std::filesystem::path(name).parent_path() / "config.json";
}

std::filesystem::path StateDir() {
  // The wide environment: a user name outside the ANSI code page must not turn into question marks.
  if (const wchar_t* dir = ::_wgetenv(L"ZCRM_BRIDGE_HOME"); dir && *dir) return dir;
  // Local, not Roaming, AppData: the vault and its lock file belong to one machine; a roaming profile copied
  // back and forth would carry a vault that two machines write to, with no lock between them.
  wchar_t* local = nullptr;
  std::filesystem::path out;
  if (::SHGetKnownFolderPath(FOLDERID_LocalAppData, KF_FLAG_DEFAULT, nullptr, &local) == S_OK) {
    out = std::filesystem::path(local) / "zcrm-bridge";
  } else if (const wchar_t* env = ::_wgetenv(L"LOCALAPPDATA"); env && *env) {
    out = std::filesystem::path(env) / "zcrm-bridge";
  }
  ::CoTaskMemFree(local);  // null is allowed
  return out;  // empty only with no profile at all: opening the state then fails with STATE_UNAVAILABLE
}

}  // namespace zcrm::app
