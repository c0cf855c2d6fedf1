// Whether the test runs under wine rather than Windows: wine's ntdll exports wine_get_version. A few things
// wine does not model (an ACL beyond what Unix mode bits express, links it follows whatever the flags) can
// only be checked on Windows; those tests skip under wine, saying so.
#pragma once

#include "store/windows/windows_api.hpp"

namespace zcrm::test {

inline bool UnderWine() {
  const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

}  // namespace zcrm::test
