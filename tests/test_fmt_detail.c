/*
 * test_fmt_detail.c: the -V detail tree against tshark's.
 *
 * Each golden case is a one-frame capture, tests/golden/fmt_detail/NAME.pcap, and the
 * tree expected for it, NAME.txt beside it: the text `tshark -n -V -r NAME.pcap`
 * (Wireshark 4.0.17, the version Debian 12 installs; with checksum validation where the
 * case says so) printed, with the lines removed that need state this formatter does not
 * get (the list is in tests/test_sniff_view.sh: time deltas from other frames,
 * conversation completeness, [Timestamps], [SEQ/ACK analysis], UDP stream index), and
 * the frame numbered as in the capture it came from. The frames come from the lecture
 * (frame 1799, its 72 bytes copied from the slide) and from a generator that wrote a SYN
 * with options, an ICMPv6 echo, a UDP datagram, a VLAN-tagged segment, a short TCP
 * segment, a SYN cut by the snapshot length, an IPv6 fragment, a Linux cooked v2 frame, a
 * RST with a bad checksum, a ping whose data starts with its send time, a padded ARP
 * request and a SYN under two VLAN tags. The frames are decoded by the real decoders;
 * the tracker's relative numbers are set by hand to what Wireshark had computed from the
 * frames before, so the formatter is tested alone. Arrival times are printed in UTC
 * (tshark ran with TZ=UTC). The same frames check the colouring rules of color.c.
 *
 * `test_fmt_detail --update DIR` writes sniff's trees into DIR instead of comparing:
 * tests/update_golden.sh runs it, on purpose only, and every changed line is to be read
 * against tshark's before the files are committed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <pcap/dlt.h>

#include "decode.h"
#include "fmt.h"

/* A golden case: GOLDEN_DIR/NAME.pcap and NAME.txt. */
struct golden {
    const char *name;
    uint64_t number;               /* the frame's number in the capture it was taken from */
    bool checks;                   /* --check-checksums (tshark ran with checksum validation on) */
    const struct tcp_track *track; /* what the tracker said of it (NULL: not TCP) */
};

/* The cases, by name. */
enum {
    FRAME1799,
    SYN_OPTIONS,
    ICMP6_ECHO,
    UDP_DATA,
    VLAN,
    SHORT_SEGMENT,
    TRUNC_OPTIONS, /* a snapshot length of 60 */
    IP6_FRAG,
    SLL2,
    BAD_TCP_CSUM,
    ICMP_PING_TS,
    ARP_PADDED,
    QINQ,
    NGOLDEN
};

/* The golden files' folder (GOLDEN_DIR, or the one --update names). */
static const char *golden_dir = GOLDEN_DIR;
static bool updating;

#define FRAME_MAX 256

/* A frame as a capture file holds it. */
struct frame {
    uint64_t number;
    int linktype;
    int64_t sec;
    uint32_t nsec;
    uint32_t wire;
    size_t len; /* captured */
    uint8_t bytes[FRAME_MAX];
};

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* The one frame of GOLDEN_DIR/NAME.pcap (a little-endian, microsecond pcap file). */
static struct frame load(const struct golden *g)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.pcap", golden_dir, g->name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    uint8_t hdr[24], rec[16];
    struct frame fr = {.number = g->number};
    assert_int_equal(fread(hdr, 1, sizeof hdr, f), sizeof hdr);
    assert_int_equal(le32(hdr), 0xa1b2c3d4);
    assert_int_equal(fread(rec, 1, sizeof rec, f), sizeof rec);
    fr.linktype = (int)le32(hdr + 20);
    fr.sec = le32(rec);
    fr.nsec = le32(rec + 4) * 1000u;
    fr.len = le32(rec + 8);
    fr.wire = le32(rec + 12);
    assert_true(fr.len <= FRAME_MAX);
    assert_int_equal(fread(fr.bytes, 1, fr.len, f), fr.len);
    fclose(f);
    return fr;
}

/* What the connection model had said (p->track), as Wireshark computed it from the
 * earlier frames (fields not named are 0). */
static const struct tcp_track track_syn = {
    .valid = true, .next_rel_seq = 1, .ws_shift = -1, .calc_window = 64240};
static const struct tcp_track track_1799 = {.valid = true,
                                            .rel_seq = 1,
                                            .rel_ack = 1,
                                            .next_rel_seq = 19,
                                            .ws_shift = -1,
                                            .calc_window = 16383,
                                            .ack_valid = true};
static const struct tcp_track track_vlan = {.valid = true,
                                            .rel_seq = 13,
                                            .rel_ack = 1,
                                            .next_rel_seq = 13,
                                            .ws_shift = 7,
                                            .calc_window = 64256,
                                            .ack_valid = true};
static const struct tcp_track track_short = {
    .valid = true, .ws_shift = -1, .calc_window = 1, .ack_valid = true};
static const struct tcp_track track_qinq_syn = {
    .valid = true, .stream = 1, .next_rel_seq = 1, .ws_shift = -1, .calc_window = 100};
static const struct tcp_track track_rst = {
    .valid = true, .rel_seq = 13, .next_rel_seq = 13, .ws_shift = 7, .calc_window = 0};

/* Every test's packet and output buffer (too large for the stack). */
struct fx {
    struct packet p;
    struct out o;
};

static int fx_setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    out_init(&fx->o, -1);
    *state = fx;
    return 0;
}

static int fx_teardown(void **state)
{
    free(*state);
    return 0;
}

static void decode(struct packet *p, const struct frame *fr, uint32_t caplen)
{
    struct frame_info f = {.number = fr->number,
                           .ts_sec = fr->sec,
                           .ts_nsec = fr->nsec,
                           .caplen = caplen,
                           .len = fr->wire,
                           .linktype = fr->linktype,
                           .data = fr->bytes};
    decode_packet(p, &f);
}

/* The tree of fr cut to caplen bytes, NUL-terminated in fx->o, returned. */
static const char *render(struct fx *fx, const struct frame *fr, uint32_t caplen,
                          const struct fmt_opts *opts)
{
    decode(&fx->p, fr, caplen);
    fx->o.len = 0;
    fmt_detail(&fx->o, &fx->p, opts, NULL);
    assert_true(fx->o.len < OUT_BUFSZ);
    fx->o.buf[fx->o.len] = '\0';
    return fx->o.buf;
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

static void run_golden(struct fx *fx, const struct golden *g)
{
    struct frame fr = load(g);
    decode(&fx->p, &fr, (uint32_t)fr.len);
    if (g->track != NULL)
        fx->p.track = *g->track;
    struct fmt_opts opts = {.utc = true, .check_checksums = g->checks};
    fx->o.len = 0;
    fmt_detail(&fx->o, &fx->p, &opts, NULL);
    if (updating) {
        write_golden(g->name, fx->o.buf, fx->o.len);
    } else {
        char *want = read_golden(g->name);
        assert_text(fx->o.buf, fx->o.len, want);
        free(want);
    }
}

/* Each golden frame with the tracker's view Wireshark had of it. */
static const struct golden goldens[NGOLDEN] = {
    [FRAME1799] = {"frame1799", 1799, false, &track_1799},
    [SYN_OPTIONS] = {"syn_options", 1, true, &track_syn},
    [ICMP6_ECHO] = {"icmp6_echo", 9, false, NULL},
    [UDP_DATA] = {"udp_data", 5, true, NULL},
    [VLAN] = {"vlan", 10, false, &track_vlan},
    [SHORT_SEGMENT] = {"short_segment", 1, false, &track_short},
    [TRUNC_OPTIONS] = {"trunc_options", 2, false, &track_syn},
    [IP6_FRAG] = {"ip6_frag", 13, false, NULL},
    [SLL2] = {"sll2", 1, false, &track_syn},
    [BAD_TCP_CSUM] = {"bad_tcp_csum", 4, true, &track_rst},
    [ICMP_PING_TS] = {"icmp_ping_ts", 1, false, NULL},
    [ARP_PADDED] = {"arp_padded", 1, false, NULL},
    [QINQ] = {"qinq", 8, false, &track_qinq_syn},
};

static void test_goldens(void **state)
{
    for (size_t i = 0; i < NGOLDEN; i++) {
        print_message("golden %s\n", goldens[i].name);
        run_golden(*state, &goldens[i]);
    }
}

/* --check-checksums: the lecture's frame has good checksums. */
static void test_frame1799_checksums(void **state)
{
    struct frame fr = load(&goldens[FRAME1799]);
    struct fmt_opts opts = {.utc = true, .check_checksums = true};
    const char *tree = render(*state, &fr, (uint32_t)fr.len, &opts);
    assert_non_null(strstr(tree, "\n    Header Checksum: 0xf4a5 [correct]\n"
                                 "    [Header checksum status: Good]\n"
                                 "    [Calculated Checksum: 0xf4a5]\n"));
    assert_non_null(strstr(tree, "\n    Checksum: 0x968b [correct]\n"
                                 "    [Checksum Status: Good]\n"
                                 "    [Calculated Checksum: 0x968b]\n"));
}

/* Only a cut inside the payload goes unmarked, as in tshark. */
static bool cut_in_payload(const struct packet *p, uint32_t n)
{
    return (p->l4 == L4_TCP && p->tcp.status == LAYER_OK) ||
           (p->l4 == L4_UDP && p->l4_off + 8 <= n) ||
           ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && p->icmp.status == LAYER_OK) ||
           (p->l4 == L4_NONE && p->net == NET_IPV6 && p->ip6.status == LAYER_OK);
}

/* Every snapshot length of every golden frame: the tree ends with a blank line, marks
 * the cut when a header was cut, and (under ASan) reads nothing it should not. */
static void test_every_caplen(void **state)
{
    struct fx *fx = *state;
    static const int gs[] = {FRAME1799, SYN_OPTIONS, ICMP6_ECHO,   UDP_DATA,   VLAN,
                             IP6_FRAG,  SLL2,        ICMP_PING_TS, ARP_PADDED, QINQ};
    struct fmt_opts opts = {.utc = true, .check_checksums = true};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        const struct golden *g = &goldens[gs[i]];
        struct frame fr = load(g);
        for (uint32_t n = 0; n <= fr.len; n++) {
            const char *tree = render(fx, &fr, n, &opts);
            size_t len = fx->o.len;
            assert_true(len >= 2 && tree[len - 1] == '\n' && tree[len - 2] == '\n');
            char first[64];
            snprintf(first, sizeof first, "Frame %llu: %u bytes on wire",
                     (unsigned long long)fr.number, fr.wire);
            assert_true(strncmp(tree, first, strlen(first)) == 0);
            bool marked = strstr(tree, "[Packet size limited during capture: ") != NULL;
            if (fx->p.truncated && n < fr.len && !marked && !cut_in_payload(&fx->p, n))
                fail_msg("%s caplen %u: cut but not marked:\n%s", g->name, n, tree);
            if (n == fr.len)
                assert_false(marked);
        }
    }
}

/* Hand-made packets for what the captures above do not reach. */
static void test_malformed_ip_header(void **state)
{
    struct frame fr = load(&goldens[FRAME1799]);
    fr.bytes[14] = 0x44; /* IHL 4: 16 bytes, less than the minimum 20 */
    struct fmt_opts opts = {.utc = true};
    const char *tree = render(*state, &fr, 54, &opts);
    /* As tshark 4.0 prints it. */
    assert_non_null(strstr(tree, "\nInternet Protocol Version 4\n"
                                 "    0100 .... = Version: 4\n"
                                 "    .... 0100 = Header Length: 16 bytes (4)\n"
                                 "        [Expert Info (Error/Protocol): Bogus IP header "
                                 "length (16, must be at least 20)]\n"));
    assert_null(strstr(tree, "Transmission Control Protocol"));
}

/* A segment with no flag set: tshark 4.0 writes "Flags: 0x000 (<None>)", as its packet
 * list writes "[<None>]" (one formatter for both, fmt_addr.c). */
static void test_no_flags(void **state)
{
    struct frame fr = load(&goldens[FRAME1799]);
    fr.bytes[14 + 20 + 13] = 0; /* PSH, ACK cleared */
    struct fmt_opts opts = {.utc = true};
    const char *tree = render(*state, &fr, (uint32_t)fr.len, &opts);
    assert_non_null(strstr(tree, "\n    Flags: 0x000 (<None>)\n"));
    assert_non_null(strstr(tree, "\n        [TCP Flags: \xc2\xb7\xc2\xb7\xc2\xb7"));
}

/* Cuts before a layer's first fields, as tshark 4.0 shows them: no tree, only the mark
 * naming the layer (an Ethernet header under 14 bytes, a cut inside a VLAN tag, an IPv4
 * header of which nothing was kept, a TCP header before its ports). */
static void test_early_cuts(void **state)
{
    static const struct {
        const struct golden *g;
        uint32_t caplen;
        const char *absent; /* a tree that must not be there */
        const char *tail;   /* how the tree ends */
    } cases[] = {
        {&goldens[VLAN], 10, "Ethernet II",
         "    [Protocols in frame: eth]\n[Packet size limited during capture: Ethernet "
         "truncated]\n\n"},
        {&goldens[VLAN], 16, "802.1Q Virtual LAN, PRI",
         "[Packet size limited during capture: VLAN truncated]\n\n"},
        {&goldens[FRAME1799], 14, "Internet Protocol",
         "[Packet size limited during capture: IPv4 truncated]\n\n"},
        {&goldens[FRAME1799], 36, "Transmission Control Protocol",
         "[Packet size limited during capture: TCP truncated]\n\n"},
    };
    struct fx *fx = *state;
    struct fmt_opts opts = {.utc = true};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct frame fr = load(cases[i].g);
        const char *tree = render(fx, &fr, cases[i].caplen, &opts);
        if (strstr(tree, cases[i].absent) != NULL)
            fail_msg("case %zu: '%s' shown:\n%s", i, cases[i].absent, tree);
        size_t tl = strlen(cases[i].tail);
        if (fx->o.len < tl || strcmp(tree + fx->o.len - tl, cases[i].tail) != 0)
            fail_msg("case %zu: wanted the tree to end with\n%s\ngot\n%s", i, cases[i].tail, tree);
    }
}

/* color.c: the packet-line colours follow Wireshark's default rules (bad before RST
 * before SYN/FIN before data), and every colour is reset by color_end(). */
static void test_colors(void **state)
{
    static const struct {
        const struct golden *g;
        uint32_t caplen; /* 0: all */
        enum pkt_color want;
    } cases[] = {
        {&goldens[FRAME1799], 0, COLOR_DATA},   {&goldens[SYN_OPTIONS], 0, COLOR_SYNFIN},
        {&goldens[BAD_TCP_CSUM], 0, COLOR_RST}, {&goldens[VLAN], 0, COLOR_DATA},
        {&goldens[UDP_DATA], 0, COLOR_OTHER},   {&goldens[ICMP6_ECHO], 0, COLOR_OTHER},
        {&goldens[ARP_PADDED], 0, COLOR_OTHER}, {&goldens[SHORT_SEGMENT], 0, COLOR_BAD},
        {&goldens[FRAME1799], 40, COLOR_BAD},   {&goldens[SYN_OPTIONS], 60, COLOR_BAD},
        {&goldens[FRAME1799], 60, COLOR_DATA}, /* only the payload was cut */
        {&goldens[UDP_DATA], 45, COLOR_OTHER},  {&goldens[UDP_DATA], 40, COLOR_BAD},
    };
    struct fx *fx = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct frame fr = load(cases[i].g);
        decode(&fx->p, &fr, cases[i].caplen ? cases[i].caplen : (uint32_t)fr.len);
        enum pkt_color c = color_of(&fx->p);
        if (c != cases[i].want)
            fail_msg("case %zu: colour %d, wanted %d", i, (int)c, (int)cases[i].want);
    }
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
        return cmocka_run_group_tests(update, fx_setup, fx_teardown);
    }
    if (argc != 1) {
        fprintf(stderr, "usage: test_fmt_detail [--update DIR]\n");
        return 2;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goldens),      cmocka_unit_test(test_frame1799_checksums),
        cmocka_unit_test(test_every_caplen), cmocka_unit_test(test_malformed_ip_header),
        cmocka_unit_test(test_no_flags),     cmocka_unit_test(test_early_cuts),
        cmocka_unit_test(test_colors)};
    return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
