/*
 * test_dec_common.h: helpers shared by the decoder tests (tests/test_dec_*.c).
 *
 * decode_copy() decodes from a heap copy of exactly caplen bytes, so that AddressSanitizer
 * catches any read past the captured length; every_length() runs the whole pipeline
 * (decode, track, checksums, packet-list line) at every capture length from 0 to the
 * frame's, which is tcpdump's "try several snaplens" made exhaustive, and checks that a
 * cut is reported whenever it removes bytes some layer claims.
 */
#ifndef TEST_DEC_COMMON_H
#define TEST_DEC_COMMON_H

#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "analysis.h"
#include "decode.h"
#include "fmt_addr.h"
#include "fmt_summary.h"

/* Frame 1799 of the lecture's trace (lecture-network-programming.txt): "here is a
 * message\n" from 128.237.252.163:55306 to 128.2.220.10:15213. */
static const uint8_t frame1799[72] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x3a, 0x2c, 0x7a, 0x40, 0x00, 0x80, 0x06, 0xf4, 0xa5, 0x80, 0xed, 0xfc, 0xa3,
    0x80, 0x02, 0xdc, 0x0a, 0xd8, 0x0a, 0x3b, 0x6d, 0xf4, 0xa4, 0x99, 0x6c, 0x75, 0xde, 0x71,
    0x6a, 0x50, 0x18, 0x3f, 0xff, 0x96, 0x8b, 0x00, 0x00, 0x68, 0x65, 0x72, 0x65, 0x20, 0x69,
    0x73, 0x20, 0x61, 0x20, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x0a};

/* Decodes frame[0..caplen) of a len-byte frame from a heap copy; the copy is returned
 * in *copy (free it when done with p, whose pointers point into it). */
static inline void decode_copy(struct packet *p, int dlt, const uint8_t *frame, size_t caplen,
                               size_t len, uint8_t **copy)
{
    uint8_t *buf = malloc(caplen > 0 ? caplen : 1);
    assert_non_null(buf);
    if (caplen > 0)
        memcpy(buf, frame, caplen);
    struct frame_info f = {.number = 1,
                           .ts_sec = 1700000000,
                           .caplen = (uint32_t)caplen,
                           .len = (uint32_t)len,
                           .linktype = dlt,
                           .data = buf};
    decode_packet(p, &f);
    *copy = buf;
}

/* Decodes a whole frame, frees the copy at the next call (tests are single-threaded). */
static inline struct packet *decode_whole(int dlt, const uint8_t *frame, size_t len)
{
    static struct packet pkt;
    static uint8_t *copy;
    free(copy);
    decode_copy(&pkt, dlt, frame, len, len, &copy);
    return &pkt;
}

/* The Info column of p, NUL-terminated in a static buffer. */
static inline const char *info_of(const struct packet *p)
{
    static struct out o;
    static char text[1024];
    out_init(&o, -1);
    fmt_info(&o, p);
    size_t n = o.len < sizeof text - 1 ? o.len : sizeof text - 1;
    memcpy(text, o.buf, n);
    text[n] = '\0';
    return text;
}

/* Whether a frame cut at cap bytes lost only data: a TCP or UDP payload, an IP
 * fragment's bytes, an undecoded protocol's. */
static inline bool cut_in_data(const struct packet *p, size_t cap)
{
    if (p->l4 == L4_TCP && p->tcp.hdr_len < 20 && p->tcp.hdr_len != 0)
        return cap >= (size_t)p->l4_off + 16; /* a bogus data offset stops Wireshark first */
    if (p->l4 == L4_TCP)
        return p->tcp.status == LAYER_OK && cap >= (size_t)p->l4_off + p->tcp.hdr_len;
    if (p->l4 == L4_UDP)
        return p->udp.status == LAYER_OK && cap >= (size_t)p->l4_off + 8;
    return pkt_shown_as_fragment(p) && cap >= p->l4_off;
}

/* Runs the pipeline on every truncation of frame: the decoders must stop at each cut
 * (ASan proves no byte past it is read) and say whether the packet was cut. */
static inline void every_length_check(int dlt, const uint8_t *frame, size_t len, bool strict)
{
    struct analysis an;
    struct an_opts ao = {.echo_port = 15213, .max_conns = 8};
    char err[256];
    assert_true(analysis_init(&an, &ao, err, sizeof err));
    struct pkt_analysis *r = malloc(sizeof *r);
    struct out *o = malloc(sizeof *o);
    assert_non_null(r);
    assert_non_null(o);
    struct fmt_opts opts = {.time_format = TIME_RELATIVE, .check_checksums = true};
    struct fmt_time ft;
    memset(&ft, 0, sizeof ft);
    for (size_t cap = 0; cap <= len; cap++) {
        struct packet p;
        uint8_t *copy;
        decode_copy(&p, dlt, frame, cap, len, &copy);
        (void)analysis_packet(&an, &p, r);
        (void)csum_check_ip4(&p, true);
        (void)csum_check_tcp(&p, true);
        (void)csum_check_udp(&p, true);
        out_init(o, -1);
        fmt_summary(o, &p, &opts, &ft, NULL);
        /* strict: every byte belongs to some layer, so any cut must be reported, but for
         * one in a TCP or UDP payload or an IP fragment's data: Wireshark marks a cut
         * only where a dissector read past it, and those bytes are shown as data. */
        if (strict && cap < len && !p.truncated && !p.malformed && !cut_in_data(&p, cap))
            fail_msg("a cut at %zu of %zu bytes went unreported", cap, len);
        free(copy);
    }
    free(o);
    free(r);
    analysis_free(&an);
}

/* The usual case: a frame with no padding or unclaimed bytes. */
static inline void every_length(int dlt, const uint8_t *frame, size_t len)
{
    every_length_check(dlt, frame, len, true);
}

static inline void put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

static inline void put32(uint8_t *b, uint32_t v)
{
    put16(b, (uint16_t)(v >> 16));
    put16(b + 2, (uint16_t)v);
}

/* A TCP segment's description for build_tcp4(). */
struct seg {
    uint8_t src[4], dst[4];
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint16_t flags, win;
    const uint8_t *opts; /* a multiple of 4 bytes */
    size_t optlen;
    const uint8_t *data;
    size_t dlen;
};

/* Builds Ethernet + IPv4 + TCP into buf (room for 1514 bytes); returns the frame length.
 * The IPv4 header checksum is filled in, the TCP checksum too (pseudo-header included). */
static inline size_t build_tcp4(uint8_t *buf, const struct seg *s)
{
    static const uint8_t macs[12] = {0x08, 0x00, 0x7f, 0x20, 0x00, 0x64,
                                     0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6};
    memcpy(buf, macs, 12);
    put16(buf + 12, 0x0800);
    uint8_t *ip = buf + 14, *tcp = ip + 20;
    size_t tlen = 20 + s->optlen + s->dlen;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + tlen));
    put16(ip + 4, 0x2c7a);
    put16(ip + 6, 0x4000);
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, s->src, 4);
    memcpy(ip + 16, s->dst, 4);
    put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
    memset(tcp, 0, 20);
    put16(tcp, s->sport);
    put16(tcp + 2, s->dport);
    put32(tcp + 4, s->seq);
    put32(tcp + 8, s->ack);
    tcp[12] = (uint8_t)(((20 + s->optlen) / 4) << 4 | (s->flags >> 8 & 1));
    tcp[13] = (uint8_t)s->flags;
    put16(tcp + 14, s->win);
    if (s->optlen > 0)
        memcpy(tcp + 20, s->opts, s->optlen);
    if (s->dlen > 0)
        memcpy(tcp + 20 + s->optlen, s->data, s->dlen);
    uint32_t sum = csum_add(0, s->src, 4);
    sum = csum_add(sum, s->dst, 4);
    sum += 6 + (uint32_t)tlen;
    put16(tcp + 16, csum_fold(csum_add(sum, tcp, tlen)));
    return 14 + 20 + tlen;
}

/* A SYN from 10.0.0.1:1000 to 10.0.0.2:15213, window 512, no options: Ethernet, IPv4,
 * TCP into buf (room for 1514 bytes); returns the frame length. */
static inline size_t build_syn4(uint8_t *buf)
{
    struct seg s = {.src = {10, 0, 0, 1},
                    .dst = {10, 0, 0, 2},
                    .sport = 1000,
                    .dport = 15213,
                    .flags = TCP_SYN,
                    .win = 512};
    return build_tcp4(buf, &s);
}

#endif
