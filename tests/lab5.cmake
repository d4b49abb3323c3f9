# Lab experience, ethics and privacy safeguards (issue 5): unit tests of sniff/oui.c,
# sniff/anon.c and sniff/redact.c, and the two-host namespace demo (root only).
set(LAB5_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)

foreach(t test_oui test_anon test_redact)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE sniff_core PkgConfig::CMOCKA)
    target_compile_definitions(${t} PRIVATE TEST_DATA_DIR="${LAB5_DATA}")
    add_test(NAME ${t} COMMAND timeout 60 $<TARGET_FILE:${t}>)
  endif()
endforeach()

# The two-host demo in network namespaces (tests/demo_netns.sh): root only, else skipped.
if(TARGET sniff AND TARGET echoserver AND TARGET echoclient)
  add_test(NAME test_demo_netns
           COMMAND timeout 90 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_demo_netns.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(test_demo_netns PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()

# Wireshark checks the rewritten frames: tests/anon_pcap.c applies --redact/--anonymize
# to bench's generated capture; tshark must find every checksum correct.
if(TARGET gen_capture)
  add_executable(anon_pcap ${CMAKE_CURRENT_SOURCE_DIR}/anon_pcap.c)
  target_link_libraries(anon_pcap PRIVATE sniff_core)
  add_test(NAME test_anon_tshark
           COMMAND timeout 120 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_anon_tshark.sh
                   $<TARGET_FILE:gen_capture> $<TARGET_FILE:anon_pcap> $<TARGET_FILE:sniff>)
  set_tests_properties(test_anon_tshark PROPERTIES SKIP_RETURN_CODE 77)
endif()

# sniff --redact and --anonymize end to end: every output and -w file, on captures/ and
# (as root) on a session recorded on lo with our echo programs. Needs tshark, python3.
if(TARGET sniff AND TARGET echoserver AND TARGET echoclient)
  add_test(NAME test_privacy
           COMMAND timeout 280 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_privacy.sh $<TARGET_FILE:sniff>
                   ${CMAKE_SOURCE_DIR}/captures $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
  set_tests_properties(test_privacy PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()

# The Debian package: cpack -G DEB in a temporary build, apt-get install, run the
# installed programs on an installed capture, man -w, apt-get remove (root only).
# RUN_SERIAL: it installs into /usr and takes dpkg's lock.
add_test(NAME test_deb COMMAND timeout 900 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_deb.sh
                                ${CMAKE_SOURCE_DIR})
set_tests_properties(test_deb PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 960 RUN_SERIAL TRUE)
