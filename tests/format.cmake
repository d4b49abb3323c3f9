# The printers (sniff/format/): detail tree, bytes pane, JSON, Follow, annotations, MAC
# vendor names; JSON parsed by Python's json module.
foreach(t test_fmt_detail test_fmt_hex test_fmt_json test_fmt_follow test_annotate)
  echosniff_unit_test(${t} LIBS sniff_format)
endforeach()
echosniff_unit_test(test_oui LIBS sniff_format DEFS TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")
add_test(NAME test_analysis_json
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis_json.sh $<TARGET_FILE:test_fmt_json>)
