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
  # Coverage feedback only for our own code (tests/fuzz/coverage-ignorelist.txt says why). ccache hashes the
  # flag, not the list, so the list's contents are also a definition: editing it rebuilds everything.
  set(_zcrm_ignorelist ${PROJECT_SOURCE_DIR}/tests/fuzz/coverage-ignorelist.txt)
  file(SHA1 ${_zcrm_ignorelist} _zcrm_ignorelist_sha)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_zcrm_ignorelist})
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fsanitize-coverage-ignorelist=${_zcrm_ignorelist} -DZCRM_FUZZ_IGNORELIST=${_zcrm_ignorelist_sha}
                      -fno-omit-frame-pointer -U_FORTIFY_SOURCE)
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "zcrm-bridge: libFuzzer targets with address,undefined")
endif()
