# Tests of echo/ and of the socket helpers in shared/. The integration scripts
# start real servers on free loopback ports (the kernel picks them: -p 0 --port-file),
# so they can run in parallel with everything else.
add_executable(test_net ${CMAKE_CURRENT_SOURCE_DIR}/test_net.c)
target_link_libraries(test_net PRIVATE es_shared PkgConfig::CMOCKA Threads::Threads)
add_test(NAME test_net COMMAND test_net)

add_executable(test_echo_conn ${CMAKE_CURRENT_SOURCE_DIR}/test_echo_conn.c
                              ${PROJECT_SOURCE_DIR}/echo/echo_conn.c)
target_include_directories(test_echo_conn PRIVATE ${PROJECT_SOURCE_DIR}/echo)
target_link_libraries(test_echo_conn PRIVATE es_shared PkgConfig::CMOCKA)
add_test(NAME test_echo_conn COMMAND test_echo_conn)

# Scripted peers (many clients at once, a client that never reads, a bad server).
add_executable(echo_peer ${CMAKE_CURRENT_SOURCE_DIR}/echo_peer.c)
target_link_libraries(echo_peer PRIVATE es_shared)

# The same suite for every concurrency model.
foreach(model events iterative fork threads)
  add_test(NAME test_echo_server_${model}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echo_server.sh ${model}
                   $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient> $<TARGET_FILE:echo_peer>)
  set_tests_properties(test_echo_server_${model} PROPERTIES TIMEOUT 120)
endforeach()

add_test(NAME test_echo_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echo_cli.sh
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient> $<TARGET_FILE:echo_peer>)
set_tests_properties(test_echo_cli PROPERTIES TIMEOUT 60)

# echoclient: a 40 MiB line through --lines, a terminal, a server killed mid-stream.
add_test(NAME test_echo_client
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echo_client.sh $<TARGET_FILE:echoserver>
                 $<TARGET_FILE:echoclient>)
set_tests_properties(test_echo_client PROPERTIES TIMEOUT 240)

# Memcheck over a short session per model (valgrind cannot run a sanitizer build).
if(NOT ECHOSNIFF_SANITIZE)
  foreach(model events threads fork iterative)
    add_test(NAME test_echo_valgrind_${model}
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echo_valgrind.sh ${model}
                     $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient> $<TARGET_FILE:echo_peer>)
    set_tests_properties(test_echo_valgrind_${model} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
  endforeach()
endif()
