/*
 * test_fmt_detail.c: the -V detail tree against tshark's.
 *
 * Each golden case is a frame's bytes, here, and the tree expected for it in
 * tests/golden/fmt_detail/NAME.txt: the text `tshark -n -V` (Wireshark 4.0.17, the
 * version Debian 12 installs) printed for the frame, with the lines removed that need
 * state this formatter does not get (the list is in tests/test_sniff_view.sh: time deltas
 * from other frames, conversation completeness, [Timestamps], [SEQ/ACK analysis], UDP
 * stream index). The frames come from the lecture (frame 1799, its 72 bytes copied from
 * the slide) and from a generator that wrote a SYN with options, an ICMPv6 echo, a UDP
 * datagram, a VLAN-tagged segment, a short TCP segment, a SYN cut by the snapshot length,
 * an IPv6 fragment, a Linux cooked v2 frame, a RST with a bad checksum, a ping whose data
 * starts with its send time, a padded ARP request and a SYN under two VLAN tags. The
 * frames are decoded by the real decoders; the tracker's relative numbers are set by hand
 * to what Wireshark had computed from the frames before, so the formatter is tested
 * alone. Arrival times are printed in UTC (tshark ran with TZ=UTC). The same frames check
 * the colouring rules of color.c.
 *
 * `test_fmt_detail --update DIR` writes sniff's trees into DIR instead of comparing:
 * tests/update_golden.sh runs it, on purpose only, and every changed line is to be read
 * against tshark's before the files are committed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pcap/dlt.h>

#include "decode.h"
#include "fmt.h"
#include "test_dec_common.h" /* frame1799, the lecture's frame */

struct golden {
    const char *name; /* its tree: GOLDEN_DIR/NAME.txt */
    uint64_t number;
    int linktype;
    uint32_t wire;
    int64_t sec;
    uint32_t nsec;
    const uint8_t *bytes;
    size_t len;
    bool checks; /* --check-checksums (tshark ran with checksum validation on) */
};

/* The golden files' folder (GOLDEN_DIR, or the one --update names). */
static const char *golden_dir = GOLDEN_DIR;
static bool updating;

/* frame1799: the lecture's frame (bytes in test_dec_common.h) in a pcap of its own, tshark 4.0.17
 * -n -V */
#define frame1799_GOLDEN                                                                           \
    {                                                                                              \
        "frame1799", 1799, 1, 72, 1000, 914380000, frame1799, sizeof frame1799, false              \
    }

/* syn_options: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V with checksum
 * validation */
static const uint8_t syn_options_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00,
    0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
    0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
#define syn_options_GOLDEN                                                                         \
    {                                                                                              \
        "syn_options", 1, 1, 74, 1700000000, 0, syn_options_bytes, sizeof syn_options_bytes, true  \
    }

/* icmp6_echo: frame 9 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t icmp6_echo_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x86, 0xdd,
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x80, 0x00,
    0x74, 0xa0, 0x00, 0x07, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67};
#define icmp6_echo_GOLDEN                                                                          \
    {                                                                                              \
        "icmp6_echo", 9, 1, 66, 1700000008, 8000000, icmp6_echo_bytes, sizeof icmp6_echo_bytes,    \
            false                                                                                  \
    }

/* udp_data: frame 5 of a capture made by a generator, tshark 4.0.17 -n -V with checksum validation
 */
static const uint8_t udp_data_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x14, 0x8f, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x14, 0x00, 0xe1,
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
#define udp_data_GOLDEN                                                                            \
    {                                                                                              \
        "udp_data", 5, 1, 54, 1700000004, 4000000, udp_data_bytes, sizeof udp_data_bytes, true     \
    }

/* vlan: frame 10 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t vlan_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x81, 0x00, 0x60,
    0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03,
    0xf5, 0x00, 0x00, 0x13, 0x89, 0x50, 0x10, 0x01, 0xf6, 0xaa, 0xb0, 0x00, 0x00};
#define vlan_GOLDEN                                                                                \
    {                                                                                              \
        "vlan", 10, 1, 58, 1700000009, 9000000, vlan_bytes, sizeof vlan_bytes, false               \
    }

/* short_segment: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t short_segment_bytes[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xf0, 0x10, 0x00, 0x01, 0xfb, 0xcd, 0x00, 0x00};
#define short_segment_GOLDEN                                                                       \
    {                                                                                              \
        "short_segment", 1, 1, 54, 1700000000, 0, short_segment_bytes, sizeof short_segment_bytes, \
            false                                                                                  \
    }

/* trunc_options: frame 2 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t trunc_options_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00,
    0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02};
#define trunc_options_GOLDEN                                                                       \
    {                                                                                              \
        "trunc_options", 2, 1, 74, 1700000001, 1000000, trunc_options_bytes,                       \
            sizeof trunc_options_bytes, false                                                      \
    }

/* ip6_frag: frame 13 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t ip6_frag_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x86, 0xdd, 0x60,
    0x00, 0x00, 0x00, 0x00, 0x12, 0x2c, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x11, 0x00, 0x00, 0x01, 0x00, 0xab,
    0xcd, 0xef, 0x00, 0x07, 0x00, 0x09, 0x00, 0x0a, 0x59, 0x10, 0x7a, 0x7a};
#define ip6_frag_GOLDEN                                                                            \
    {                                                                                              \
        "ip6_frag", 13, 1, 72, 1700000012, 12000000, ip6_frag_bytes, sizeof ip6_frag_bytes, false  \
    }

/* sll2 (tshark's text checked for the link layer; the rest, as in syn_options): frame 1 of a
 * capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t sll2_bytes[] = {
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06, 0x00, 0x16, 0xea, 0xe3,
    0x54, 0xe6, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8,
    0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
    0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
#define sll2_GOLDEN                                                                                \
    {                                                                                              \
        "sll2", 1, 276, 80, 1700000000, 0, sll2_bytes, sizeof sll2_bytes, false                    \
    }

/* bad_tcp_csum: frame 4 of a capture made by a generator, tshark 4.0.17 -n -V with checksum
 * validation */
static const uint8_t bad_tcp_csum_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xf5,
    0x00, 0x00, 0x00, 0x00, 0x50, 0x04, 0x00, 0x00, 0xd1, 0x2a, 0x00, 0x00};
#define bad_tcp_csum_GOLDEN                                                                        \
    {                                                                                              \
        "bad_tcp_csum", 4, 1, 54, 1700000003, 3000000, bad_tcp_csum_bytes,                         \
            sizeof bad_tcp_csum_bytes, true                                                        \
    }

/* icmp_ping_ts: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t icmp_ping_ts_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x14, 0x73, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x86, 0xad, 0x1c, 0x46, 0x00, 0x01,
    0x00, 0xf1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00, 0x40, 0xe2, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
    0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
    0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37};
#define icmp_ping_ts_GOLDEN                                                                        \
    {                                                                                              \
        "icmp_ping_ts", 1, 1, 98, 1700000000, 0, icmp_ping_ts_bytes, sizeof icmp_ping_ts_bytes,    \
            false                                                                                  \
    }

/* arp_padded: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t arp_padded_bytes[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x06, 0x00,
    0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x0a, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
#define arp_padded_GOLDEN                                                                          \
    {                                                                                              \
        "arp_padded", 1, 1, 60, 1700000000, 0, arp_padded_bytes, sizeof arp_padded_bytes, false    \
    }

/* qinq: frame 8 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t qinq_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x88, 0xa8, 0x20, 0x05,
    0x81, 0x00, 0x10, 0x07, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
    0x14, 0x9a, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x00, 0x64, 0x9b, 0x79, 0x00, 0x00};
#define qinq_GOLDEN                                                                                \
    {                                                                                              \
        "qinq", 8, 1, 62, 1700000007, 7000000, qinq_bytes, sizeof qinq_bytes, false                \
    }

/* What conn_track had said, as Wireshark computed it from the earlier frames. */
static const struct tcp_track track_syn = {.valid = true,
                                           .stream = 0,
                                           .rel_seq = 0,
                                           .next_rel_seq = 1,
                                           .ws_shift = -1,
                                           .calc_window = 64240};
static const struct tcp_track track_1799 = {.valid = true,
                                            .stream = 0,
                                            .rel_seq = 1,
                                            .rel_ack = 1,
                                            .next_rel_seq = 19,
                                            .ws_shift = -1,
                                            .calc_window = 16383,
                                            .ack_valid = true};
static const struct tcp_track track_vlan = {.valid = true,
                                            .stream = 0,
                                            .rel_seq = 13,
                                            .rel_ack = 1,
                                            .next_rel_seq = 13,
                                            .ws_shift = 7,
                                            .calc_window = 64256,
                                            .ack_valid = true};
static const struct tcp_track track_short = {.valid = true,
                                             .stream = 0,
                                             .rel_seq = 0,
                                             .rel_ack = 0,
                                             .ws_shift = -1,
                                             .calc_window = 1,
                                             .ack_valid = true};
static const struct tcp_track track_qinq_syn = {.valid = true,
                                                .stream = 1,
                                                .rel_seq = 0,
                                                .next_rel_seq = 1,
                                                .ws_shift = -1,
                                                .calc_window = 100};
static const struct tcp_track track_rst = {
    .valid = true, .stream = 0, .rel_seq = 13, .next_rel_seq = 13, .ws_shift = 7, .calc_window = 0};

static struct out *new_out(void)
{
    struct out *o = malloc(sizeof *o);
    assert_non_null(o);
    out_init(o, -1);
    return o;
}

static void decode(struct packet *p, const struct golden *g, uint32_t caplen)
{
    struct frame_info f = {.number = g->number,
                           .ts_sec = g->sec,
                           .ts_nsec = g->nsec,
                           .caplen = caplen,
                           .len = g->wire,
                           .linktype = g->linktype,
                           .data = g->bytes};
    decode_packet(p, &f);
}

/* The golden file NAME.txt, read whole (NUL-terminated; freed by the caller). */
static char *read_golden(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.txt", golden_dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s (tests/update_golden.sh writes it)", path);
    char *text = malloc(OUT_BUFSZ + 1);
    assert_non_null(text);
    size_t n = fread(text, 1, OUT_BUFSZ, f);
    assert_false(ferror(f));
    fclose(f);
    text[n] = '\0';
    return text;
}

static void write_golden(const char *name, const char *text, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.txt", golden_dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    print_message("wrote %s\n", path);
}

/* The first differing line, for a readable failure. */
static void assert_text(const char *got, size_t gotlen, const char *want)
{
    size_t wl = strlen(want);
    if (gotlen == wl && memcmp(got, want, wl) == 0)
        return;
    size_t i = 0, start = 0;
    while (i < gotlen && i < wl && got[i] == want[i]) {
        if (got[i] == '\n')
            start = i + 1;
        i++;
    }
    const char *ge = memchr(got + start, '\n', gotlen - start);
    const char *we = strchr(want + start, '\n');
    fail_msg("line differs at byte %zu:\n got: %.*s\nwant: %.*s", start,
             (int)(ge ? ge - (got + start) : (long)(gotlen - start)), got + start,
             (int)(we ? we - (want + start) : (long)(wl - start)), want + start);
}

static void run_golden(const struct golden *g, const struct tcp_track *track)
{
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, g, (uint32_t)g->len);
    if (track != NULL)
        p->track = *track;
    struct fmt_opts opts = {.utc = true, .check_checksums = g->checks};
    struct out *o = new_out();
    fmt_detail(o, p, &opts, NULL);
    if (updating) {
        write_golden(g->name, o->buf, o->len);
    } else {
        char *want = read_golden(g->name);
        assert_text(o->buf, o->len, want);
        free(want);
    }
    free(o);
    free(p);
}

/* Each golden frame with the tracker's view Wireshark had of it (NULL: not TCP). */
static const struct golden_case {
    struct golden g;
    const struct tcp_track *track;
} goldens[] = {
    {frame1799_GOLDEN, &track_1799},    {syn_options_GOLDEN, &track_syn},
    {icmp6_echo_GOLDEN, NULL},          {udp_data_GOLDEN, NULL},
    {vlan_GOLDEN, &track_vlan},         {short_segment_GOLDEN, &track_short},
    {trunc_options_GOLDEN, &track_syn}, {ip6_frag_GOLDEN, NULL},
    {sll2_GOLDEN, &track_syn},          {bad_tcp_csum_GOLDEN, &track_rst},
    {icmp_ping_ts_GOLDEN, NULL},        {arp_padded_GOLDEN, NULL},
    {qinq_GOLDEN, &track_qinq_syn},
};

static void test_goldens(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        print_message("golden %s\n", goldens[i].g.name);
        run_golden(&goldens[i].g, goldens[i].track);
    }
}

/* --check-checksums: the lecture's frame has good checksums. */
static void test_frame1799_checksums(void **state)
{
    (void)state;
    static const struct golden g = frame1799_GOLDEN;
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, &g, (uint32_t)g.len);
    p->track = track_1799;
    struct fmt_opts opts = {.utc = true, .check_checksums = true};
    struct out *o = new_out();
    fmt_detail(o, p, &opts, NULL);
    o->buf[o->len] = '\0';
    assert_non_null(strstr(o->buf, "\n    Header Checksum: 0xf4a5 [correct]\n"
                                   "    [Header checksum status: Good]\n"
                                   "    [Calculated Checksum: 0xf4a5]\n"));
    assert_non_null(strstr(o->buf, "\n    Checksum: 0x968b [correct]\n"
                                   "    [Checksum Status: Good]\n"
                                   "    [Calculated Checksum: 0x968b]\n"));
    free(o);
    free(p);
}

/* Every snapshot length of every golden frame: the tree ends with a blank line, marks
 * the cut when a header was cut, and (under ASan) reads nothing it should not. */
static void test_every_caplen(void **state)
{
    (void)state;
    static const struct golden gs[] = {
        frame1799_GOLDEN, syn_options_GOLDEN, icmp6_echo_GOLDEN,   udp_data_GOLDEN,   vlan_GOLDEN,
        ip6_frag_GOLDEN,  sll2_GOLDEN,        icmp_ping_ts_GOLDEN, arp_padded_GOLDEN, qinq_GOLDEN};
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct out *o = new_out();
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        for (uint32_t n = 0; n <= gs[i].len; n++) {
            decode(p, &gs[i], n);
            struct fmt_opts opts = {.utc = true, .check_checksums = true};
            o->len = 0;
            fmt_detail(o, p, &opts, NULL);
            assert_true(o->len >= 2 && o->len < OUT_BUFSZ);
            assert_true(o->buf[o->len - 1] == '\n' && o->buf[o->len - 2] == '\n');
            o->buf[o->len] = '\0';
            char first[64];
            snprintf(first, sizeof first, "Frame %llu: %u bytes on wire",
                     (unsigned long long)gs[i].number, gs[i].wire);
            assert_true(strncmp(o->buf, first, strlen(first)) == 0);
            bool marked = strstr(o->buf, "[Packet size limited during capture: ") != NULL;
            if (p->truncated && n < gs[i].len && !marked) {
                /* Only a cut inside the payload goes unmarked, as in tshark. */
                bool payload_only =
                    (p->l4 == L4_TCP && p->tcp.status == LAYER_OK) ||
                    (p->l4 == L4_UDP && p->l4_off + 8 <= n) ||
                    ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && p->icmp.status == LAYER_OK) ||
                    (p->l4 == L4_NONE && p->net == NET_IPV6 && p->ip6.status == LAYER_OK);
                if (!payload_only)
                    fail_msg("case %zu caplen %u: cut but not marked:\n%s", i, n, o->buf);
            }
            if (n == gs[i].len)
                assert_false(marked);
        }
    }
    free(o);
    free(p);
}

/* Hand-made packets for what the captures above do not reach. */
static void test_malformed_ip_header(void **state)
{
    (void)state;
    uint8_t b[54] = {0};
    memcpy(b, frame1799, sizeof b);
    b[14] = 0x44; /* IHL 4: 16 bytes, less than the minimum 20 */
    struct golden g = {"ihl4", 1, DLT_EN10MB, sizeof b, 0, 0, b, sizeof b, false};
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, &g, sizeof b);
    struct fmt_opts opts = {.utc = true};
    struct out *o = new_out();
    fmt_detail(o, p, &opts, NULL);
    o->buf[o->len] = '\0';
    /* As tshark 4.0 prints it. */
    assert_non_null(strstr(o->buf, "\nInternet Protocol Version 4\n"
                                   "    0100 .... = Version: 4\n"
                                   "    .... 0100 = Header Length: 16 bytes (4)\n"
                                   "        [Expert Info (Error/Protocol): Bogus IP header "
                                   "length (16, must be at least 20)]\n"));
    assert_null(strstr(o->buf, "Transmission Control Protocol"));
    free(o);
    free(p);
}

/* A segment with no flag set: tshark 4.0 writes "Flags: 0x000 (<None>)", as its packet
 * list writes "[<None>]" (one formatter for both, fmt_addr.c). */
static void test_no_flags(void **state)
{
    (void)state;
    uint8_t b[72];
    memcpy(b, frame1799, sizeof b);
    b[14 + 20 + 13] = 0; /* PSH, ACK cleared */
    struct golden g = {"noflags", 1, DLT_EN10MB, sizeof b, 0, 0, b, sizeof b, false};
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, &g, sizeof b);
    struct fmt_opts opts = {.utc = true};
    struct out *o = new_out();
    fmt_detail(o, p, &opts, NULL);
    o->buf[o->len] = '\0';
    assert_non_null(strstr(o->buf, "\n    Flags: 0x000 (<None>)\n"));
    assert_non_null(strstr(o->buf, "\n        [TCP Flags: \xc2\xb7\xc2\xb7\xc2\xb7"));
    free(o);
    free(p);
}

/* Cuts before a layer's first fields, as tshark 4.0 shows them: no tree, only the mark
 * naming the layer (an Ethernet header under 14 bytes, a cut inside a VLAN tag, an IPv4
 * header of which nothing was kept, a TCP header before its ports). */
static void test_early_cuts(void **state)
{
    (void)state;
    static const struct {
        struct golden g;
        uint32_t caplen;
        const char *absent; /* a tree that must not be there */
        const char *tail;   /* how the tree ends */
    } cases[] = {
        {vlan_GOLDEN, 10, "Ethernet II",
         "    [Protocols in frame: eth]\n[Packet size limited during capture: Ethernet "
         "truncated]\n\n"},
        {vlan_GOLDEN, 16, "802.1Q Virtual LAN, PRI",
         "[Packet size limited during capture: VLAN truncated]\n\n"},
        {frame1799_GOLDEN, 14, "Internet Protocol",
         "[Packet size limited during capture: IPv4 truncated]\n\n"},
        {frame1799_GOLDEN, 36, "Transmission Control Protocol",
         "[Packet size limited during capture: TCP truncated]\n\n"},
    };
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct out *o = new_out();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decode(p, &cases[i].g, cases[i].caplen);
        struct fmt_opts opts = {.utc = true};
        o->len = 0;
        fmt_detail(o, p, &opts, NULL);
        o->buf[o->len] = '\0';
        if (strstr(o->buf, cases[i].absent) != NULL)
            fail_msg("case %zu: '%s' shown:\n%s", i, cases[i].absent, o->buf);
        size_t tl = strlen(cases[i].tail);
        if (o->len < tl || strcmp(o->buf + o->len - tl, cases[i].tail) != 0)
            fail_msg("case %zu: wanted the tree to end with\n%s\ngot\n%s", i, cases[i].tail,
                     o->buf);
    }
    free(o);
    free(p);
}

/* color.c: the packet-line colours follow Wireshark's default rules (bad before RST
 * before SYN/FIN before data), and every colour is reset by color_end(). */
static void test_colors(void **state)
{
    (void)state;
    static const struct {
        struct golden g;
        uint32_t caplen; /* 0: all */
        enum pkt_color want;
    } cases[] = {
        {frame1799_GOLDEN, 0, COLOR_DATA},   {syn_options_GOLDEN, 0, COLOR_SYNFIN},
        {bad_tcp_csum_GOLDEN, 0, COLOR_RST}, {vlan_GOLDEN, 0, COLOR_DATA},
        {udp_data_GOLDEN, 0, COLOR_OTHER},   {icmp6_echo_GOLDEN, 0, COLOR_OTHER},
        {arp_padded_GOLDEN, 0, COLOR_OTHER}, {short_segment_GOLDEN, 0, COLOR_BAD},
        {frame1799_GOLDEN, 40, COLOR_BAD},   {syn_options_GOLDEN, 60, COLOR_BAD},
        {frame1799_GOLDEN, 60, COLOR_DATA}, /* only the payload was cut */
        {udp_data_GOLDEN, 45, COLOR_OTHER},  {udp_data_GOLDEN, 40, COLOR_BAD},
    };
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decode(p, &cases[i].g, cases[i].caplen ? cases[i].caplen : (uint32_t)cases[i].g.len);
        enum pkt_color c = color_of(p);
        if (c != cases[i].want)
            fail_msg("case %zu: colour %d, wanted %d", i, (int)c, (int)cases[i].want);
    }
    free(p);
    assert_string_equal(color_start(COLOR_NONE), "");
    const enum pkt_color all[] = {COLOR_SYNFIN, COLOR_RST, COLOR_DATA, COLOR_BAD, COLOR_OTHER};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *a = color_start(all[i]);
        assert_true(a[0] == '\033' && a[1] == '[' && a[strlen(a) - 1] == 'm');
        for (size_t j = 0; j < i; j++) /* each rule looks different */
            assert_string_not_equal(a, color_start(all[j]));
    }
    assert_string_equal(color_end(), "\033[0m");
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--update") == 0) {
        golden_dir = argv[2];
        updating = true;
        const struct CMUnitTest update[] = {cmocka_unit_test(test_goldens)};
        return cmocka_run_group_tests(update, NULL, NULL);
    }
    if (argc != 1) {
        fprintf(stderr, "usage: test_fmt_detail [--update DIR]\n");
        return 2;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goldens),      cmocka_unit_test(test_frame1799_checksums),
        cmocka_unit_test(test_every_caplen), cmocka_unit_test(test_malformed_ip_header),
        cmocka_unit_test(test_colors),       cmocka_unit_test(test_early_cuts),
        cmocka_unit_test(test_no_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
