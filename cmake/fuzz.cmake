# ZCRM_FUZZ=ON builds the libFuzzer targets of tests/fuzz (frame reader, request parser/dispatcher, vault record
# decoder). It needs clang (Debian 12: clang + libclang-rt-14-dev) and a build folder of its own:
#
#   cmake --preset fuzz && cmake --build --preset fuzz      (CMakePresets.json: clang++, build-fuzz, zcrm_fuzz)
#
# Every library is compiled with -fsanitize=fuzzer-no-link,address,undefined (coverage feedback plus the
# sanitizers); only the fuzz targets link libFuzzer's main. See docs/SECURITY.md for short and long runs.
option(ZCRM_FUZZ "Build the libFuzzer targets (clang only; use a separate build folder)" OFF)

if(ZCRM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ZCRM_FUZZ=ON needs clang: configure with CXX=clang++ in a separate build folder")
  endif()
  if(ZCRM_SANITIZE)
    message(FATAL_ERROR "ZCRM_FUZZ=ON brings its own sanitizers; leave ZCRM_SANITIZE empty")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -U_FORTIFY_SOURCE)
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "zcrm-bridge: libFuzzer targets with address,undefined")
endif()
