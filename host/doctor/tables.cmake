# Embeds installer/browsers.tsv (the installer's folder table), installer/policies.tsv (the browsers' policy
# folders), extension/managed_schema.json (what Chromium checks policy against) and the extension's IDs into the
# doctor, so the zcrm-bridge binary checks exactly the folders the installer writes, with no data file to find at
# run time.
set(_zcrm_browsers_tsv ${PROJECT_SOURCE_DIR}/installer/browsers.tsv)
file(READ ${_zcrm_browsers_tsv} ZCRM_BROWSERS_TSV)
set(_zcrm_policies_tsv ${PROJECT_SOURCE_DIR}/installer/policies.tsv)
file(READ ${_zcrm_policies_tsv} ZCRM_POLICIES_TSV)
set(_zcrm_managed_schema ${PROJECT_SOURCE_DIR}/extension/managed_schema.json)
file(READ ${_zcrm_managed_schema} ZCRM_MANAGED_SCHEMA)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_zcrm_browsers_tsv} ${_zcrm_policies_tsv}
             ${_zcrm_managed_schema})
configure_file(${CMAKE_CURRENT_LIST_DIR}/embedded_tables.hpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/doctor/embedded_tables.hpp @ONLY)
target_include_directories(zcrm_doctor PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
