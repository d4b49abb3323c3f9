/*
 * dfilter_packets.c: the hand-built packets of the display filter's unit tests
 * (dfilter_packets.h): the lecture's echo data segment, an IPv6 SYN, a UDP datagram.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

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

/* IPv4 from src to dst carrying proto, decoded. */
static void set_ip4(struct packet *p, const uint8_t src[4], const uint8_t dst[4], uint8_t proto)
{
    p->net = NET_IPV4;
    p->ip4.status = LAYER_OK;
    p->ip4.proto = proto;
    memcpy(p->ip4.src, src, 4);
    memcpy(p->ip4.dst, dst, 4);
}

/* A TCP header of hdr_len bytes, decoded with its ports. */
static void set_tcp(struct packet *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
                    uint16_t flags, uint8_t hdr_len)
{
    p->l4 = L4_TCP;
    p->tcp.status = LAYER_OK;
    p->tcp.sport = sport;
    p->tcp.dport = dport;
    p->tcp.seq = seq;
    p->tcp.ack = ack;
    p->tcp.flags = flags;
    p->tcp.hdr_len = hdr_len;
    p->tcp.have_ports = true;
}

/* Frame 1799 of the lecture: 128.237.252.163:55306 -> 128.2.220.10:15213 [PSH, ACK],
 * 18 bytes of data, relative Seq=1 Ack=1. */
struct packet echo_data(void)
{
    struct packet p = ether_frame(1799, 72);
    set_ip4(&p, (uint8_t[]){128, 237, 252, 163}, (uint8_t[]){128, 2, 220, 10}, 6);
    p.ip4.version = 4;
    p.ip4.hdr_len = 20;
    p.ip4.total_len = 58;
    p.ip4.ttl = 128;
    p.ip4.df = true;
    set_tcp(&p, 55306, 15213, 4104427884u, 1977512298u, TCP_PSH | TCP_ACK, 20);
    p.l4_proto = 6;
    p.tcp.window = 16383;
    p.tcp.payload_len = 18;
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
    set_tcp(&p, 40000, 22, 1000, 0, TCP_SYN, 40);
    p.l4_off = 54; /* Ethernet 14 + IPv6 40 */
    p.l4_len = 40;
    return p;
}

/* A UDP datagram 10.1.2.3:5353 -> 10.9.9.9:53. */
struct packet udp4(void)
{
    struct packet p = ether_frame(7, 60);
    set_ip4(&p, (uint8_t[]){10, 1, 2, 3}, (uint8_t[]){10, 9, 9, 9}, 17);
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
