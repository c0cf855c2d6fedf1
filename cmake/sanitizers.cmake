# ZCRM_SANITIZE=address,undefined builds EVERYTHING (host libraries, the zcrm-bridge binary the integration and
# fault tests start, and the tests themselves) with the same sanitizers, so a report in a child host process is as
# visible as one in the test binary. Use a build folder of its own (tests/run-hardening.sh uses build-asan).
#
#   cmake --preset asan && cmake --build --preset asan      (CMakePresets.json: build-asan, -O1 -g1)
#
# Runtime options are not baked in: tests/run-hardening.sh sets ASAN_OPTIONS/UBSAN_OPTIONS (halt_on_error,
# detect_leaks=1, log_path) so reports from every process land in one folder it then checks for emptiness.
set(ZCRM_SANITIZE "" CACHE STRING "Comma-separated sanitizers for the whole build (e.g. address,undefined)")

if(ZCRM_SANITIZE)
  string(REPLACE "," ";" _zcrm_sanitizers "${ZCRM_SANITIZE}")
  foreach(_s IN LISTS _zcrm_sanitizers)
    if(NOT _s MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "ZCRM_SANITIZE: unsupported sanitizer '${_s}' (address, undefined, leak, thread)")
    endif()
  endforeach()
  if("thread" IN_LIST _zcrm_sanitizers AND ("address" IN_LIST _zcrm_sanitizers OR "leak" IN_LIST _zcrm_sanitizers))
    message(FATAL_ERROR "ZCRM_SANITIZE: thread cannot be combined with address or leak")
  endif()

  set(_zcrm_san_flags -fsanitize=${ZCRM_SANITIZE} -fno-omit-frame-pointer)
  if("undefined" IN_LIST _zcrm_sanitizers)
    # Every UBSan finding aborts the process (non-zero exit) instead of printing and carrying on: zero reports
    # is then checked by every test's exit status as well as by the log folder.
    list(APPEND _zcrm_san_flags -fno-sanitize-recover=all)
  endif()
  if("address" IN_LIST _zcrm_sanitizers AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND _zcrm_san_flags -fsanitize-address-use-after-scope)
    # GCC 12 takes std::regex's NFA states for "may be used uninitialized" once ASan instruments them (GCC PR
    # 105616: any std::regex at -O1 -fsanitize=address): 30 warnings and some 360 lines of notes, all inside
    # libstdc++'s regex_automaton.h, from every file that uses <regex>. Off in this build only; the ordinary build
    # keeps the warning, as an error. Every other warning is an error here too, so the build stays silent.
    list(APPEND _zcrm_san_flags -Wno-maybe-uninitialized)
  endif()
  add_compile_options(${_zcrm_san_flags})
  add_link_options(-fsanitize=${ZCRM_SANITIZE})
  # _FORTIFY_SOURCE and ASan interceptors disagree about some libc entry points.
  add_compile_options(-U_FORTIFY_SOURCE)
  message(STATUS "zcrm-bridge: sanitizers ${ZCRM_SANITIZE} for every target")
endif()
