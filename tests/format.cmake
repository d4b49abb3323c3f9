# The printers (sniff/format/): addresses and the other shared notations, detail tree,
# bytes pane, JSON, Follow, annotations, MAC vendor names; JSON parsed by Python's json
# module.
foreach(t test_fmt_addr test_fmt_hex test_fmt_json test_fmt_follow test_annotate test_ann_lb)
  echosniff_unit_test(${t} LIBS sniff_format)
endforeach()
# The detail tree's expected text is in tests/golden/fmt_detail/ (tests/update_golden.sh).
echosniff_unit_test(test_fmt_detail LIBS sniff_format
                    DEFS GOLDEN_DIR="${CMAKE_CURRENT_SOURCE_DIR}/golden/fmt_detail")
echosniff_unit_test(test_oui LIBS sniff_format DEFS TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")
# IPv6 text in the packet list, -V and JSON against tshark's (77 without tshark).
add_test(NAME test_addr_text
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_addr_text.sh $<TARGET_FILE:sniff>)
set_tests_properties(test_addr_text PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME test_analysis_json
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_json.sh $<TARGET_FILE:test_fmt_json>)
# -T fields against tshark's, byte for byte, for every field sniff has, on captures/, the
# synthetic TCP cases, two generated loads and most hostile captures.
add_test(NAME test_fields_tshark
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_fields_tshark.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_tcp_cases> $<TARGET_FILE:gen_capture> $<TARGET_FILE:gen_hostile>)
set_tests_properties(test_fields_tshark PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
# The annotations against the real system calls: echoserver and echoclient, socat and nc
# under strace while tcpdump captures lo (77 without root, strace, tcpdump, socat or nc).
add_test(NAME test_annotate_strace
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_annotate_strace.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
set_tests_properties(test_annotate_strace PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)
# A real zero window on lo: Linux's probes (Wireshark's [TCP Keep-Alive]) named as such.
add_test(NAME test_zero_window COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_zero_window.sh
                                       $<TARGET_FILE:sniff>)
set_tests_properties(test_zero_window PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
# README's -A and --summary examples, man/sniff.1 and captures/README.md against sniff's
# output on the shipped captures.
add_test(NAME test_docs_claims
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/test_docs_claims.py $<TARGET_FILE:sniff>
                 ${PROJECT_SOURCE_DIR})
# The packet list on a terminal (script(1)'s pty): fitted to COLUMNS, header in whole
# words, columns aligned with -t ad and IPv6, --states, --legend, --color=light.
add_test(NAME test_list_fit
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_list_fit.sh $<TARGET_FILE:sniff>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(test_list_fit PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
