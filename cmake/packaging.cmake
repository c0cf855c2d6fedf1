# The Debian package, built with `cpack -G DEB` in a build folder:
#   /usr/lib/zcrm-bridge/zcrm-bridge            the host (and /usr/bin/zcrm-bridge, a symlink to it)
#   /usr/lib/zcrm-bridge/zcrm-bridge-keyring    the helper that keeps the vault key in the Secret Service
#   /etc/opt/chrome/native-messaging-hosts/     system-wide manifests for Chrome, Chromium, Edge and Firefox,
#   /etc/chromium/native-messaging-hosts/       all pointing at /usr/lib/zcrm-bridge/zcrm-bridge
#   /etc/opt/edge/native-messaging-hosts/
#   /usr/lib/mozilla/native-messaging-hosts/
#   /etc/zcrm-bridge/config.json                allowed callers for users without their own config.json
#   /usr/share/zcrm-bridge/extension/           the unpacked extension, to load in the browser
#   /usr/share/zcrm-bridge/{installer,manifests} the per-user installer (other browsers, other host paths)
#   /usr/share/zcrm-bridge/site-settings.json   only with -DZCRM_SITE_SETTINGS=FILE: an organisation's settings,
#                                               written as browser policy when the package is installed
# Destinations are absolute so `cmake --install` (with DESTDIR) and the package lay out the same files. The /etc
# files are deliberately not conffiles: `dpkg -r` removes every file the package brought.
# The Windows host has its own installer (installer/windows/).
if(NOT TARGET zcrm-bridge OR WIN32)
  return()
endif()

# `cmake --install` and cpack pack what is built instead of building every target (tests included) first:
# build the host (cmake --build <dir> --target zcrm-bridge), then run cpack.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(ZCRM_PACKAGED_HOST /usr/lib/zcrm-bridge/zcrm-bridge)
set(_zcrm_pkg ${CMAKE_BINARY_DIR}/packaging)
block(SCOPE_FOR VARIABLES)
  set(ZCRM_HOST_PATH ${ZCRM_PACKAGED_HOST})
  foreach(kind chromium firefox)
    configure_file(${PROJECT_SOURCE_DIR}/manifests/${kind}.json.in ${_zcrm_pkg}/${kind}/${ZCRM_HOST_NAME}.json @ONLY)
  endforeach()
  configure_file(${PROJECT_SOURCE_DIR}/manifests/config.json.in ${_zcrm_pkg}/config.json @ONLY)
endblock()
file(CREATE_LINK ../lib/zcrm-bridge/zcrm-bridge ${_zcrm_pkg}/zcrm-bridge SYMBOLIC)

install(TARGETS zcrm-bridge zcrm-bridge-keyring RUNTIME DESTINATION /usr/lib/zcrm-bridge)
install(FILES ${_zcrm_pkg}/zcrm-bridge DESTINATION /usr/bin)
foreach(dir /etc/opt/chrome/native-messaging-hosts /etc/chromium/native-messaging-hosts
            /etc/opt/edge/native-messaging-hosts)
  install(FILES ${_zcrm_pkg}/chromium/${ZCRM_HOST_NAME}.json DESTINATION ${dir})
endforeach()
install(FILES ${_zcrm_pkg}/firefox/${ZCRM_HOST_NAME}.json DESTINATION /usr/lib/mozilla/native-messaging-hosts)
install(FILES ${_zcrm_pkg}/config.json DESTINATION /etc/zcrm-bridge)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/extension/ DESTINATION /usr/share/zcrm-bridge/extension
        PATTERN test EXCLUDE)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/installer/install.sh ${PROJECT_SOURCE_DIR}/installer/uninstall.sh
        DESTINATION /usr/share/zcrm-bridge/installer)
# managed-policy.py and policies.tsv: what `install.sh --managed` (and the site settings below) need.
install(FILES ${PROJECT_SOURCE_DIR}/installer/browsers.tsv ${PROJECT_SOURCE_DIR}/installer/policies.tsv
              ${PROJECT_SOURCE_DIR}/installer/managed-policy.py
        DESTINATION /usr/share/zcrm-bridge/installer)
include(${CMAKE_CURRENT_LIST_DIR}/site-settings.cmake)
install(FILES ${PROJECT_SOURCE_DIR}/manifests/chromium.json.in ${PROJECT_SOURCE_DIR}/manifests/firefox.json.in
              ${PROJECT_SOURCE_DIR}/manifests/config.json.in ${PROJECT_SOURCE_DIR}/manifests/identity.env
        DESTINATION /usr/share/zcrm-bridge/manifests)

set(CPACK_PACKAGE_NAME zcrm-bridge)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR zcrm-bridge)
set(CPACK_PACKAGE_CONTACT "zcrm-bridge developers <${ZCRM_GECKO_ID}>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Keeps the Zoho CRM sign-in of the zcrm-bridge browser extension safe")
set(CPACK_PACKAGE_DESCRIPTION "A native messaging host that stores Zoho CRM tokens in an encrypted vault for the
zcrm-bridge WebExtension. Registered for Chrome, Chromium, Edge and Firefox; other browsers: run
/usr/share/zcrm-bridge/installer/install.sh. Check the set-up with `zcrm-bridge doctor`.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium | google-chrome-stable | firefox-esr | firefox")
# The per-user installer shipped in /usr/share/zcrm-bridge/installer merges an existing config.json with python3.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS python3)
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
