/*
 * test_dec_tcp.c: the TCP decoder (dec_tcp.c) and the packet list's TCP Info column,
 * on the lecture's frame 1799 and on hand-built segments: every option, every flag,
 * malformed option lengths, bogus data offsets, and truncation at every length.
 */
#include "test_dec_common.h"

#include <pcap/dlt.h>

static const uint8_t A[4] = {10, 0, 0, 1}, B[4] = {10, 0, 0, 2};

/* Segment s from A to B, built into buf (1514 bytes, *n of them used) and decoded. */
static struct packet *decode_seg(struct seg s, uint8_t *buf, size_t *n)
{
    memcpy(s.src, A, 4);
    memcpy(s.dst, B, 4);
    *n = build_tcp4(buf, &s);
    return decode_whole(DLT_EN10MB, buf, *n);
}

static void test_frame1799_fields(void **state)
{
    (void)state;
    struct packet *p = decode_whole(DLT_EN10MB, frame1799, sizeof frame1799);
    assert_int_equal(p->l4, L4_TCP);
    assert_int_equal(p->tcp.status, LAYER_OK);
    assert_int_equal(p->tcp.sport, 55306);
    assert_int_equal(p->tcp.dport, 15213);
    assert_true(p->tcp.seq == 0xf4a4996cu);
    assert_true(p->tcp.ack == 0x75de716au);
    assert_int_equal(p->tcp.hdr_len, 20);
    assert_int_equal(p->tcp.flags, TCP_PSH | TCP_ACK);
    assert_int_equal(p->tcp.window, 16383);
    assert_int_equal(p->tcp.checksum, 0x968b);
    assert_int_equal(p->tcp.payload_len, 18);
    assert_int_equal(p->tcp.payload_caplen, 18);
    assert_memory_equal(p->tcp.payload, "here is a message\n", 18);
    assert_false(p->truncated);
    assert_false(p->malformed);
    /* Without a tracker the numbers are raw, as Wireshark with relative numbers off. */
    assert_string_equal(info_of(p),
                        "55306 > 15213 [PSH, ACK] Seq=4104427884 Ack=1977512298 Win=16383 Len=18");
}

static void test_frame1799_every_length(void **state)
{
    (void)state;
    every_length(DLT_EN10MB, frame1799, sizeof frame1799);
    /* Cut inside the fixed header, after the ports: Wireshark prints the ports. */
    struct packet p;
    uint8_t *copy;
    decode_copy(&p, DLT_EN10MB, frame1799, 40, sizeof frame1799, &copy);
    assert_true(p.truncated);
    assert_int_equal(p.tcp.status, LAYER_TRUNCATED);
    assert_string_equal(info_of(&p), "55306 > 15213[Packet size limited during capture]");
    free(copy);
    /* Cut after the window: the flags, numbers and window were read, as Wireshark reads
     * them for Info before it runs out at the checksum. */
    decode_copy(&p, DLT_EN10MB, frame1799, 50, sizeof frame1799, &copy);
    assert_true(p.tcp.head_only);
    assert_string_equal(info_of(&p), "55306 > 15213 [PSH, ACK] Seq=4104427884 Ack=1977512298 "
                                     "Win=16383[Packet size limited during capture]");
    free(copy);
    /* Cut in the payload: the header is whole, Len still says 18, and nothing is marked:
     * Wireshark marks a cut only where a dissector read past it, and the payload is
     * shown as the bytes there are. */
    decode_copy(&p, DLT_EN10MB, frame1799, 60, sizeof frame1799, &copy);
    assert_int_equal(p.tcp.payload_len, 18);
    assert_int_equal(p.tcp.payload_caplen, 6);
    assert_false(p.truncated);
    free(copy);
}

static void test_all_options_and_info(void **state)
{
    (void)state;
    /* MSS 1460, NOP, WS 7, SACK_PERM, TS, EOL + padding: Linux's SYN layout reordered. */
    static const uint8_t opts[] = {2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10,
                                   0, 0, 0,    1,    0, 0, 0, 0, 0, 0, 0, 0};
    struct seg s = {.sport = 55306,
                    .dport = 15213,
                    .seq = 100,
                    .flags = TCP_SYN,
                    .win = 65535,
                    .opts = opts,
                    .optlen = sizeof opts};
    uint8_t buf[1514];
    size_t n;
    struct packet *p = decode_seg(s, buf, &n);
    assert_int_equal(p->tcp.status, LAYER_OK);
    assert_true(p->tcp.has_mss && p->tcp.mss == 1460);
    assert_true(p->tcp.has_ws && p->tcp.ws_shift == 7);
    assert_true(p->tcp.has_sack_perm);
    assert_true(p->tcp.has_ts && p->tcp.ts_val == 1 && p->tcp.ts_ecr == 0);
    /* MSS NOP WS SACK_PERM TS EOL, then three more EOLs: Wireshark lists every byte
     * after an EOL as an option too, and so does sniff. */
    assert_int_equal(p->tcp.nopts, 9);
    assert_int_equal(p->tcp.opts[5].kind, 0);
    assert_int_equal(p->tcp.opts[8].kind, 0);
    assert_false(p->tcp.opts_bad);
    assert_string_equal(info_of(p), "55306 > 15213 [SYN] Seq=100 Win=65535 Len=0 MSS=1460 WS=128 "
                                    "SACK_PERM TSval=1 TSecr=0");
    every_length(DLT_EN10MB, buf, n);
}

static void test_sack_and_unknown_option(void **state)
{
    (void)state;
    static const uint8_t opts[] = {1, 1, 5, 18, 0, 0, 0, 10, 0,  0, 0,    20,
                                   0, 0, 0, 30, 0, 0, 0, 40, 30, 4, 0xab, 0xcd};
    struct seg s = {.sport = 1,
                    .dport = 2,
                    .seq = 5,
                    .ack = 7,
                    .flags = TCP_ACK,
                    .win = 9,
                    .opts = opts,
                    .optlen = sizeof opts};
    uint8_t buf[1514];
    size_t n;
    struct packet *p = decode_seg(s, buf, &n);
    assert_int_equal(p->tcp.nsack, 2);
    assert_true(p->tcp.sack_left[1] == 30 && p->tcp.sack_right[1] == 40);
    assert_int_equal(p->tcp.nopts, 4);
    assert_int_equal(p->tcp.opts[3].kind, 30);
    assert_int_equal(p->tcp.opts[3].len, 4);
    assert_non_null(p->tcp.opts[3].data);
    assert_int_equal(p->tcp.opts[3].data[0], 0xab);
    assert_false(p->tcp.opts_bad);
    assert_string_equal(fmt_protocol(p, (char[16]){0}), "MPTCP");
    every_length(DLT_EN10MB, buf, n);
}

static void test_every_flag(void **state)
{
    (void)state;
    char text[64];
    fmt_tcp_flags(text, 0x1ff, 0);
    assert_string_equal(text, "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE");
    fmt_tcp_flags(text, 0, 0);
    assert_string_equal(text, "<None>");
    fmt_tcp_flags(text, TCP_SYN | TCP_ACK, 5);
    assert_string_equal(text, "SYN, ACK, Reserved");
    struct seg s = {.sport = 1, .dport = 2, .flags = 0x1ff, .win = 3};
    uint8_t buf[1514];
    size_t n = build_tcp4(buf, &s);
    buf[14 + 20 + 18] = 0; /* urgent pointer 7 */
    buf[14 + 20 + 19] = 7;
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->tcp.flags, 0x1ff);
    assert_int_equal(p->tcp.urgent, 7);
    assert_string_equal(info_of(p), "1 > 2 [FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE] Seq=0 "
                                    "Ack=0 Win=3 Urg=7 Len=0");
}

/* Option lengths 0 and 1 and one running past the header stop the parse and are flagged
 * on the option; Wireshark does not mark the packet malformed for them. */
static void test_bad_option_lengths(void **state)
{
    (void)state;
    static const uint8_t len0[] = {8, 0, 0, 0}, len1[] = {8, 1, 0, 0}, over[] = {2, 40, 5, 0xb4};
    static const uint8_t badmss[] = {2, 3, 5, 1, 1, 1, 1, 0};
    const uint8_t *cases[] = {len0, len1, over, badmss};
    size_t lens[] = {4, 4, 4, 8};
    for (size_t i = 0; i < 4; i++) {
        struct seg s = {.sport = 1,
                        .dport = 2,
                        .flags = TCP_SYN,
                        .win = 3,
                        .opts = cases[i],
                        .optlen = lens[i]};
        uint8_t buf[1514];
        size_t n = build_tcp4(buf, &s);
        struct packet *p = decode_whole(DLT_EN10MB, buf, n);
        assert_true(p->tcp.opts_bad);
        assert_true(p->tcp.opts[0].bad);
        assert_false(p->tcp.has_mss);
        assert_int_equal(p->tcp.status, LAYER_OK);
        assert_false(p->malformed);
        assert_string_equal(info_of(p), "1 > 2 [SYN] Seq=0 Win=3 Len=0");
        every_length(DLT_EN10MB, buf, n);
    }
}

static void test_bogus_data_offset(void **state)
{
    (void)state;
    struct seg s = {.sport = 40005, .dport = 15213, .seq = 9, .flags = TCP_SYN, .win = 65535};
    uint8_t buf[1514];
    size_t n = build_tcp4(buf, &s);
    buf[14 + 20 + 12] = 4 << 4; /* data offset 4: 16 bytes */
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->tcp.status, LAYER_MALFORMED);
    assert_int_equal(p->tcp.hdr_len, 16);
    assert_non_null(p->tcp.problem);
    assert_string_equal(info_of(p), "40005 > 15213 [SYN] Seq=9 Win=65535, bogus TCP header "
                                    "length (16, must be at least 20)");
    every_length(DLT_EN10MB, buf, n);

    buf[14 + 20 + 12] = 15 << 4; /* data offset 15: 60 bytes, past the 20-byte segment */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->tcp.status, LAYER_MALFORMED);
    assert_true(p->malformed);
    assert_string_equal(info_of(p), "40005 > 15213 [SYN] Seq=9 Win=65535[Malformed Packet]");
    every_length(DLT_EN10MB, buf, n);
}

/* caplen < len: options cut by the snapshot length are not the sender's fault. */
static void test_snaplen_cuts_options(void **state)
{
    (void)state;
    static const uint8_t opts[] = {2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 0, 0};
    struct seg s = {.sport = 40003,
                    .dport = 15213,
                    .flags = TCP_SYN,
                    .win = 65535,
                    .opts = opts,
                    .optlen = sizeof opts};
    uint8_t buf[1514];
    size_t n = build_tcp4(buf, &s);
    struct packet p;
    uint8_t *copy;
    decode_copy(&p, DLT_EN10MB, buf, 60, n, &copy);
    assert_int_equal(p.tcp.status, LAYER_TRUNCATED);
    assert_true(p.truncated);
    assert_false(p.malformed);
    assert_false(p.tcp.opts_bad);
    assert_true(p.tcp.has_mss);
    assert_false(p.tcp.has_ws);
    assert_string_equal(info_of(&p), "40003 > 15213 [SYN] Seq=0 Win=65535 Len=0 MSS=1460"
                                     "[Packet size limited during capture]");
    free(copy);
}

/* Ethernet padding is not payload: the segment length comes from the IP header. */
static void test_padding_not_payload(void **state)
{
    (void)state;
    struct seg s = {.sport = 1, .dport = 2, .flags = TCP_ACK, .win = 3};
    uint8_t buf[1514];
    size_t n = build_tcp4(buf, &s);
    memset(buf + n, 0, 6);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n + 6);
    assert_int_equal(p->tcp.payload_len, 0);
    assert_int_equal(p->tcp.payload_caplen, 0);
    assert_int_equal(p->frame.len, 60);
}

UNIT_MAIN(cmocka_unit_test(test_frame1799_fields), cmocka_unit_test(test_frame1799_every_length),
          cmocka_unit_test(test_all_options_and_info),
          cmocka_unit_test(test_sack_and_unknown_option), cmocka_unit_test(test_every_flag),
          cmocka_unit_test(test_bad_option_lengths), cmocka_unit_test(test_bogus_data_offset),
          cmocka_unit_test(test_snaplen_cuts_options), cmocka_unit_test(test_padding_not_payload))
