# Issue 17: a non-promiscuous mode that means it, and the ethics hour live (./lab ethics).
#   test_hostfilter    the capture filter's condition per link type, compiled by libpcap
#                      and run over frames of this host, of others, broadcast, multicast
#                      and each Linux cooked packet type
#   test_sniff_hostonly  live, in namespaces of its own (root): sniff without --promisc on
#                      every live link type it supports (Ethernet on a hub, any as SLL and
#                      SLL2, lo, a tun device) against tcpdump -p on the same interface
#   test_ethics        tests/ethics_lab.sh --no-pause: each step's capture counted, the
#                      Ctrl-C clean-up, and the replay of captures/ as a user
echosniff_unit_test(test_hostfilter LIBS sniff_capture)
