// <windows.h> and the Win32 headers the store's Windows code uses, in the order they need (each of the others
// relies on windows.h's types), and without the macros that collide with the host's own names: windows.h
// defines ReplaceFile as ReplaceFileW/A, which would silently rename store::ReplaceFile in any file that
// includes both.
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN  // no winsock, ole or shell headers: the store needs none
#endif
#ifndef NOMINMAX
#define NOMINMAX  // std::min and std::max, not the macros
#endif
// clang-format off
#include <windows.h>
#include <aclapi.h>
#include <dpapi.h>
#include <sddl.h>
#include <wincrypt.h>
// clang-format on

#undef ReplaceFile
