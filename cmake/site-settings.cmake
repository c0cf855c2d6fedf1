# A .deb that carries an organisation's settings (issue 17, docs/MANAGED.md "In the Debian package"):
#   cmake -B build -DZCRM_SITE_SETTINGS=/path/settings.json && cmake --build build --target zcrm-bridge
#   cd build && cpack -G DEB
# The package then holds /usr/share/zcrm-bridge/site-settings.json; its postinst writes them as browser policy for
# Chrome, Chromium, Edge, Brave and Firefox (installer/install.sh --managed) and its prerm takes back exactly that
# policy (--managed-remove). Without the option the package has no settings file and the scripts do nothing.
# Included by packaging.cmake.
set(ZCRM_SITE_SETTINGS "" CACHE FILEPATH "an organisation's settings (JSON, docs/MANAGED.md) for the .deb to carry")

set(_zcrm_debian ${CMAKE_BINARY_DIR}/packaging/debian)
set(_zcrm_site_dest /usr/share/zcrm-bridge/site-settings.json)
# The browsers whose policy the package writes: every one with a Linux policy folder (installer/policies.tsv), so a
# browser installed after the package finds the settings too.
set(ZCRM_SITE_BROWSERS "--browser chrome --browser chromium --browser edge --browser brave --browser firefox")

if(ZCRM_SITE_SETTINGS)
  if(NOT EXISTS ${ZCRM_SITE_SETTINGS})
    message(FATAL_ERROR "ZCRM_SITE_SETTINGS: ${ZCRM_SITE_SETTINGS} does not exist")
  endif()
  # Checked now, by the same code the postinst runs, so a package with settings the extension would not use is never
  # built (a failing postinst would leave the package half-installed on twenty machines).
  find_program(ZCRM_PYTHON3 python3 REQUIRED)
  set(_zcrm_check_root ${CMAKE_BINARY_DIR}/packaging/site-check)
  execute_process(
    COMMAND ${ZCRM_PYTHON3} ${PROJECT_SOURCE_DIR}/installer/managed-policy.py write ${ZCRM_SITE_SETTINGS}
            --table ${PROJECT_SOURCE_DIR}/installer/policies.tsv --schema ${PROJECT_SOURCE_DIR}/extension/managed_schema.json
            --extension-lib ${PROJECT_SOURCE_DIR}/extension/lib --chromium-id ${ZCRM_CHROMIUM_EXTENSION_ID}
            --gecko-id ${ZCRM_GECKO_ID} --browser chromium --root ${_zcrm_check_root} --dry-run
    RESULT_VARIABLE _zcrm_site_rc OUTPUT_QUIET ERROR_VARIABLE _zcrm_site_err)
  file(REMOVE_RECURSE ${_zcrm_check_root})
  if(NOT _zcrm_site_rc EQUAL 0)
    message(FATAL_ERROR "ZCRM_SITE_SETTINGS ${ZCRM_SITE_SETTINGS}:\n${_zcrm_site_err}")
  endif()
  configure_file(${ZCRM_SITE_SETTINGS} ${CMAKE_BINARY_DIR}/packaging/site-settings.json COPYONLY)
  install(FILES ${CMAKE_BINARY_DIR}/packaging/site-settings.json DESTINATION /usr/share/zcrm-bridge)
  # The postinst runs managed-policy.py.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS python3)
  message(STATUS "The .deb carries the site settings of ${ZCRM_SITE_SETTINGS}")
endif()

# The maintainer scripts are always in the package and act only when the package has its settings file: an admin's
# own `install.sh --managed` policy is never touched by installing or removing the package.
file(WRITE ${_zcrm_debian}/postinst "#!/bin/sh
# Writes the organisation's settings this package carries as browser policy (docs/MANAGED.md).
set -e
if [ \"$1\" = configure ] && [ -f ${_zcrm_site_dest} ]; then
  /usr/share/zcrm-bridge/installer/install.sh --managed ${_zcrm_site_dest} ${ZCRM_SITE_BROWSERS}
fi
")
file(WRITE ${_zcrm_debian}/prerm "#!/bin/sh
# Takes back exactly the policy the postinst wrote (an upgrade's postinst writes it again).
set -e
if [ -f ${_zcrm_site_dest} ]; then
  /usr/share/zcrm-bridge/installer/install.sh --managed-remove
fi
")
file(CHMOD ${_zcrm_debian}/postinst ${_zcrm_debian}/prerm PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
     GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${_zcrm_debian}/postinst;${_zcrm_debian}/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
