/*
 * dfilter_packets.h: the packets the display filter's unit tests (test_dfilter.c,
 * test_dfilter_errors.c) match against, built by hand as struct packet so that the
 * tests do not depend on the decoders, and matches(), which compiles and runs one
 * expression (a compile error fails the test).
 */
#ifndef ECHOSNIFF_DFILTER_PACKETS_H
#define ECHOSNIFF_DFILTER_PACKETS_H

#include <stdbool.h>
#include <stdint.h>

#include "dfilter.h"

/* An Ethernet frame of len bytes, all captured, with nothing decoded above the link. */
struct packet ether_frame(uint64_t number, uint32_t len);

/* Frame 1799 of the lecture: 128.237.252.163:55306 -> 128.2.220.10:15213 [PSH, ACK],
 * 18 bytes of data, relative Seq=1 Ack=1. */
struct packet echo_data(void);

/* A SYN over IPv6: [fe80::1]:40000 -> [2001:db8::5]:22, not tracked. */
struct packet syn6(void);

/* A UDP datagram 10.1.2.3:5353 -> 10.9.9.9:53. */
struct packet udp4(void);

/* Whether expr matches p; a compile error fails the test. */
bool matches(const char *expr, const struct packet *p);

#endif
