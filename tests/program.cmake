# The sniff program end to end: its command line, live capture, and its output against
# tests/golden/ and against tshark.
#   test_sniff_cli    options, offline reading, errors and exit codes (no privileges)
#   test_sniff_live   live capture on lo with the echo programs, -w, SIGINT, the drop
#   test_sniff_view   -Y, -V and -x on a loopback capture, compared with tshark
#   golden            sniff's output equals tests/golden/ (tests/update_golden.sh)
#   tshark_compare    the packet list, -V lines and -x bytes of captures/ against tshark
#   tshark_generated  the same on bench/gen_capture's many interleaved connections
#   test_stream_index every view names connections by tcp.stream, as tshark does
# Scripts exit 77 (skipped) when what they need is missing (root, tshark).
add_test(NAME test_sniff_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_cli.sh $<TARGET_FILE:sniff>)
set_tests_properties(test_sniff_cli PROPERTIES TIMEOUT 120)
add_test(NAME test_sniff_live
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_live.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
add_test(NAME test_sniff_view
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_view.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
set_tests_properties(test_sniff_live test_sniff_view PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)

add_test(NAME golden COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_golden.sh $<TARGET_FILE:sniff>)
add_test(NAME tshark_compare
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_tshark_compare.sh $<TARGET_FILE:sniff>)
add_test(NAME tshark_generated
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_tshark_generated.sh
                 $<TARGET_FILE:gen_capture> $<TARGET_FILE:sniff>)
add_test(NAME test_stream_index
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_stream_index.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_capture>)
set_tests_properties(golden tshark_compare tshark_generated test_stream_index
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
# The options people bring from tshark and tcpdump, and the errors a person can
# act on; the capture files sniff writes (pcap, pcapng with comments, ring buffers, a
# full disk), read back by capinfos and tshark.
add_test(NAME test_sniff_options
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_options.sh $<TARGET_FILE:sniff>)
add_test(NAME test_pcapng
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_pcapng.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_capture>)
set_tests_properties(test_sniff_options test_pcapng PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)
# The bash completions of completion/ (sniff, echoserver, echoclient, echocheck) in
# bash-completion.
add_test(NAME test_completion
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test_completion.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient> $<TARGET_FILE:echocheck>)
set_tests_properties(test_completion PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
