/*
 * pf_frames.h: test frames for test_anon.c and test_redact.c, and an Internet
 * checksum (RFC 1071) written here independently of sniff/decode/checksum.c and of the
 * incremental update under test, so the tests check the rewritten frames against a
 * computation that shares no code with them.
 *
 * Frames are Ethernet II with IPv4 or IPv6 and TCP, UDP or ICMPv6, built byte by byte
 * with correct checksums, then decoded by the real decoders (decode_packet).
 */
#ifndef PF_FRAMES_H
#define PF_FRAMES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "packet.h"

#define PF_DLT_EN10MB 1 /* DLT_EN10MB */

/* The lecture's hosts and Ethernet addresses (frame 1799). */
static const uint8_t pf_mac_client[6] = {0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6};
static const uint8_t pf_mac_server[6] = {0x08, 0x00, 0x7f, 0x20, 0x00, 0x64};
static const uint8_t pf_ip4_client[4] = {128, 237, 252, 163};
static const uint8_t pf_ip4_server[4] = {128, 2, 220, 10};
static const uint8_t pf_ip6_client[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                          0,    0,    0,    0,    0, 0, 0, 0x01};
static const uint8_t pf_ip6_server[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                          0,    0,    0,    0,    0, 0, 0, 0x02};

static inline void pf_put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline uint16_t pf_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Ones' complement sum of n bytes added to sum (not folded, not complemented). */
static inline uint32_t pf_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum += (i % 2 == 0) ? (uint32_t)p[i] << 8 : p[i];
    return sum;
}

static inline uint16_t pf_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The checksum of the l4 segment (len bytes at seg, its own checksum field included as
 * it is) with the pseudo-header of the IP header at ip: 0 when the field is right. */
static inline uint16_t pf_l4_verify(const uint8_t *ip, const uint8_t *seg, uint32_t len,
                                    uint8_t proto)
{
    uint32_t sum = 0;
    if (ip[0] >> 4 == 4)
        sum = pf_sum(sum, ip + 12, 8);
    else
        sum = pf_sum(sum, ip + 8, 32);
    sum += proto + (len >> 16) + (len & 0xffff);
    sum = pf_sum(sum, seg, len);
    return pf_fold(sum);
}

/* The IPv4 header checksum over hdr_len bytes, field included: 0 when right. */
static inline uint16_t pf_ip4_verify(const uint8_t *ip)
{
    return pf_fold(pf_sum(0, ip, (size_t)(ip[0] & 0xf) * 4));
}

/* Writes the correct checksum of the segment into the field at seg + at. */
static inline void pf_l4_fill(const uint8_t *ip, uint8_t *seg, uint32_t len, uint8_t proto,
                              uint32_t at)
{
    pf_put16(seg + at, 0);
    pf_put16(seg + at, pf_l4_verify(ip, seg, len, proto));
}

enum pf_l4 { PF_TCP = 6, PF_UDP = 17, PF_ICMP6 = 58 };

/* Builds Ethernet + IPv4 (v6 false) or IPv6 + TCP/UDP/ICMPv6 carrying payload, with
 * correct checksums, into f; returns the frame length. */
static inline uint32_t pf_frame(uint8_t *f, bool v6, enum pf_l4 l4, const char *payload)
{
    uint32_t plen = (uint32_t)strlen(payload);
    uint32_t l4hdr = l4 == PF_TCP ? 20 : l4 == PF_UDP ? 8 : 8;
    uint32_t seglen = l4hdr + plen;
    memcpy(f, pf_mac_server, 6);
    memcpy(f + 6, pf_mac_client, 6);
    pf_put16(f + 12, v6 ? 0x86dd : 0x0800);
    uint8_t *ip = f + 14, *seg;
    if (!v6) {
        memset(ip, 0, 20);
        ip[0] = 0x45;
        pf_put16(ip + 2, 20 + seglen);
        pf_put16(ip + 4, 0x2c7a);
        ip[6] = 0x40; /* DF */
        ip[8] = 128;
        ip[9] = (uint8_t)l4;
        memcpy(ip + 12, pf_ip4_client, 4);
        memcpy(ip + 16, pf_ip4_server, 4);
        pf_put16(ip + 10, pf_ip4_verify(ip));
        seg = ip + 20;
    } else {
        memset(ip, 0, 40);
        ip[0] = 0x60;
        pf_put16(ip + 4, seglen);
        ip[6] = (uint8_t)l4;
        ip[7] = 64;
        memcpy(ip + 8, pf_ip6_client, 16);
        memcpy(ip + 24, pf_ip6_server, 16);
        seg = ip + 40;
    }
    memset(seg, 0, l4hdr);
    if (l4 == PF_TCP) {
        pf_put16(seg, 55306);
        pf_put16(seg + 2, 15213);
        seg[4] = 0x3b, seg[5] = 0x6d, seg[6] = 0xf4, seg[7] = 0xa4; /* the lecture's seq */
        seg[8] = 0x99, seg[9] = 0x6c, seg[10] = 0x75, seg[11] = 0xde;
        seg[12] = 0x50;
        seg[13] = 0x18; /* PSH, ACK */
        pf_put16(seg + 14, 0x3fff);
    } else if (l4 == PF_UDP) {
        pf_put16(seg, 55306);
        pf_put16(seg + 2, 15213);
        pf_put16(seg + 4, seglen);
    } else {
        seg[0] = 128; /* echo request */
        pf_put16(seg + 4, 0x1234);
        pf_put16(seg + 6, 1);
    }
    memcpy(seg + l4hdr, payload, plen);
    pf_l4_fill(ip, seg, seglen, (uint8_t)l4, l4 == PF_TCP ? 16 : l4 == PF_UDP ? 6 : 2);
    return (uint32_t)(seg - f) + seglen;
}

static inline void pf_decode(struct packet *p, const uint8_t *f, uint32_t caplen, uint32_t len)
{
    struct frame_info fi = {0};
    fi.number = 1;
    fi.caplen = caplen;
    fi.len = len;
    fi.linktype = PF_DLT_EN10MB;
    fi.data = f;
    decode_packet(p, &fi);
}

#endif
