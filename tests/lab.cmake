# The lab around the programs: the two-host demo and the Debian package (root only).
#   test_demo_netns  ./lab demo's two hosts in network namespaces (tests/demo_netns.sh)
#   test_deb         cpack -G DEB in a temporary build, apt-get install, run the installed
#                    programs on an installed capture, man -w, apt-get remove; RUN_SERIAL:
#                    it installs into /usr and takes dpkg's lock
add_test(NAME test_demo_netns
         COMMAND timeout 90 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_demo_netns.sh ${CMAKE_BINARY_DIR})
set_tests_properties(test_demo_netns PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME test_deb COMMAND timeout 900 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_deb.sh
                                ${PROJECT_SOURCE_DIR})
set_tests_properties(test_deb PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 960 RUN_SERIAL TRUE)
