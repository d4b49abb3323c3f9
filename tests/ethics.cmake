# A non-promiscuous mode that means it, and the ethics hour live (./lab ethics).
#   test_hostfilter    the capture filter's condition per link type, compiled by libpcap
#                      and run over frames of this host, of others, broadcast, multicast
#                      and each Linux cooked packet type
#   test_sniff_hostonly  live, in namespaces of its own (root): sniff without --promisc on
#                      every live link type it supports (Ethernet on a hub, any as SLL and
#                      SLL2, lo, a tun device) against tcpdump -p on the same interface
#   test_ethics        tests/ethics_lab.sh --no-pause: each step's capture counted, the
#                      Ctrl-C clean-up, and the replay of captures/ as a user
echosniff_unit_test(test_hostfilter LIBS sniff_capture)
add_test(NAME test_sniff_hostonly
         COMMAND timeout 120 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_sniff_hostonly.sh ${CMAKE_BINARY_DIR})
add_test(NAME test_ethics
         COMMAND timeout 240 sh ${CMAKE_CURRENT_SOURCE_DIR}/test_ethics.sh ${CMAKE_BINARY_DIR})
set_tests_properties(test_sniff_hostonly test_ethics PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
