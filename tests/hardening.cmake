# Hardening: fuzz-harness replays, hostile captures, valgrind, static analysis and the
# source layout (clang-format), echo server stress.

# Replays of the fuzz harnesses: each harness as a plain program (fuzz/replay_main.c)
# over its committed seeds and regression inputs, in this build's flags (so under
# ASan+UBSan in build-asan). In the libFuzzer build, fuzz/ makes the fuzzing binaries.
include(${PROJECT_SOURCE_DIR}/fuzz/harnesses.cmake)
if(NOT ECHOSNIFF_FUZZ)
  foreach(entry IN LISTS ECHOSNIFF_FUZZ_HARNESSES)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 name)
    echosniff_fuzz_target(replay_${name} "${entry}" ${ECHOSNIFF_FUZZ_DIR}/replay_main.c)
    add_test(NAME fuzz_replay_${name}
             COMMAND replay_${name} ${ECHOSNIFF_FUZZ_DIR}/seeds/${name}
                     ${CMAKE_CURRENT_SOURCE_DIR}/fuzz-regress/${name})
    set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS fuzz TIMEOUT 300)
  endforeach()
endif()

# hostile_test(NAME GEN TIMEOUT [ARGS...]): the script tests/NAME.sh, given sniff, the
# program GEN that writes its captures, and ARGS; labelled hostile.
function(hostile_test name gen timeout)
  add_test(NAME ${name} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/${name}.sh $<TARGET_FILE:sniff>
                                $<TARGET_FILE:${gen}> ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS hostile TIMEOUT ${timeout})
endfunction()

# Hostile captures: gen_hostile writes them, test_hostile.sh runs sniff -r on each.
add_executable(gen_hostile ${CMAKE_CURRENT_SOURCE_DIR}/gen_hostile.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/hostile_build.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/hostile_files.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/hostile_frames.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/hostile_seeds.c)
hostile_test(test_hostile gen_hostile 300)
# Hash flooding: gen_flood writes socket pairs aimed at one bucket of the old unkeyed
# hashes, and an honest twin; test_hash_flood.sh compares sniff's CPU time on both.
add_executable(gen_flood ${CMAKE_CURRENT_SOURCE_DIR}/gen_flood.c)
target_link_libraries(gen_flood PRIVATE sniff_decode PkgConfig::PCAP)
hostile_test(test_hash_flood gen_flood 300)

# Bounds: gen_bounds writes captures crafted to make sniff allocate or compute without
# bound (and honest twins); test_bounds.sh checks peak RSS, CPU time against the twin,
# and that no verdict calls a byte given up to the memory budget a mismatch.
add_executable(gen_bounds ${CMAKE_CURRENT_SOURCE_DIR}/gen_bounds.c)
target_link_libraries(gen_bounds PRIVATE sniff_decode PkgConfig::PCAP)
if(ECHOSNIFF_SANITIZE)
  set(bounds_flag --sanitized)
else()
  set(bounds_flag "")
endif()
hostile_test(test_bounds gen_bounds 600 ${bounds_flag})

# cppcheck + clang-tidy (.clang-tidy) over echo/ sniff/ shared/; 77 when a tool is missing.
# About 2.5 minutes on 2 cores (clang-tidy, one file per core, is most of it). It
# configures a lint tree of its own with the default options, so the sanitizer build
# would only repeat it: registered in the other builds.
if(NOT ECHOSNIFF_SANITIZE)
  add_test(NAME static_analysis COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/static_analysis.sh
                                        ${CMAKE_BINARY_DIR}/lint)
  set_tests_properties(static_analysis PROPERTIES LABELS static SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()

# Every tracked .c and .h file as clang-format (.clang-format) writes it; 77 without
# clang-format 14. The sanitizer build would only repeat it.
if(NOT ECHOSNIFF_SANITIZE)
  add_test(NAME clang_format
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_clang_format.sh ${PROJECT_SOURCE_DIR})
  set_tests_properties(clang_format PROPERTIES LABELS static SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()

# Echo server under stress and hostile clients: 10,000 connections, never-reading
# clients (kernel TCP memory), send timeouts, slowloris, idle floods (workers bounded),
# RLIMIT_NPROC, resets, half-closes, descriptor exhaustion. One run per model that
# differs in what bounds it: events (descriptors, memory), threads and fork (workers).
add_executable(stress_echo ${CMAKE_CURRENT_SOURCE_DIR}/stress_echo.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/stress_abuse.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/stress_clients.c)
add_test(NAME stress_echo COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/stress_echo.sh
                                  $<TARGET_FILE:echoserver> $<TARGET_FILE:stress_echo>)
set_tests_properties(stress_echo PROPERTIES LABELS stress TIMEOUT 300 RUN_SERIAL TRUE)
foreach(model threads fork)
  add_test(NAME stress_echo_${model}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/stress_echo.sh $<TARGET_FILE:echoserver>
                   $<TARGET_FILE:stress_echo> ${model})
  set_tests_properties(stress_echo_${model} PROPERTIES LABELS stress TIMEOUT 300 RUN_SERIAL TRUE)
endforeach()

# valgrind memcheck: sniff on captures/ and the hostile captures, an echo session. Not in
# sanitizer or fuzz builds (their binaries cannot run under valgrind).
if(NOT ECHOSNIFF_SANITIZE AND NOT ECHOSNIFF_FUZZ)
  add_test(NAME valgrind
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/valgrind.sh $<TARGET_FILE:sniff>
                   $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient> $<TARGET_FILE:gen_hostile>)
  set_tests_properties(valgrind PROPERTIES LABELS valgrind SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
