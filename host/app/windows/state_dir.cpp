#include <shlobj.h>
#include <windows.h>

#include <cstdlib>

#include "app/config.hpp"

namespace zcrm::app {

// None. "/etc/zcrm-bridge/config.json" would name \etc\zcrm-bridge\config.json on the current drive, a folder
// any local user may create at C:\, so another user could choose which extensions may start this user's host.
std::filesystem::path SystemConfigPath() {
  return {};
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
