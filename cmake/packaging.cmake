# Installed documentation in the compressed forms Debian expects, and the Debian package:
# `cpack -G DEB` in the build directory (or `cmake --build --preset default --target package`) writes
# nimcost_<version>-1_<arch>.deb, which CI unpacks, checks with lintian and runs.
find_program(NIMCOST_GZIP gzip REQUIRED)
set(NIMCOST_DOC_DIR ${CMAKE_BINARY_DIR}/packaging)
add_custom_command(
  OUTPUT ${NIMCOST_DOC_DIR}/nimcost.1.gz ${NIMCOST_DOC_DIR}/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${NIMCOST_DOC_DIR}
  COMMAND sh -c "${NIMCOST_GZIP} -9n -c '${PROJECT_SOURCE_DIR}/man/nimcost.1' > '${NIMCOST_DOC_DIR}/nimcost.1.gz'"
  COMMAND sh -c "${NIMCOST_GZIP} -9n -c '${PROJECT_SOURCE_DIR}/packaging/changelog.Debian' > '${NIMCOST_DOC_DIR}/changelog.Debian.gz'"
  DEPENDS ${PROJECT_SOURCE_DIR}/man/nimcost.1 ${PROJECT_SOURCE_DIR}/packaging/changelog.Debian
  VERBATIM)
add_custom_target(nimcost_docs ALL DEPENDS ${NIMCOST_DOC_DIR}/nimcost.1.gz ${NIMCOST_DOC_DIR}/changelog.Debian.gz)
add_dependencies(nimcost nimcost_docs)

install(FILES ${NIMCOST_DOC_DIR}/nimcost.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES packaging/copyright ${NIMCOST_DOC_DIR}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME nimcost)
set(CPACK_PACKAGE_VENDOR "nimcost")
set(CPACK_PACKAGE_CONTACT "nimcost maintainers <nimcost@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "LLM API or self-hosted NIM fleet: which is cheaper, and where")
set(CPACK_PACKAGE_DESCRIPTION "nimcost loads dated, sourced API prices, GPU rental rates and NIM license\n\
plans, models monthly token volume against GPU utilization for real-time and\n\
batch traffic, and prints break-even volumes and $/M-token comparisons as\n\
tables, JSON, CSV or Markdown, with scenario files and CI gates.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the binary's libraries (dpkg-shlibdeps)
# libcurl is loaded with dlopen (attribute --prometheus), which dpkg-shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.85)")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_FILE_NAME_PREFIX nimcost)
include(CPack)
