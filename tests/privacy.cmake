# Privacy and privileges: --redact and --anonymize (sniff/privacy/), the files of sudo sniff,
# and the parsing loop's seccomp filter.
foreach(t test_anon test_redact)
  echosniff_unit_test(${t} LIBS sniff_privacy DEFS TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")
endforeach()

# Wireshark checks the rewritten frames: tests/anon_pcap.c applies --redact/--anonymize
# to bench's generated capture; tshark must find every checksum correct.
add_executable(anon_pcap ${CMAKE_CURRENT_SOURCE_DIR}/anon_pcap.c)
target_link_libraries(anon_pcap PRIVATE sniff_core)
add_test(NAME test_anon_tshark
         COMMAND timeout 120 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_anon_tshark.sh
                 $<TARGET_FILE:gen_capture> $<TARGET_FILE:anon_pcap> $<TARGET_FILE:sniff>)
set_tests_properties(test_anon_tshark PROPERTIES SKIP_RETURN_CODE 77)

# --anonymize on the parity captures' link types and tunnels, judged by tshark.
add_test(NAME test_anon_layers
         COMMAND timeout 280 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_anon_layers.sh $<TARGET_FILE:sniff>)
set_tests_properties(test_anon_layers PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# sniff --redact and --anonymize end to end: every output and -w file, on captures/ and
# (as root) on a session recorded on lo with our echo programs. Needs tshark, python3.
add_test(NAME test_privacy
         COMMAND timeout 280 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_privacy.sh $<TARGET_FILE:sniff>
                 ${PROJECT_SOURCE_DIR}/captures $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
set_tests_properties(test_privacy PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# --anonymize on frames carrying an address in every place one can hide (IPv4 options,
# ICMP quotes, redirects, ND, ARP): none left in any output or -w file, checksums valid
# exactly where they were.
add_test(NAME test_anon_addrs
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_anon_addrs.sh $<TARGET_FILE:sniff>)
set_tests_properties(test_anon_addrs PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# sudo sniff's -r and -w files cannot be taken over: root only.
add_test(NAME test_priv_files
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_priv_files.sh $<TARGET_FILE:sniff>
                 ${PROJECT_SOURCE_DIR}/captures/refused.pcap)
set_tests_properties(test_priv_files PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)

# The parsing loop's seccomp filter: forbidden calls fail, needed ones work.
echosniff_unit_test(test_sandbox LIBS sniff_capture)
