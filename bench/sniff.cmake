# Benchmarks of the sniffer: gen_capture writes large, realistic echo captures that
# sniff_bench.sh times sniff against tcpdump and tshark on.
add_executable(gen_capture ${CMAKE_CURRENT_SOURCE_DIR}/gen_capture.c)
target_link_libraries(gen_capture PRIVATE es_shared PkgConfig::PCAP)
