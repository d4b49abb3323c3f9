# Tests of sniff's viewing side: display filters (-Y), the detail tree (-V), the bytes
# pane (-x), and an end-to-end comparison with tshark on a loopback capture.
foreach(t test_dfilter test_fmt_detail test_fmt_hex)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE sniff_core PkgConfig::CMOCKA)
    add_test(NAME ${t} COMMAND ${t})
  endif()
endforeach()

# Needs root (capture on lo), tshark, the sniff program and the echo programs (which make
# the traffic); exits 77 (skipped) otherwise.
if(TARGET sniff AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_view.sh)
  set(view_echo_bins "")
  if(TARGET echoserver AND TARGET echoclient)
    set(view_echo_bins $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
  endif()
  add_test(NAME test_sniff_view
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_view.sh $<TARGET_FILE:sniff>
                   ${view_echo_bins})
  set_tests_properties(test_sniff_view PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
