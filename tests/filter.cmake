# The display filter (sniff/filter/).
# Matching (test_dfilter) and what the compiler refuses (test_dfilter_errors), on the
# same hand-built packets (dfilter_packets.c).
echosniff_unit_test(test_dfilter LIBS sniff_filter
                    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dfilter_packets.c)
echosniff_unit_test(test_dfilter_errors LIBS sniff_filter
                    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dfilter_packets.c)
# sniff's -Y against tshark's on random filters (tests/gen_filters.py, seeded) over the
# shipped captures, the synthetic TCP cases and two generated loads.
add_test(NAME test_dfilter_tshark
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_dfilter_tshark.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_tcp_cases> $<TARGET_FILE:gen_capture>)
set_tests_properties(test_dfilter_tshark PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
