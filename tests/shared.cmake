# Unit tests of shared/.
add_executable(test_args ${CMAKE_CURRENT_SOURCE_DIR}/test_args.c)
target_link_libraries(test_args PRIVATE es_shared PkgConfig::CMOCKA)
add_test(NAME test_args COMMAND test_args)
