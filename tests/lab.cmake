# Whole-program tests of the sniffer on the committed captures in captures/:
#   golden          sniff's output equals tests/golden/ (made by tests/update_golden.sh)
#   tshark_compare  sniff's packet list agrees with tshark's, column by column (and its
#                   -V lines and -x bytes too)
#   tshark_generated  the same on bench/gen_capture's many interleaved connections
# Each exits 77 (skipped) when there is nothing to compare with (no golden files, no
# captures, or no tshark).
if(TARGET sniff)
  add_test(NAME golden COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_golden.sh $<TARGET_FILE:sniff>)
  add_test(NAME tshark_compare
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_tshark_compare.sh $<TARGET_FILE:sniff>)
  set_tests_properties(golden tshark_compare PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  if(TARGET gen_capture)
    add_test(NAME tshark_generated
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_tshark_generated.sh
                     $<TARGET_FILE:gen_capture> $<TARGET_FILE:sniff>)
    set_tests_properties(tshark_generated PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  endif()
endif()
