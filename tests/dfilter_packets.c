/*
 * dfilter_packets.c: the hand-built packets of the display filter's unit tests
 * (dfilter_packets.h): the lecture's echo data segment, an IPv6 SYN, a UDP datagram.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dfilter_packets.h"

/* An Ethernet frame of len bytes, all captured, with nothing decoded above the link. */
struct packet ether_frame(uint64_t number, uint32_t len)
{
    struct packet p;
    memset(&p, 0, sizeof p);
    p.frame.number = number;
    p.frame.len = p.frame.caplen = len;
    p.link.kind = LINK_ETHERNET;
    p.link.status = LAYER_OK;
    p.link.hdr_len = 14;
    /* The lecture's addresses: an Intel NIC talking to a Carnegie router. */
    memcpy(p.link.src, (uint8_t[]){0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6}, 6);
    memcpy(p.link.dst, (uint8_t[]){0x08, 0x00, 0x7f, 0x20, 0x00, 0x64}, 6);
    p.link.ethertype = 0x0800;
    return p;
}

/* Frame 1799 of the lecture: 128.237.252.163:55306 -> 128.2.220.10:15213 [PSH, ACK],
 * 18 bytes of data, relative Seq=1 Ack=1. */
struct packet echo_data(void)
{
    struct packet p = ether_frame(1799, 72);
    p.net = NET_IPV4;
    p.ip4.status = LAYER_OK;
    p.ip4.version = 4;
    p.ip4.hdr_len = 20;
    p.ip4.total_len = 58;
    p.ip4.ttl = 128;
    p.ip4.proto = 6;
    p.ip4.df = true;
    memcpy(p.ip4.src, (uint8_t[]){128, 237, 252, 163}, 4);
    memcpy(p.ip4.dst, (uint8_t[]){128, 2, 220, 10}, 4);
    p.l4 = L4_TCP;
    p.l4_proto = 6;
    p.tcp.status = LAYER_OK;
    p.tcp.sport = 55306;
    p.tcp.dport = 15213;
    p.tcp.seq = 4104427884u;
    p.tcp.ack = 1977512298u;
    p.tcp.hdr_len = 20;
    p.tcp.flags = TCP_PSH | TCP_ACK;
    p.tcp.window = 16383;
    p.tcp.payload_len = 18;
    p.tcp.have_ports = true;
    p.l4_off = 34; /* Ethernet 14 + IPv4 20 */
    p.l4_len = 38; /* TCP header 20 + 18 bytes of data */
    p.track.valid = true;
    p.track.stream = 0;
    p.track.rel_seq = 1;
    p.track.rel_ack = 1;
    p.track.ack_valid = true;
    p.track.next_rel_seq = 19;
    return p;
}

/* A SYN over IPv6: [fe80::1]:40000 -> [2001:db8::5]:22, not tracked. */
struct packet syn6(void)
{
    struct packet p = ether_frame(3, 94);
    p.net = NET_IPV6;
    p.ip6.status = LAYER_OK;
    p.ip6.version = 6;
    p.ip6.hop_limit = 64;
    p.ip6.next_header = 6;
    p.ip6.proto = 6;
    p.ip6.src[0] = 0xfe;
    p.ip6.src[1] = 0x80;
    p.ip6.src[15] = 1;
    p.ip6.dst[0] = 0x20;
    p.ip6.dst[1] = 0x01;
    p.ip6.dst[2] = 0x0d;
    p.ip6.dst[3] = 0xb8;
    p.ip6.dst[15] = 5;
    p.l4 = L4_TCP;
    p.tcp.status = LAYER_OK;
    p.tcp.sport = 40000;
    p.tcp.dport = 22;
    p.tcp.seq = 1000;
    p.tcp.ack = 0;
    p.tcp.flags = TCP_SYN;
    p.tcp.hdr_len = 40;
    p.tcp.have_ports = true;
    p.l4_off = 54; /* Ethernet 14 + IPv6 40 */
    p.l4_len = 40;
    return p;
}

/* A UDP datagram 10.1.2.3:5353 -> 10.9.9.9:53. */
struct packet udp4(void)
{
    struct packet p = ether_frame(7, 60);
    p.net = NET_IPV4;
    p.ip4.status = LAYER_OK;
    p.ip4.proto = 17;
    memcpy(p.ip4.src, (uint8_t[]){10, 1, 2, 3}, 4);
    memcpy(p.ip4.dst, (uint8_t[]){10, 9, 9, 9}, 4);
    p.l4 = L4_UDP;
    p.udp.status = LAYER_OK;
    p.udp.sport = 5353;
    p.udp.dport = 53;
    p.udp.len = 26;
    p.l4_off = 34;
    p.l4_len = 26;
    return p;
}

bool matches(const char *expr, const struct packet *p)
{
    struct dfilter *f = NULL;
    char err[512];
    int rc = dfilter_compile(expr, &f, err, sizeof err);
    if (rc != 0)
        fail_msg("'%s' did not compile: %s", expr, err);
    bool m = dfilter_match(f, p);
    dfilter_free(f);
    return m;
}
