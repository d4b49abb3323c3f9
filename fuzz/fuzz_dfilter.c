/*
 * fuzz_dfilter.c: the display-filter compiler and matcher on arbitrary expressions.
 *
 * Input: the expression's bytes (a NUL ends it early, as on a command line). Each is
 * compiled twice, through both entry points, the second with a tiny error buffer so that
 * message truncation is exercised; a filter that compiles is matched against a few
 * decoded packets (TCP over IPv4, TCP over IPv6, UDP, ARP) and freed. Depth and length
 * limits (DFILTER_MAX_DEPTH, DFILTER_MAX_LEN) must turn pathological input into errors,
 * never into deep recursion or a hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "decode.h"
#include "dfilter.h"
#include "fuzz.h"

/* Ethernet, IPv4, TCP 10.0.0.1:40000 -> 127.0.0.1:15213 [PSH, ACK] with "hi\n". */
static const uint8_t pkt_tcp4[] = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x2b, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 10,   0,    0,    1,
    127,  0,    0,    1,    0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x02, 0x50, 0x18, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 'h',  'i',  '\n',
};
/* Ethernet, IPv6 ::1 -> ::1, TCP SYN with MSS and window scale. */
static const uint8_t pkt_tcp6[] = {
    0,  0, 0, 0,    0,    0,    0,    0, 0, 0, 0, 0, 0x86, 0xdd, 0x60, 0,    0, 0, 0, 28, 6,
    64, 0, 0, 0,    0,    0,    0,    0, 0, 0, 0, 0, 0,    0,    0,    0,    1, 0, 0, 0,  0,
    0,  0, 0, 0,    0,    0,    0,    0, 0, 0, 0, 1, 0x9c, 0x41, 0x3b, 0x6d, 0, 0, 0, 9,  0,
    0,  0, 0, 0x70, 0x02, 0xff, 0xff, 0, 0, 0, 0, 2, 4,    0xff, 0xd7, 1,    3, 3, 7,
};
/* Ethernet, IPv4, UDP 53 -> 5353, 4 bytes. */
static const uint8_t pkt_udp[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1,  2, 3, 4,   5, 0x08, 0x00, 0x45, 0,
    0,    32,   0,    0,    0x20, 0x00, 1, 17, 0, 0, 192, 0, 2,    1,    192,  0,
    2,    2,    0,    53,   0x14, 0xe9, 0, 12, 0, 0, 1,   2, 3,    4,
};
/* Ethernet, ARP request who-has 10.0.0.2 tell 10.0.0.1. */
static const uint8_t pkt_arp[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1,  2, 3, 4, 5, 0x08, 0x06, 0, 1, 0x08, 0,  6, 4, 0,
    1,    0,    1,    2,    3,    4,    5, 10, 0, 0, 1, 0, 0,    0,    0, 0, 0,    10, 0, 0, 2,
};

static const struct {
    const uint8_t *b;
    size_t n;
} pkts[] = {
    {pkt_tcp4, sizeof pkt_tcp4},
    {pkt_tcp6, sizeof pkt_tcp6},
    {pkt_udp, sizeof pkt_udp},
    {pkt_arp, sizeof pkt_arp},
};
#define NPKTS (sizeof pkts / sizeof pkts[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct packet decoded[NPKTS];
    static int ready;
    if (!ready) {
        for (size_t i = 0; i < NPKTS; i++) {
            struct frame_info fi = {.number = i + 1,
                                    .caplen = (uint32_t)pkts[i].n,
                                    .len = (uint32_t)pkts[i].n,
                                    .linktype = DLT_EN10MB,
                                    .data = pkts[i].b};
            decode_packet(&decoded[i], &fi);
        }
        ready = 1;
    }
    if (size > 2 * DFILTER_MAX_LEN)
        return 0;
    char *expr = malloc(size + 1);
    if (!expr)
        return 0;
    memcpy(expr, data, size);
    expr[size] = '\0';

    struct dfilter *f = NULL;
    char err[512];
    if (dfilter_compile(expr, &f, err, sizeof err) == 0) {
        for (size_t i = 0; i < NPKTS; i++)
            (void)dfilter_match(f, &decoded[i]);
        dfilter_free(f);
    } else if (f != NULL) {
        abort(); /* the contract: *out is NULL on error */
    }
    /* The message must be NUL-terminated within the buffer, whatever its size. */
    if (memchr(err, '\0', sizeof err) == NULL)
        abort();

    char tiny[8];
    size_t pos = 0, len = 0;
    f = NULL;
    if (dfilter_compile_loc(expr, &f, tiny, sizeof tiny, &pos, &len) == 0) {
        dfilter_free(f);
    } else {
        if (memchr(tiny, '\0', sizeof tiny) == NULL)
            abort();
        /* The offending token lies within the expression (or just past its end). */
        if (pos > strlen(expr) || len > strlen(expr) + 1 - pos)
            abort();
    }
    free(expr);
    return 0;
}
