# Echo benchmark tools (issue 2): the load generator and the bare epoll baseline.
# Run by bench/echo_bench.sh, never by ctest.
add_executable(loadgen ${CMAKE_CURRENT_SOURCE_DIR}/loadgen.c)
target_link_libraries(loadgen PRIVATE es_shared)
add_executable(echo_bare ${CMAKE_CURRENT_SOURCE_DIR}/echo_bare.c)
target_link_libraries(echo_bare PRIVATE es_shared)
