/*
 * gen_bounds.c: captures crafted to make sniff allocate or compute without bound, and
 * an honest twin of each (the same number of packets, of about the same size), for
 * test_bounds.sh (bench/soak.sh is the live counterpart: real connections on lo).
 *
 *   gen_bounds CASE [-n N] [--honest] -w FILE
 *
 *   pending   N flows (default 500) to the echo port, no handshake, each 255 one-byte
 *             client segments 4096 bytes apart (offset 0 first, then each beyond a hole),
 *             never echoed: every flow holds its bytes, spread over 1 MiB, while they
 *             wait for an echo (before the shared budget: a ring grown to 1 MiB per flow
 *             and copied page by page, 647 MB of RSS for 500 flows under -A)
 *   sparse    the same bytes written from the highest offset down (after offset 0):
 *             each byte held out of order, in a chunk of its own, below the ones before
 *   gap       one connection, then N rounds (default 20000) of a 100-byte client
 *             segment whose sequence number jumps 2^31 each time and a server ACK of
 *             2^31 - 1 bytes never seen: holes of 2 GiB, declared one after another
 *   synflood  N SYNs (default 1000000) from distinct socket pairs, none answered
 *   lossy     the honest twin of synflood (N / 8 echo sessions of 8 frames, default N
 *             1600000) with one frame in four not captured, as a loaded live capture
 *             drops them: sessions that never close, requests whose echo never comes.
 *             The connection table, the memory budget and --summary's rows all fill
 *             at once (before the pool's blocks of one size, a heap fragmented by two
 *             sizes took such a capture to 56 MiB under -A and 58 MiB under --summary)
 *   budget    N flows (default 2000) that each send a 4 KiB request in four segments,
 *             every request before any echo, then every echo, oldest flow first; the
 *             last flow's echo differs in one byte. Honest traffic that a small
 *             --max-memory cannot hold: the oldest bytes are given up, and no verdict
 *             may call a given-up byte a mismatch (the last flow's must still be found)
 *
 * --honest writes the twin: N flows (synflood: N / 8 connections of 8 packets) of
 * complete echo sessions with the same packet count, requests echoed at once.
 *
 * Every file is deterministic (no clock, no random source): Ethernet, IPv4, TCP with
 * correct checksums, clients 10.X.Y.Z ports 40000 and up, server 10.0.0.1 port 15213,
 * one microsecond between frames.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "gen_pcap.h"

enum { FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16 };
enum { SERVER_PORT = 15213, MAXDATA = 4096 };

struct gen {
    pcap_dumper_t *d;
    uint64_t t_us;
    uint64_t frames;
    uint32_t loss; /* lossy: a linear congruential state; 0: every frame is written */
};

struct ep {
    uint8_t addr[4];
    uint16_t port;
};

/* Flow i's client: 10.(i >> 16).(i >> 8).(i) + 2, port 40000 + i % 20000. */
static struct ep client_of(uint32_t i)
{
    uint32_t a = i + 2;
    struct ep e = {{10, (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a},
                   (uint16_t)(40000 + i % 20000)};
    return e;
}

static const struct ep server = {{10, 0, 0, 1}, SERVER_PORT};

/* One Ethernet/IPv4/TCP frame, len bytes of data (NULL: the pattern of its offset). */
static void seg(struct gen *g, const struct ep *src, const struct ep *dst, uint32_t seq,
                uint32_t ack, uint8_t flags, const uint8_t *data, size_t len)
{
    if (g->loss != 0) { /* lossy: one frame in four is not captured */
        g->loss = g->loss * 1664525u + 1013904223u;
        if ((g->loss >> 30) == 0)
            return;
    }
    uint8_t f[14 + 20 + 20 + MAXDATA];
    static const uint8_t eth[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
    size_t tlen = 20 + len, iplen = 20 + tlen;
    memcpy(f, eth, 14);
    uint8_t *ip = f + 14, *t = ip + 20;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    gen_be16(ip + 2, (uint32_t)iplen);
    ip[6] = 0x40; /* DF */
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, src->addr, 4);
    memcpy(ip + 16, dst->addr, 4);
    gen_be16(ip + 10, csum_fold(csum_add(0, ip, 20)));
    gen_be16(t, src->port);
    gen_be16(t + 2, dst->port);
    gen_be32(t + 4, seq);
    gen_be32(t + 8, ack);
    t[12] = 0x50; /* data offset 5: no options */
    t[13] = flags;
    gen_be16(t + 14, 65535);
    gen_be16(t + 16, 0);
    gen_be16(t + 18, 0);
    if (len)
        memcpy(t + 20, data, len);
    /* RFC 9293 3.1: the pseudo-header is both addresses, zero, protocol, TCP length. */
    uint8_t pseudo[4] = {0, 6, (uint8_t)(tlen >> 8), (uint8_t)tlen};
    uint32_t s = csum_add(csum_add(0, ip + 12, 8), pseudo, 4);
    gen_be16(t + 16, csum_fold(csum_add(s, t, tlen)));
    gen_pcap_write(g->d, g->t_us++, f, 14 + iplen);
    g->frames++;
}

/* Stream byte k of flow i: printable, different per flow and offset. */
static uint8_t pattern(uint32_t i, uint64_t k)
{
    return (uint8_t)('a' + (i * 7 + k * 3) % 26);
}

static void fill(uint8_t *b, uint32_t i, uint64_t off, size_t n)
{
    for (size_t k = 0; k < n; k++)
        b[k] = pattern(i, off + k);
}

enum { C_ISN = 0x10000000u, S_ISN = 0x20000000u };

/* SYN, SYN-ACK, ACK between client c and the server, from these initial sequence
 * numbers. */
static void handshake(struct gen *g, const struct ep *c, uint32_t cs, uint32_t ss)
{
    seg(g, c, &server, cs, 0, SYN, NULL, 0);
    seg(g, &server, c, ss, cs + 1, SYN | ACK, NULL, 0);
    seg(g, c, &server, cs + 1, ss + 1, ACK, NULL, 0);
}

/* An honest echo session of exactly n packets (n >= 8): handshake, one-byte requests
 * each echoed at once (and acknowledged when an odd packet is left), the close. */
static void honest_flow(struct gen *g, uint32_t i, uint32_t n)
{
    struct ep c = client_of(i);
    uint32_t cs = C_ISN + i, ss = S_ISN + i;
    handshake(g, &c, cs, ss);
    uint32_t left = n - 6, k = 0;
    uint8_t b;
    for (; left >= 2; left -= 2, k++) {
        fill(&b, i, k, 1);
        seg(g, &c, &server, cs + 1 + k, ss + 1 + k, PSH | ACK, &b, 1);
        seg(g, &server, &c, ss + 1 + k, cs + 2 + k, PSH | ACK, &b, 1);
    }
    if (left)
        seg(g, &c, &server, cs + 1 + k, ss + 1 + k, ACK, NULL, 0);
    seg(g, &c, &server, cs + 1 + k, ss + 1 + k, FIN | ACK, NULL, 0);
    seg(g, &server, &c, ss + 1 + k, cs + 2 + k, FIN | ACK, NULL, 0);
    seg(g, &c, &server, cs + 2 + k, ss + 2 + k, ACK, NULL, 0);
}

static void honest(struct gen *g, uint32_t flows, uint32_t per_flow)
{
    for (uint32_t i = 0; i < flows; i++)
        honest_flow(g, i, per_flow);
}

/* 255 one-byte segments per flow, 4096 bytes apart: the first at offset 0, the others
 * each beyond a hole, so a flow's bytes span 1 MiB; up (ascending) or down. */
static void spaced(struct gen *g, uint32_t flows, bool down)
{
    for (uint32_t i = 0; i < flows; i++) {
        struct ep c = client_of(i);
        for (uint32_t j = 0; j < 255; j++) {
            uint32_t k = down ? (j == 0 ? 0 : 255 - j) : j;
            uint8_t b;
            fill(&b, i, (uint64_t)k * 4096, 1);
            seg(g, &c, &server, C_ISN + i + k * 4096u, S_ISN + i, PSH | ACK, &b, 1);
        }
    }
}

/* Sequence numbers and ACKs 2^31 apart, after a real handshake. */
static void gap(struct gen *g, uint32_t rounds)
{
    struct ep c = client_of(0);
    uint32_t cs = C_ISN, ss = S_ISN;
    handshake(g, &c, cs, ss);
    uint8_t d[100];
    uint32_t seq = cs + 1, sseq = ss + 1;
    for (uint32_t r = 0; r + 5 < rounds; r += 2) {
        fill(d, 0, r, sizeof d);
        seg(g, &c, &server, seq, sseq, PSH | ACK, d, sizeof d);
        /* The server acknowledges 2^31 - 1 bytes it never saw, and its own stream jumps. */
        seg(g, &server, &c, sseq, seq + 0x7fffffffu, ACK, NULL, 0);
        seq += 0x80000000u;
        sseq += 0x80000000u;
    }
    seg(g, &c, &server, seq, sseq, FIN | ACK, NULL, 0);
    seg(g, &server, &c, sseq, seq + 1, FIN | ACK, NULL, 0);
    seg(g, &c, &server, seq + 1, sseq + 1, ACK, NULL, 0);
}

/* The twin of gap: the same rounds, 100-byte requests echoed. */
static void gap_honest(struct gen *g, uint32_t rounds)
{
    struct ep c = client_of(0);
    uint32_t cs = C_ISN, ss = S_ISN;
    handshake(g, &c, cs, ss);
    uint8_t d[100];
    uint32_t off = 0;
    for (uint32_t r = 0; r + 5 < rounds; r += 2, off += sizeof d) {
        fill(d, 0, off, sizeof d);
        seg(g, &c, &server, cs + 1 + off, ss + 1 + off, PSH | ACK, d, sizeof d);
        seg(g, &server, &c, ss + 1 + off, cs + 1 + off + sizeof d, PSH | ACK, d, sizeof d);
    }
    seg(g, &c, &server, cs + 1 + off, ss + 1 + off, FIN | ACK, NULL, 0);
    seg(g, &server, &c, ss + 1 + off, cs + 2 + off, FIN | ACK, NULL, 0);
    seg(g, &c, &server, cs + 2 + off, ss + 2 + off, ACK, NULL, 0);
}

static void synflood(struct gen *g, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct ep c = client_of(i);
        seg(g, &c, &server, C_ISN + i, 0, SYN, NULL, 0);
    }
}

/* Every flow's 4 KiB request (four segments), then every echo, oldest flow first; the
 * last flow's echo has one byte changed (at offset 1000). */
static void budget(struct gen *g, uint32_t flows)
{
    uint8_t d[1024];
    for (uint32_t i = 0; i < flows; i++) {
        struct ep c = client_of(i);
        handshake(g, &c, C_ISN + i, S_ISN + i);
        for (uint32_t k = 0; k < 4; k++) {
            fill(d, i, k * 1024u, sizeof d);
            seg(g, &c, &server, C_ISN + i + 1 + k * 1024u, S_ISN + i + 1, PSH | ACK, d, sizeof d);
        }
    }
    for (uint32_t i = 0; i < flows; i++) {
        struct ep c = client_of(i);
        uint32_t cs = C_ISN + i + 1, ss = S_ISN + i + 1;
        for (uint32_t k = 0; k < 4; k++) {
            fill(d, i, k * 1024u, sizeof d);
            if (i == flows - 1 && k == 0)
                d[1000] ^= 0x20; /* the one real mismatch */
            seg(g, &server, &c, ss + k * 1024u, cs + 4096, PSH | ACK, d, sizeof d);
        }
        seg(g, &c, &server, cs + 4096, ss + 4096, FIN | ACK, NULL, 0);
        seg(g, &server, &c, ss + 4096, cs + 4097, FIN | ACK, NULL, 0);
        seg(g, &c, &server, cs + 4097, ss + 4097, ACK, NULL, 0);
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: gen_bounds pending|sparse|gap|synflood|lossy|budget [-n N] [--honest] "
                    "-w FILE\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *cs = argv[1];
    struct gen_opts o = {0};
    if (!gen_opts_parse(argc, argv, 2, &o) || o.out == NULL)
        return usage();
    uint32_t n = o.n;
    bool twin = o.honest;
    pcap_t *pd;
    struct gen g = {.d = gen_pcap_open("gen_bounds", o.out, &pd)};
    if (g.d == NULL)
        return 1;
    int rc = 0;
    if (strcmp(cs, "pending") == 0 || strcmp(cs, "sparse") == 0) {
        n = n ? n : 500;
        if (twin)
            honest(&g, n, 255);
        else
            spaced(&g, n, cs[0] == 's');
    } else if (strcmp(cs, "gap") == 0) {
        n = n ? n : 20000;
        if (twin)
            gap_honest(&g, n);
        else
            gap(&g, n);
    } else if (strcmp(cs, "synflood") == 0) {
        n = n ? n : 1000000;
        if (twin)
            honest(&g, n / 8, 8);
        else
            synflood(&g, n);
    } else if (strcmp(cs, "lossy") == 0) {
        n = n ? n : 1600000;
        g.loss = twin ? 0 : 1;
        honest(&g, n / 8, 8);
    } else if (strcmp(cs, "budget") == 0) {
        n = n ? n : 2000;
        if (twin)
            honest(&g, n, 14);
        else
            budget(&g, n);
    } else {
        rc = usage();
    }
    pcap_dump_close(g.d);
    pcap_close(pd);
    return rc;
}
