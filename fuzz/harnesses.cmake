# The fuzz harnesses, listed once for both builds that use them: fuzz/CMakeLists.txt
# (libFuzzer binaries fuzz_NAME, ECHOSNIFF_FUZZ=ON) and tests/hardening.cmake (replay
# drivers replay_NAME that ctest runs over the seeds and tests/fuzz-regress/NAME).
#
# Each entry: NAME|SOURCE|COMPILE_DEFINITION (the definition may be empty).
set(ECHOSNIFF_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(ECHOSNIFF_FUZZ_HARNESSES
    "decode_eth|fuzz_decode.c|FUZZ_DLT=DLT_EN10MB"
    "decode_sll|fuzz_decode.c|FUZZ_DLT=DLT_LINUX_SLL"
    "decode_sll2|fuzz_decode.c|FUZZ_DLT=DLT_LINUX_SLL2"
    "decode_null|fuzz_decode.c|FUZZ_DLT=DLT_NULL"
    "decode_loop|fuzz_decode.c|FUZZ_DLT=DLT_LOOP"
    "decode_raw|fuzz_decode.c|FUZZ_DLT=DLT_RAW"
    "decode_ipv4|fuzz_decode.c|FUZZ_DLT=DLT_IPV4"
    "decode_ipv6|fuzz_decode.c|FUZZ_DLT=DLT_IPV6"
    "decode_ppp|fuzz_decode.c|FUZZ_DLT=DLT_PPP"
    "decode_ppp_hdlc|fuzz_decode.c|FUZZ_DLT=DLT_PPP_SERIAL"
    "decode_chdlc|fuzz_decode.c|FUZZ_DLT=DLT_C_HDLC"
    "decode_wlan|fuzz_decode.c|FUZZ_DLT=DLT_IEEE802_11"
    "decode_radiotap|fuzz_decode.c|FUZZ_DLT=DLT_IEEE802_11_RADIO"
    "decode_ppi|fuzz_decode.c|FUZZ_DLT=DLT_PPI"
    "decode_ipoib|fuzz_decode.c|FUZZ_DLT=DLT_IPOIB"
    "decode_arcnet|fuzz_decode.c|FUZZ_DLT=DLT_ARCNET_LINUX"
    "decode_juniper|fuzz_decode.c|FUZZ_DLT=DLT_JUNIPER_ETHER"
    "dfilter|fuzz_dfilter.c|"
    "pcap|fuzz_pcap.c|"
    "track|fuzz_track.c|")

# echosniff_fuzz_target(TARGET ENTRY EXTRA_SOURCES...): an executable for one entry.
function(echosniff_fuzz_target target entry)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 1 src)
  list(LENGTH parts nparts)
  if(NOT TARGET echosniff_fuzz_common)
    add_library(echosniff_fuzz_common STATIC ${ECHOSNIFF_FUZZ_DIR}/fuzz_common.c)
    target_include_directories(echosniff_fuzz_common PUBLIC ${ECHOSNIFF_FUZZ_DIR})
    target_link_libraries(echosniff_fuzz_common PUBLIC sniff_core)
  endif()
  add_executable(${target} ${ECHOSNIFF_FUZZ_DIR}/${src} ${ARGN})
  target_link_libraries(${target} PRIVATE echosniff_fuzz_common)
  if(nparts GREATER 2)
    list(GET parts 2 def)
    if(def)
      target_compile_definitions(${target} PRIVATE ${def})
    endif()
  endif()
endfunction()
