# The host's name and the extension's fixed IDs, read from manifests/identity.env: the one file CMake, the
# installers, the extension (extension/platform/identity.js, generated from it) and the tests all take them from.
# Sets ZCRM_HOST_NAME, ZCRM_CHROMIUM_EXTENSION_ID and ZCRM_GECKO_ID.
set(_zcrm_identity_file ${CMAKE_CURRENT_LIST_DIR}/identity.env)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_zcrm_identity_file})
file(STRINGS ${_zcrm_identity_file} _zcrm_identity REGEX "^ZCRM_[A-Z_]+=")
foreach(line IN LISTS _zcrm_identity)
  string(REGEX MATCH "^([A-Z_]+)=(.*)$" _ "${line}")
  set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()
foreach(name ZCRM_HOST_NAME ZCRM_CHROMIUM_EXTENSION_ID ZCRM_GECKO_ID)
  if(NOT ${name})
    message(FATAL_ERROR "manifests/identity.env does not set ${name}")
  endif()
endforeach()
