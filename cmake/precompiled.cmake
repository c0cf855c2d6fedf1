# One precompiled header for every target that uses nlohmann/json. The JSON header is most of the compile time
# of a typical file here (a file that only includes it takes about 60 % as long as an average source), and most
# sources and tests include it, directly or through a header. zcrm_pch compiles it once; every JSON user reuses that
# (REUSE_FROM), so it must see the same flags: the options and sanitizers of the whole build are global.
#
# Only the default preset (and the product preset, which inherits it) turns it on. A plain cmake build, and the
# release-tests, asan, fuzz, bench and Windows builds compile each file on its own: they prove every file includes
# what it uses. With the PCH GCC 12 inlines differently: in the default build it raised false -Warray-bounds on
# `string + literal` in three files (now built by appending); the -O3 and sanitizer builds were not tried with it.
# ccache caches these compiles only with `sloppiness = pch_defines,time_macros` (ccache's manual).
option(ZCRM_PCH "Precompile nlohmann/json once for every target that uses it" OFF)

# Whether target links nlohmann_json, directly or through the libraries it links.
function(_zcrm_uses_json target out)
  set(seen "")
  set(todo ${target})
  set(found FALSE)
  while(todo)
    list(POP_FRONT todo t)
    if(t STREQUAL "nlohmann_json::nlohmann_json")
      set(found TRUE)
      break()
    endif()
    if(NOT TARGET ${t} OR t IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(libs ${t} INTERFACE_LINK_LIBRARIES)
    else()
      get_target_property(libs ${t} LINK_LIBRARIES)
    endif()
    if(libs)
      list(APPEND todo ${libs})
    endif()
  endwhile()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Call once, after every target is declared: the compiled C++ targets of the given folders that use JSON reuse
# zcrm_pch.
function(zcrm_precompile_json)
  if(NOT ZCRM_PCH)
    return()
  endif()
  add_library(zcrm_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/precompiled.cpp)
  target_link_libraries(zcrm_pch PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(zcrm_pch PRIVATE <nlohmann/json.hpp> <map> <optional> <string> <string_view> <vector>)
  set(users 0)
  foreach(dir IN LISTS ARGN)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$" OR t STREQUAL "zcrm_pch")
        continue()
      endif()
      _zcrm_uses_json(${t} uses)
      if(uses)
        target_precompile_headers(${t} REUSE_FROM zcrm_pch)
        math(EXPR users "${users} + 1")
      endif()
    endforeach()
  endforeach()
  message(STATUS "zcrm-bridge: nlohmann/json precompiled once for ${users} targets (ZCRM_PCH)")
endfunction()
