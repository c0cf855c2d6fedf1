# Cross-building the Windows host (zcrm-bridge.exe) on Debian with mingw-w64 (issue 18); the `windows` preset uses
# it. The -posix compilers: std::thread and std::mutex need the posix threading model (libwinpthread, linked
# statically with the host).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_zcrm_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_zcrm_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_zcrm_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${_zcrm_triple}-windres)

# Where installer/windows/build-libsodium.sh put libsodium (its default prefix unless the preset says otherwise).
if(NOT ZCRM_WINDOWS_DEPS)
  get_filename_component(ZCRM_WINDOWS_DEPS ${CMAKE_CURRENT_LIST_DIR}/../../build-windows-deps ABSOLUTE)
endif()
set(ZCRM_WINDOWS_DEPS ${ZCRM_WINDOWS_DEPS} CACHE PATH "prefix of the libraries built for Windows")

# Libraries and headers only from the mingw sysroot and the deps prefix, never the build machine's Linux ones.
set(CMAKE_FIND_ROOT_PATH /usr/${_zcrm_triple} ${ZCRM_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# nlohmann_json is header-only: Debian's package serves any target.
set(nlohmann_json_DIR /usr/share/cmake/nlohmann_json CACHE PATH "header-only, target-independent")
# pkg-config sees only the deps prefix.
set(ENV{PKG_CONFIG_LIBDIR} ${ZCRM_WINDOWS_DEPS}/lib/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
