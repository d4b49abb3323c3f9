# echocheck, the echo server grader, against servers whose verdicts are known: the
# fixture servers in tests/echocheck/ (CS:APP-style C, each correct or with one classic
# bug; a Python server), socat, and echoserver in every model.
foreach(fx iterative fork cut8 nul oneread upper sigpipe noreap fdleak deadlock exit_first)
  add_executable(echo_${fx} ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/echo_${fx}.c
                            ${CMAKE_CURRENT_SOURCE_DIR}/echocheck/csapp.c)
endforeach()
