# Tests of issue 4's analysis engine (sniff/analysis.c, reasm.c, echo_verify.c,
# annotate.c, fmt_json.c, fmt_follow.c, fmt_conv.c).
add_executable(gen_tcp_cases ${CMAKE_CURRENT_SOURCE_DIR}/gen_tcp_cases.c)
target_link_libraries(gen_tcp_cases PRIVATE sniff_core PkgConfig::PCAP)

foreach(t test_reasm test_echo_verify test_analysis test_annotate test_fmt_json test_fmt_follow)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE sniff_core PkgConfig::CMOCKA)
    add_test(NAME ${t} COMMAND ${t})
  endif()
endforeach()

add_test(NAME test_analysis_flags
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_flags.sh $<TARGET_FILE:gen_tcp_cases>)
add_test(NAME test_analysis_json
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_json.sh $<TARGET_FILE:test_fmt_json>)
add_test(NAME test_analysis_echo
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_echo.sh $<TARGET_FILE:gen_tcp_cases>)
# Real traffic on lo (needs capture rights: skipped otherwise).
add_test(NAME test_analysis_live
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_live.sh $<TARGET_FILE:gen_tcp_cases>)
set_tests_properties(test_analysis_live PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
# sniff itself (skipped if the analysis is not wired in).
if(TARGET sniff)
  add_test(NAME test_analysis_sniff
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_sniff.sh $<TARGET_FILE:sniff>
                   $<TARGET_FILE:gen_tcp_cases>)
  set_tests_properties(test_analysis_sniff PROPERTIES SKIP_RETURN_CODE 77)
endif()
