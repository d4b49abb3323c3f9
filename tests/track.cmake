# The connection model (sniff/track/): the table, relative numbers, Wireshark's analysis
# flags, reassembly and the echo check; then the same through sniff on scripted captures
# (gen_tcp_cases) and on real traffic.
foreach(t test_reasm test_echo_verify test_siphash test_tcp_state)
  echosniff_unit_test(${t} LIBS sniff_track)
endforeach()
# These print what they check (the packet list, annotations, JSON): up to format.
foreach(t test_tcp_seq test_analysis)
  echosniff_unit_test(${t} LIBS sniff_format)
endforeach()

add_executable(gen_tcp_cases ${CMAKE_CURRENT_SOURCE_DIR}/gen_tcp_cases.c)
target_link_libraries(gen_tcp_cases PRIVATE sniff_core PkgConfig::PCAP)
add_test(NAME test_analysis_flags
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_flags.sh $<TARGET_FILE:gen_tcp_cases>)
add_test(NAME test_analysis_echo
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_echo.sh $<TARGET_FILE:gen_tcp_cases>)
# Real traffic on lo (needs capture rights: skipped otherwise).
add_test(NAME test_analysis_live
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_live.sh $<TARGET_FILE:gen_tcp_cases>)
set_tests_properties(test_analysis_live PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME test_analysis_sniff
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_sniff.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_tcp_cases>)
set_tests_properties(test_analysis_sniff PROPERTIES SKIP_RETURN_CODE 77)
# Captures cut after the handshake (editcap): the echo not checked, and why.
add_test(NAME test_midstream COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_midstream.sh
                                     $<TARGET_FILE:sniff>)
set_tests_properties(test_midstream PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
