/*
 * gen_tcp_cases.c: synthetic TCP captures for the analysis flags, and a runner that
 * prints what sniff's analysis engine says of any capture.
 *
 *   gen_tcp_cases -w DIR        writes DIR/<case>.pcap and DIR/<case>.expect for every
 *                               case below (.expect: "frame<TAB>Info prefix" per frame,
 *                               the flags Wireshark's definitions give, written by hand),
 *                               and DIR/<case>.script, the case's segments as text for the
 *                               graph tests (tests/graph_expect.py): "frame dir time_us
 *                               flags seq ack len win ws<TAB>Info prefix"
 *   gen_tcp_cases -a FILE.pcap  decodes FILE with sniff's decoders, runs analysis.c and
 *                               prints "frame<TAB>Info prefix" for every TCP frame
 *   gen_tcp_cases -A FILE.pcap  the same, each annotation line (annotate.c) after a tab,
 *                               and a summary line per connection at its end
 *   (-a and -A take the echo port as a last argument; default 15213)
 *
 * tests/test_analysis_flags.sh checks -a against .expect, and against tshark's own
 * Info column when tshark is installed: tshark is the reference.
 *
 * Each case is a script of segments between a client (10.0.0.1) and a server
 * (10.0.0.2:15213): direction, time, flags, sequence and acknowledgement numbers
 * relative to each side's ISN (the SYN has sequence number 0), payload length and
 * window. Frames are Ethernet/IPv4/TCP with correct checksums.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "annotate.h"
#include "checksum.h"
#include "decode.h"
#include "fmt_conn.h"
#include "gen_pcap.h"

#define C 0 /* client to server */
#define S 1 /* server to client */
#define F_S TCP_SYN
#define F_A TCP_ACK
#define F_SA (TCP_SYN | TCP_ACK)
#define F_PA (TCP_PSH | TCP_ACK)
#define F_FA (TCP_FIN | TCP_ACK)
#define F_R TCP_RST
#define F_RA (TCP_RST | TCP_ACK)

struct seg {
    int dir;
    uint32_t t_ms; /* milliseconds since the start (t_us adds microseconds) */
    uint16_t flags;
    uint32_t seq, ack; /* relative to the sender's / the receiver's ISN */
    uint16_t len;
    uint16_t win;
    int ws;             /* SYNs: window scale shift offered, -1 none */
    uint32_t t_us;      /* extra microseconds */
    const char *expect; /* Wireshark's Info prefix for this frame */
    const char *data;   /* payload (len bytes); NULL: letters following the sequence */
};

struct tcase {
    const char *name;
    uint32_t isn[2];
    uint16_t cport;
    const struct seg *segs;
    size_t n;
};

/* clang-format off */
#define HS(ws_c, ws_s)                                                                             \
    {C, 0, F_S, 0, 0, 0, 64240, ws_c, 0, "", NULL},                                                \
    {S, 1, F_SA, 0, 1, 0, 65160, ws_s, 0, "", NULL},                                               \
    {C, 2, F_A, 1, 1, 0, 502, -1, 0, "", NULL}
/* clang-format on */

/* A segment lost before the capture point, then the receiver ACKs it anyway. */
static const struct seg lost[] = {
    HS(7, 7),
    {C, 100, F_PA, 1, 1, 100, 502, -1, 0, "", NULL},
    {C, 101, F_PA, 201, 1, 100, 502, -1, 0, "[TCP Previous segment not captured] ", NULL},
    {S, 110, F_A, 1, 301, 0, 509, -1, 0, "[TCP ACKed unseen segment] ", NULL},
};

/* A plain retransmission after a timeout (200 ms > the handshake RTT). */
static const struct seg retrans[] = {
    HS(7, 7),
    {C, 100, F_PA, 1, 1, 100, 502, -1, 0, "", NULL},
    {C, 300, F_PA, 1, 1, 100, 502, -1, 0, "[TCP Retransmission] ", NULL},
    {S, 310, F_A, 1, 101, 0, 509, -1, 0, "", NULL},
};

/* Out of order: the second segment overtakes the first within the handshake RTT. */
static const struct seg ooo[] = {
    {C, 0, F_S, 0, 0, 0, 64240, 7, 0, "", NULL},
    {S, 50, F_SA, 0, 1, 0, 65160, 7, 0, "", NULL},
    {C, 100, F_A, 1, 1, 0, 502, -1, 0, "", NULL},
    {C, 200, F_PA, 101, 1, 100, 502, -1, 0, "[TCP Previous segment not captured] ", NULL},
    {C, 200, F_PA, 1, 1, 100, 502, -1, 500, "[TCP Out-Of-Order] ", NULL},
    {S, 210, F_A, 1, 201, 0, 509, -1, 0, "", NULL},
};

/* Three Dup ACKs and a fast retransmission within 20 ms of the last. */
static const struct seg dupack[] = {
    HS(7, 7),
    {C, 100, F_PA, 1, 1, 100, 502, -1, 0, "", NULL},
    {C, 100, F_PA, 201, 1, 100, 502, -1, 100, "[TCP Previous segment not captured] ", NULL},
    {C, 100, F_PA, 301, 1, 100, 502, -1, 200, "", NULL},
    {C, 100, F_PA, 401, 1, 100, 502, -1, 300, "", NULL},
    {S, 110, F_A, 1, 101, 0, 509, -1, 0, "", NULL},
    {S, 111, F_A, 1, 101, 0, 509, -1, 0, "[TCP Dup ACK 8#1] ", NULL},
    {S, 112, F_A, 1, 101, 0, 509, -1, 0, "[TCP Dup ACK 8#2] ", NULL},
    {S, 113, F_A, 1, 101, 0, 509, -1, 0, "[TCP Dup ACK 8#3] ", NULL},
    {C, 114, F_PA, 101, 1, 100, 502, -1, 0, "[TCP Fast Retransmission] ", NULL},
    {S, 120, F_A, 1, 501, 0, 509, -1, 0, "", NULL},
};

/* Keep-alives: one byte before the next sequence number, and their ACKs. */
static const struct seg keepalive[] = {
    HS(7, 7),
    {C, 100, F_PA, 1, 1, 10, 502, -1, 0, "", NULL},
    {S, 110, F_A, 1, 11, 0, 509, -1, 0, "", NULL},
    {C, 7300, F_A, 10, 1, 0, 502, -1, 0, "[TCP Keep-Alive] ", NULL},
    {S, 7301, F_A, 1, 11, 0, 509, -1, 0, "[TCP Keep-Alive ACK] ", NULL},
    {C, 14500, F_A, 10, 1, 1, 502, -1, 0, "[TCP Keep-Alive] ", NULL},
    {S, 14501, F_A, 1, 11, 0, 509, -1, 0, "[TCP Keep-Alive ACK] ", NULL},
};

/* A receiver that stops reading: zero window, probes, probe ACKs, window update. */
static const struct seg zerowin[] = {
    HS(-1, -1),
    {C, 100, F_PA, 1, 1, 1000, 64240, -1, 0, "", NULL},
    {S, 110, F_A, 1, 1001, 0, 0, -1, 0, "[TCP ZeroWindow] ", NULL},
    {C, 400, F_A, 1001, 1, 1, 64240, -1, 0, "[TCP ZeroWindowProbe] ", NULL},
    {S, 401, F_A, 1, 1001, 0, 0, -1, 0, "[TCP ZeroWindowProbeAck] [TCP ZeroWindow] ", NULL},
    {S, 900, F_A, 1, 1001, 0, 8192, -1, 0, "[TCP Window Update] ", NULL},
    {C, 901, F_PA, 1001, 1, 100, 64240, -1, 0, "", NULL},
};

/* Data reaching exactly the edge of the receiver's (scaled) window. */
static const struct seg winfull[] = {
    {C, 0, F_S, 0, 0, 0, 64240, 2, 0, "", NULL},
    {S, 1, F_SA, 0, 1, 0, 1000, 2, 0, "", NULL},
    {C, 2, F_A, 1, 1, 0, 1000, -1, 0, "", NULL},
    {S, 3, F_A, 1, 1, 0, 500, -1, 0, "[TCP Window Update] ", NULL},
    {C, 100, F_PA, 1, 1, 1000, 1000, -1, 0, "", NULL},
    {C, 101, F_PA, 1001, 1, 1000, 1000, -1, 0, "[TCP Window Full] ", NULL},
    {S, 150, F_A, 1, 2001, 0, 500, -1, 0, "", NULL},
};

/* Data that was already acknowledged, sent again. */
static const struct seg spurious[] = {
    HS(7, 7),
    {C, 100, F_PA, 1, 1, 100, 502, -1, 0, "", NULL},
    {S, 110, F_A, 1, 101, 0, 509, -1, 0, "", NULL},
    {C, 400, F_PA, 1, 1, 100, 502, -1, 0, "[TCP Spurious Retransmission] ", NULL},
};

/* The same socket pair again with a new ISN: Wireshark's "Port numbers reused". */
static const struct seg reused[] = {
    HS(7, 7),
    {C, 100, F_FA, 1, 1, 0, 502, -1, 0, "", NULL},
    {S, 101, F_FA, 1, 2, 0, 509, -1, 0, "", NULL},
    {C, 102, F_A, 2, 2, 0, 502, -1, 0, "", NULL},
    {C, 5000, F_S, 50000, 0, 0, 64240, 7, 0, "[TCP Port numbers reused] ", NULL},
};

/* Nothing listening: the SYN is answered by RST, ACK. */
static const struct seg refused[] = {
    {C, 0, F_S, 0, 0, 0, 64240, 7, 0, "", NULL},
    {S, 1, F_RA, 0, 1, 0, 0, -1, 0, "", NULL},
};

/* A SYN sent again after the initial RTO of one second. */
static const struct seg synretry[] = {
    {C, 0, F_S, 0, 0, 0, 64240, 7, 0, "", NULL},
    {C, 1000, F_S, 0, 0, 0, 64240, 7, 0, "[TCP Retransmission] ", NULL},
    {S, 1001, F_SA, 0, 1, 0, 65160, 7, 0, "", NULL},
    {C, 1002, F_A, 1, 1, 0, 502, -1, 0, "", NULL},
};

/* Echo servers, right and wrong (the payload is the lecture's line, 18 bytes). */
#define MSG "here is a message\n"
/* clang-format off */
#define ECHO_HS                                                                                    \
    {C, 0, F_S, 0, 0, 0, 65535, -1, 0, "", NULL},                                                  \
    {S, 2, F_SA, 0, 1, 0, 5840, -1, 0, "", NULL},                                                  \
    {C, 3, F_A, 1, 1, 0, 65535, -1, 0, "", NULL},                                                  \
    {C, 100, F_PA, 1, 1, 18, 65535, -1, 0, "", MSG}
/* clang-format on */
static const struct seg echo_ok[] = {
    ECHO_HS,
    {S, 102, F_A, 1, 19, 0, 5888, -1, 0, "", NULL},
    {S, 102, F_PA, 1, 19, 18, 5888, -1, 154, "", MSG},
    {C, 300, F_FA, 19, 19, 0, 65535, -1, 0, "", NULL},
    {S, 301, F_FA, 19, 20, 0, 5888, -1, 0, "", NULL},
    {C, 302, F_A, 20, 20, 0, 65535, -1, 0, "", NULL},
};
/* A NUL written over the last byte. */
static const struct seg echo_nul[] = {
    ECHO_HS,
    {S, 102, F_PA, 1, 19, 18, 5888, -1, 0, "", "here is a message\0"},
};
/* An 8-byte buffer: the echo is cut to 8 bytes, then the next line is echoed in place. */
static const struct seg echo_trunc[] = {
    ECHO_HS,
    {S, 102, F_PA, 1, 19, 8, 5888, -1, 0, "", MSG},
    {C, 200, F_PA, 19, 9, 7, 65535, -1, 0, "", "second\n"},
    {S, 202, F_PA, 9, 26, 7, 5888, -1, 0, "", "second\n"},
};
/* recv() returned short and the rest was never sent: the tail is lost, then close(). */
static const struct seg echo_tail[] = {
    ECHO_HS,
    {S, 102, F_PA, 1, 19, 10, 5888, -1, 0, "", MSG},
    {C, 300, F_FA, 19, 11, 0, 65535, -1, 0, "", NULL},
    {S, 301, F_FA, 11, 20, 0, 5888, -1, 0, "", NULL},
};

#define CASE(nm, arr, cp)                                                                          \
    {                                                                                              \
        nm, {1000000, 2000000}, cp, arr, sizeof arr / sizeof arr[0]                                \
    }
static const struct tcase cases[] = {
    CASE("lost", lost, 40001),
    CASE("retrans", retrans, 40002),
    CASE("ooo", ooo, 40003),
    CASE("dupack", dupack, 40004),
    CASE("keepalive", keepalive, 40005),
    CASE("zerowin", zerowin, 40006),
    CASE("winfull", winfull, 40007),
    CASE("spurious", spurious, 40008),
    CASE("reused", reused, 40009),
    CASE("refused", refused, 40010),
    CASE("synretry", synretry, 40011),
    CASE("echo_ok", echo_ok, 55306),
    CASE("echo_nul", echo_nul, 55307),
    CASE("echo_trunc", echo_trunc, 55308),
    CASE("echo_tail", echo_tail, 55309),
};

/* Builds one Ethernet/IPv4/TCP frame; returns its length. */
static size_t build(uint8_t *f, const struct tcase *tc, const struct seg *s, uint16_t ipid)
{
    static const uint8_t ip[2][4] = {{10, 0, 0, 1}, {10, 0, 0, 2}};
    uint16_t port[2] = {tc->cport, AN_ECHO_PORT};
    int d = s->dir, o = 1 - d;
    memset(f, 0, 14);
    f[5] = (uint8_t)(1 + o);
    f[11] = (uint8_t)(1 + d);
    f[12] = 0x08;
    uint8_t *iph = f + 14, *th = iph + 20;
    memset(iph, 0, 40);
    size_t optlen = 0;
    if (s->flags & TCP_SYN) {
        uint8_t *op = th + 20;
        op[0] = 2, op[1] = 4;
        gen_be16(op + 2, 1460);
        optlen = 4;
        if (s->ws >= 0) {
            op[4] = 1, op[5] = 3, op[6] = 3, op[7] = (uint8_t)s->ws;
            optlen = 8;
        }
    }
    size_t thl = 20 + optlen;
    for (uint16_t i = 0; i < s->len; i++)
        th[thl + i] = s->data ? (uint8_t)s->data[i] : (uint8_t)('a' + (s->seq + i) % 26);
    size_t tcplen = thl + s->len;
    gen_be16(th, port[d]);
    gen_be16(th + 2, port[o]);
    gen_be32(th + 4, tc->isn[d] + s->seq);
    gen_be32(th + 8, (s->flags & TCP_ACK) ? tc->isn[o] + s->ack : 0);
    th[12] = (uint8_t)((thl / 4) << 4);
    th[13] = (uint8_t)s->flags;
    gen_be16(th + 14, s->win);
    gen_be16(th + 16, 0);
    gen_be16(th + 18, 0);
    uint8_t pseudo[12];
    memcpy(pseudo, ip[d], 4);
    memcpy(pseudo + 4, ip[o], 4);
    pseudo[8] = 0, pseudo[9] = 6;
    gen_be16(pseudo + 10, (uint16_t)tcplen);
    gen_be16(th + 16, csum_fold(csum_add(csum_add(0, pseudo, 12), th, tcplen)));
    iph[0] = 0x45;
    gen_be16(iph + 2, (uint16_t)(20 + tcplen));
    gen_be16(iph + 4, ipid);
    iph[6] = 0x40;
    iph[8] = 64;
    iph[9] = 6;
    memcpy(iph + 12, ip[d], 4);
    memcpy(iph + 16, ip[o], 4);
    gen_be16(iph + 10, csum_fold(csum_add(0, iph, 20)));
    return 14 + 20 + tcplen;
}

/* Writes DIR/<name>.pcap and, when with_expect, DIR/<name>.expect. */
static int write_case(const char *dir, const struct tcase *tc, bool with_expect)
{
    uint8_t frame[2048];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pcap", dir, tc->name);
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *dump = dead ? pcap_dump_open(dead, path) : NULL;
    FILE *ex = NULL, *sc = NULL;
    if (dump && with_expect) {
        snprintf(path, sizeof path, "%s/%s.expect", dir, tc->name);
        ex = fopen(path, "w");
        snprintf(path, sizeof path, "%s/%s.script", dir, tc->name);
        sc = ex != NULL ? fopen(path, "w") : NULL;
    }
    if (!dump || (with_expect && (!ex || !sc))) {
        fprintf(stderr, "gen_tcp_cases: cannot write %s\n", path);
        return 1;
    }
    for (size_t i = 0; i < tc->n; i++) {
        const struct seg *s = &tc->segs[i];
        size_t len = build(frame, tc, s, (uint16_t)(i + 1));
        gen_pcap_write(dump, (uint64_t)s->t_ms * 1000 + s->t_us, frame, len);
        if (ex)
            fprintf(ex, "%zu\t%s\n", i + 1, s->expect);
        if (sc)
            fprintf(sc, "%zu %d %llu %u %u %u %u %u %d\t%s\n", i + 1, s->dir,
                    (unsigned long long)s->t_ms * 1000 + s->t_us, s->flags, s->seq, s->ack, s->len,
                    s->win, s->ws, s->expect);
    }
    if (ex)
        fclose(ex);
    if (sc)
        fclose(sc);
    pcap_dump_close(dump);
    pcap_close(dead);
    return 0;
}

static uint64_t rnd(uint64_t *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return *st;
}

#define CHAOS_SEGS 3000

/* A long connection with everything at once, drawn from a seeded generator: segments
 * lost before the capture, retransmitted, reordered, duplicate and delayed ACKs,
 * keep-alives, zero and changing windows. No expectation is written by hand: the test
 * compares with tshark. */
static int write_chaos(const char *dir, uint64_t seed)
{
    struct seg *v = calloc(CHAOS_SEGS + 16, sizeof *v);
    if (!v)
        return 1;
    static const struct seg hs[] = {HS(7, 7)};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++)
        v[n++] = hs[i];
    uint64_t st = seed | 1;
    uint32_t cseq = 1, sseq = 1, t = 10, old_seq = 1;
    uint16_t old_len = 0, swin = 509, cwin = 502;
    struct seg last_sack = {S, 0, F_A, 1, 1, 0, 509, -1, 0, "", NULL};
    while (n < CHAOS_SEGS) {
        uint32_t r = (uint32_t)(rnd(&st) % 100);
        t += (uint32_t)(rnd(&st) % 4);
        uint32_t us = (uint32_t)(rnd(&st) % 1000);
        uint16_t len = (uint16_t)(1 + rnd(&st) % 1400);
        struct seg g = {C, t, F_PA, cseq, sseq, len, cwin, -1, us, "", NULL};
        if (r < 35) { /* client data, sometimes not captured */
            old_seq = cseq;
            old_len = len;
            cseq += len;
            if (rnd(&st) % 100 < 8)
                continue;
        } else if (r < 55) { /* server ACK of everything, or of less */
            uint32_t ack = rnd(&st) % 100 < 20 && cseq > 1000 ? cseq - 1000 : cseq;
            uint32_t w = (uint32_t)(rnd(&st) % 100);
            swin = w < 5 ? 0 : w < 50 ? 509 : w < 80 ? 1000 : 2;
            g = (struct seg){S, t, F_A, sseq, ack, 0, swin, -1, us, "", NULL};
            last_sack = g;
        } else if (r < 68) { /* server data */
            g = (struct seg){S, t, F_PA, sseq, cseq, len, swin, -1, us, "", NULL};
            sseq += len;
        } else if (r < 75) { /* client ACK */
            cwin = rnd(&st) % 100 < 5 ? 0 : 502;
            g = (struct seg){C, t, F_A, cseq, sseq, 0, cwin, -1, us, "", NULL};
        } else if (r < 81) { /* the last client segment again */
            if (!old_len)
                continue;
            g.seq = old_seq;
            g.len = old_len;
        } else if (r < 85) { /* a keep-alive, with 0 or 1 byte */
            g = (struct seg){C,    t,  F_A, cseq - 1, sseq, (uint16_t)(rnd(&st) % 2),
                             cwin, -1, us,  "",       NULL};
        } else if (r < 91) { /* the last server ACK repeated */
            g = last_sack;
            g.t_ms = t;
            g.t_us = us;
        } else if (r < 96) { /* two client segments, the second first */
            struct seg a = {C, t, F_PA, cseq, sseq, len, cwin, -1, us, "", NULL};
            struct seg b = a;
            b.seq = cseq + len;
            b.len = (uint16_t)(1 + rnd(&st) % 1400);
            b.t_us = us;
            a.t_us = us + (uint32_t)(rnd(&st) % 5000);
            v[n++] = b;
            g = a;
            cseq += len + b.len;
        } else { /* a window update from the server */
            swin = (uint16_t)(100 + rnd(&st) % 2000);
            g = (struct seg){S, t, F_A, sseq, cseq, 0, swin, -1, us, "", NULL};
            last_sack = g;
        }
        v[n++] = g;
    }
    v[n++] = (struct seg){C, t + 10, F_FA, cseq, sseq, 0, cwin, -1, 0, "", NULL};
    v[n++] = (struct seg){S, t + 11, F_FA, sseq, cseq + 1, 0, swin, -1, 0, "", NULL};
    v[n++] = (struct seg){C, t + 12, F_A, cseq + 1, sseq + 1, 0, cwin, -1, 0, "", NULL};
    char name[32];
    snprintf(name, sizeof name, "chaos%llu", (unsigned long long)seed);
    struct tcase tc = {name, {3000000000u, 123456789u}, 40100, v, n};
    int rc = write_case(dir, &tc, false);
    free(v);
    return rc;
}

static int write_cases(const char *dir, uint64_t chaos_seeds)
{
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        if (write_case(dir, &cases[k], true) != 0)
            return 1;
    for (uint64_t seed = 1; seed <= chaos_seeds; seed++)
        if (write_chaos(dir, seed) != 0)
            return 1;
    return 0;
}

static void print_summary(void *ctx, const struct an_conn_summary *cs)
{
    (void)ctx;
    static const char *const ends[] = {"open", "half-closed", "FIN", "RST", "refused"};
    printf("conn #%u: %s, packets %llu/%llu, bytes %llu/%llu", cs->stream, ends[cs->end],
           (unsigned long long)cs->packets[0], (unsigned long long)cs->packets[1],
           (unsigned long long)cs->bytes[0], (unsigned long long)cs->bytes[1]);
    if (cs->verified)
        printf(", requests %u: verified %u, mismatched %u, unchecked %u, unechoed %u%s",
               cs->echo.requests, cs->echo.verified, cs->echo.mismatched, cs->echo.unchecked,
               cs->echo.unechoed, cs->echo.bytes_given_up ? ", some given up" : "");
    printf("\n");
}

static int analyse(const char *file, bool annotations, uint16_t port)
{
    char ebuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(file, ebuf);
    if (!pc) {
        fprintf(stderr, "gen_tcp_cases: %s\n", ebuf);
        return 1;
    }
    struct analysis an;
    struct an_opts opts = {.echo_port = port, .verify_echo = true, .track_acks = true};
    char err[128];
    struct annotate ann;
    annotate_init(&ann, false, port);
    ann.no_services = true; /* the same text on every machine */
    if (!analysis_init(&an, &opts, err, sizeof err)) {
        fprintf(stderr, "gen_tcp_cases: %s\n", err);
        return 1;
    }
    if (annotations)
        analysis_set_close_cb(&an, print_summary, NULL);
    struct packet *pkt = malloc(sizeof *pkt); /* large: not on the stack */
    if (!pkt) {
        fprintf(stderr, "gen_tcp_cases: out of memory for a %zu-byte decoded packet\n",
                sizeof *pkt);
        return 1;
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    uint64_t n = 0;
    while (pcap_next_ex(pc, &h, &data) == 1) {
        struct frame_info f = {.number = ++n,
                               .ts_sec = h->ts.tv_sec,
                               .ts_nsec = (uint32_t)h->ts.tv_usec * 1000,
                               .caplen = h->caplen,
                               .len = h->len,
                               .linktype = pcap_datalink(pc),
                               .data = data};
        decode_packet(pkt, &f);
        struct pkt_analysis r;
        if (analysis_packet(&an, pkt, &r)) {
            char txt[256];
            fmt_an_flags(r.flags, r.dupack_of, r.dupack_num, txt, sizeof txt);
            printf("%llu\t%s", (unsigned long long)n, txt);
            if (annotations) {
                struct ann_lines L;
                annotate_lines(&ann, pkt, &r, &L);
                for (int i = 0; i < L.n; i++)
                    printf("\t%s", L.line[i]);
            }
            printf("\n");
        }
    }
    analysis_finish(&an);
    analysis_free(&an);
    free(pkt);
    pcap_close(pc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "-w") == 0)
        return write_cases(argv[2], 3);
    if (argc == 4 && strcmp(argv[1], "-w") == 0) /* -w DIR SEEDS: more chaos captures */
        return write_cases(argv[2], strtoull(argv[3], NULL, 10));
    uint16_t port = argc == 4 ? (uint16_t)atoi(argv[3]) : AN_ECHO_PORT;
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "-a") == 0)
        return analyse(argv[2], false, port);
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "-A") == 0)
        return analyse(argv[2], true, port);
    fprintf(stderr,
            "usage: gen_tcp_cases -w DIR | -a FILE.pcap [ECHO_PORT] | -A FILE.pcap [ECHO_PORT]\n");
    return 2;
}
