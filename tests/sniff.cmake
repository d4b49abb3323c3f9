# Tests of the sniffer's core (issue 3): decoders, connection tracking, checksums (cmocka,
# linked against sniff_core), and the sniff program end to end (shell scripts).
foreach(t test_dec_tcp test_dec_link test_dec_ip test_conn_track test_checksum)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE sniff_core PkgConfig::CMOCKA)
    add_test(NAME ${t} COMMAND ${t})
  endif()
endforeach()

if(TARGET sniff)
  # Command line, offline reading, errors and exit codes: no privileges needed.
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_cli.sh)
    add_test(NAME test_sniff_cli
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_cli.sh $<TARGET_FILE:sniff>)
    set_tests_properties(test_sniff_cli PROPERTIES TIMEOUT 120)
  endif()
  # Live capture on lo with the echo programs, -w, SIGINT, privilege drop: root only
  # (exit 77 = skipped otherwise).
  set(echo_bins "")
  if(TARGET echoserver AND TARGET echoclient)
    set(echo_bins $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>)
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_live.sh)
    add_test(NAME test_sniff_live
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_live.sh $<TARGET_FILE:sniff>
                     ${echo_bins})
    set_tests_properties(test_sniff_live PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
  endif()
  # sudo sniff's -r and -w files cannot be taken over (issue 14): root only.
  add_test(NAME test_priv_files
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_priv_files.sh $<TARGET_FILE:sniff>
                   ${PROJECT_SOURCE_DIR}/captures/refused.pcap)
  set_tests_properties(test_priv_files PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
endif()
