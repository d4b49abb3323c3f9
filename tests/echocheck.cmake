# echocheck, the echo server grader, against servers whose verdicts are known: the
# fixture servers in tests/echocheck/ (CS:APP-style C, each correct or with one classic
# bug; a Python server), socat, and echoserver in every model.
foreach(fx iterative fork cut8 nul oneread upper sigpipe noreap fdleak deadlock exit_first)
  add_executable(echo_${fx} ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/echo_${fx}.c
                            ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/csapp.c)
endforeach()

# The battery against each server, as root (77 otherwise). The sanitizer build's servers
# reserve terabytes of address space for their shadow memory: no --memory limit there.
set(ECHOCHECK_OPTS --memory=4096)
if(ECHOSNIFF_SANITIZE)
  set(ECHOCHECK_OPTS --memory=0)
endif()
set(ECHOCHECK_EXPECTED ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/expected)
function(echocheck_test name expected)
  add_test(NAME test_echocheck_${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck.sh ${ECHOCHECK_EXPECTED}/${expected}
                   $<TARGET_FILE:echocheck> $<TARGET_FILE:sniff> ${ECHOCHECK_OPTS} -- ${ARGN})
  set_tests_properties(test_echocheck_${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endfunction()

foreach(fx iterative fork cut8 nul oneread upper sigpipe noreap fdleak deadlock exit_first)
  echocheck_test(${fx} ${fx}.txt $<TARGET_FILE:echo_${fx}> %PORT%)
endforeach()
echocheck_test(python python.txt /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/echo_threads.py
               %PORT%)
echocheck_test(socat socat.txt /usr/bin/socat TCP-LISTEN:%PORT%,reuseaddr,fork,backlog=128 EXEC:cat)
foreach(model events fork threads)
  echocheck_test(echoserver_${model} echoserver.txt $<TARGET_FILE:echoserver> -q -m ${model} -p
                 %PORT%)
endforeach()
echocheck_test(echoserver_iterative echoserver_iterative.txt $<TARGET_FILE:echoserver> -q -m
               iterative -p %PORT%)

# Around the battery:
#   test_echocheck_cli      options, usage errors, servers that cannot start (exit 2)
#   test_echocheck_report   -T json and --gradescope field by field (Python's json), the
#                           saved captures read by tshark, colour, --connect
#   test_echocheck_sandbox  the server's user, groups, no_new_privs, limits, namespace
#   test_echocheck_nonroot  run by nobody: loopback, no captures (and why), same grades
#   test_echocheck_signal   SIGINT/SIGTERM mid-run: everything stopped, nothing left
add_test(NAME test_echocheck_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck_cli.sh $<TARGET_FILE:echocheck>)
add_test(NAME test_echocheck_report
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck_report.sh $<TARGET_FILE:echocheck>
                 $<TARGET_FILE:sniff> $<TARGET_FILE:echo_nul> $<TARGET_FILE:echo_cut8>
                 $<TARGET_FILE:echoserver> ${ECHOCHECK_OPTS})
add_test(NAME test_echocheck_sandbox
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck_sandbox.sh $<TARGET_FILE:echocheck>)
add_test(NAME test_echocheck_nonroot
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck_nonroot.sh $<TARGET_FILE:echocheck>
                 $<TARGET_FILE:sniff> $<TARGET_FILE:echoserver> $<TARGET_FILE:echo_nul>
                 ${ECHOCHECK_OPTS})
add_test(NAME test_echocheck_signal
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_echocheck_signal.sh $<TARGET_FILE:echocheck>
                 $<TARGET_FILE:sniff> $<TARGET_FILE:echo_deadlock> ${ECHOCHECK_OPTS})
set_tests_properties(test_echocheck_cli test_echocheck_report test_echocheck_sandbox
                     test_echocheck_nonroot test_echocheck_signal
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
