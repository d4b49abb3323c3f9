/*
 * test_tcp_seq.c: each flow's sequence space (sniff/track/tcp_seq.c) through the model's
 * per-packet call on decoded frames: Wireshark's relative numbers with and without the
 * SYNs, the calculated window with scaling negotiated or not, stream indices and port
 * reuse, and the bounded table (eviction keeps its size, prefers closed connections).
 */
#include "test_dec_common.h"

#include <pcap/dlt.h>

static const uint8_t C[4] = {128, 237, 252, 163}, S[4] = {128, 2, 220, 10};

struct run {
    struct analysis an;
    struct pkt_analysis r;
    uint64_t frame;
};

/* A fixed key: the tests must not depend on the run's random one. */
static void run_init(struct run *r, uint32_t cap)
{
    memset(r, 0, sizeof *r);
    struct an_opts o = {.echo_port = 15213, .max_conns = cap, .key = {1, 2}};
    char err[256];
    assert_true(analysis_init(&r->an, &o, err, sizeof err));
}

/* cmocka's set-up: a run whose table holds the number of connections the test's prestate
 * points to (none: the default). */
static int setup(void **state)
{
    const uint32_t *cap = *state;
    struct run *r = malloc(sizeof *r);
    if (r == NULL)
        return -1;
    run_init(r, cap != NULL ? *cap : 0);
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    struct run *r = *state;
    analysis_free(&r->an);
    free(r);
    return 0;
}

static uint32_t used_slots(const struct conn_table *t)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->fresh; i++)
        n += t->slots[i].used;
    return n;
}

/* Decodes and tracks one segment; the packet is left in *p (data copied in buf). */
static void track(struct run *r, struct packet *p, bool from_client, uint32_t seq, uint32_t ack,
                  uint16_t flags, uint16_t win, const uint8_t *opts, size_t optlen, size_t dlen,
                  uint16_t cport)
{
    static uint8_t buf[1514];
    static const uint8_t data[64] = {0};
    struct seg s = {.sport = from_client ? cport : 15213,
                    .dport = from_client ? 15213 : cport,
                    .seq = seq,
                    .ack = ack,
                    .flags = flags,
                    .win = win,
                    .opts = opts,
                    .optlen = optlen,
                    .data = data,
                    .dlen = dlen};
    memcpy(s.src, from_client ? C : S, 4);
    memcpy(s.dst, from_client ? S : C, 4);
    size_t n = build_tcp4(buf, &s);
    struct frame_info f = {.number = ++r->frame,
                           .caplen = (uint32_t)n,
                           .len = (uint32_t)n,
                           .linktype = DLT_EN10MB,
                           .data = buf};
    decode_packet(p, &f);
    (void)analysis_packet(&r->an, p, &r->r);
}

static const uint8_t ws2[] = {2, 4, 0x05, 0xb4, 1, 3, 3, 2}; /* MSS 1460, WS shift 2 */
static const uint8_t ws0[] = {2, 4, 0x05, 0xb4, 1, 3, 3, 0}; /* MSS 1460, WS shift 0 */
static const uint8_t nows[] = {2, 4, 0x05, 0xb4};

/* The lecture's session: SYN, SYN-ACK, ACK, then frame 1799's 18 bytes and the echo. */
static void test_handshake_relative_numbers(void **state)
{
    struct run *r = *state;
    struct packet p;
    const uint32_t cisn = 0xf4a4996b, sisn = 0x75de7169;
    track(r, &p, true, cisn, 0, TCP_SYN, 65535, ws2, sizeof ws2, 0, 55306);
    assert_true(p.track.valid);
    assert_int_equal(p.track.rel_seq, 0);
    assert_false(p.track.ack_valid);
    assert_true(p.track.calc_window == 65535); /* a SYN's window is never scaled */
    assert_string_equal(info_of(&p), "55306 > 15213 [SYN] Seq=0 Win=65535 Len=0 MSS=1460 WS=4");
    track(r, &p, false, sisn, cisn + 1, TCP_SYN | TCP_ACK, 5840, ws0, sizeof ws0, 0, 55306);
    assert_int_equal(p.track.rel_seq, 0);
    assert_int_equal(p.track.rel_ack, 1);
    track(r, &p, true, cisn + 1, sisn + 1, TCP_ACK, 16383, NULL, 0, 0, 55306);
    assert_int_equal(p.track.rel_seq, 1);
    assert_int_equal(p.track.rel_ack, 1);
    assert_int_equal(p.track.ws_shift, 2);
    assert_true(p.track.calc_window == 65532);
    track(r, &p, true, cisn + 1, sisn + 1, TCP_PSH | TCP_ACK, 16383, NULL, 0, 18, 55306);
    assert_string_equal(info_of(&p), "55306 > 15213 [PSH, ACK] Seq=1 Ack=1 Win=65532 Len=18");
    assert_int_equal(p.track.next_rel_seq, 19);
    track(r, &p, false, sisn + 1, cisn + 19, TCP_ACK, 5888, NULL, 0, 0, 55306);
    assert_string_equal(info_of(&p), "15213 > 55306 [ACK] Seq=1 Ack=19 Win=5888 Len=0");
    assert_int_equal(p.track.stream, 0);
}

static void test_scaling_needs_both_syns(void **state)
{
    struct run *r = *state;
    struct packet p;
    track(r, &p, true, 100, 0, TCP_SYN, 65535, ws2, sizeof ws2, 0, 40000);
    track(r, &p, false, 500, 101, TCP_SYN | TCP_ACK, 5840, nows, sizeof nows, 0, 40000);
    track(r, &p, true, 101, 501, TCP_ACK, 1000, NULL, 0, 0, 40000);
    assert_int_equal(p.track.ws_shift, -2); /* the server offered none: no scaling */
    assert_true(p.track.calc_window == 1000);
}

/* A capture that starts mid-connection: each direction's first segment is Seq=1, as
 * Wireshark shows (base = seq - 1), acknowledgments relative to the ack seen first, and
 * the window unscaled because the scale is unknown. */
static void test_mid_stream(void **state)
{
    struct run *r = *state;
    struct packet p;
    track(r, &p, false, 7000, 9000, TCP_ACK, 64, NULL, 0, 0, 53562);
    assert_string_equal(info_of(&p), "15213 > 53562 [ACK] Seq=1 Ack=1 Win=64 Len=0");
    assert_int_equal(p.track.ws_shift, -1);
    track(r, &p, false, 7000, 9000, TCP_PSH | TCP_ACK, 64, NULL, 0, 18, 53562);
    assert_string_equal(info_of(&p), "15213 > 53562 [PSH, ACK] Seq=1 Ack=1 Win=64 Len=18");
    track(r, &p, true, 9000, 7018, TCP_ACK, 64, NULL, 0, 0, 53562);
    assert_string_equal(info_of(&p), "53562 > 15213 [ACK] Seq=1 Ack=19 Win=64 Len=0");
}

static void test_streams_and_port_reuse(void **state)
{
    struct run *r = *state;
    struct packet p;
    track(r, &p, true, 100, 0, TCP_SYN, 1, NULL, 0, 0, 1111);
    assert_int_equal(p.track.stream, 0);
    track(r, &p, true, 100, 0, TCP_SYN, 1, NULL, 0, 0, 2222);
    assert_int_equal(p.track.stream, 1);
    track(r, &p, false, 300, 101, TCP_SYN | TCP_ACK, 1, NULL, 0, 0, 1111);
    assert_int_equal(p.track.stream, 0);
    track(r, &p, true, 100, 0, TCP_SYN, 1, NULL, 0, 0, 1111); /* a retransmitted SYN */
    assert_int_equal(p.track.stream, 0);
    track(r, &p, true, 101, 301, TCP_FIN | TCP_ACK, 1, NULL, 0, 0, 1111);
    assert_int_equal(p.track.next_rel_seq, 2);
    track(r, &p, true, 5000, 0, TCP_SYN, 1, NULL, 0, 0, 1111); /* same ports, new ISN */
    assert_int_equal(p.track.stream, 2);
    assert_int_equal(p.track.rel_seq, 0);
}

static void test_bounded_table(void **state)
{
    struct run *r = *state;
    struct packet p;
    /* A long-lived connection that keeps talking survives the churn around it. */
    track(r, &p, true, 1, 0, TCP_SYN, 1, NULL, 0, 0, 1000);
    for (uint16_t port = 2000; port < 3000; port++) {
        track(r, &p, true, 10, 0, TCP_SYN, 1, NULL, 0, 0, port);
        track(r, &p, true, 11, 0, TCP_RST, 1, NULL, 0, 0, port); /* closed at once */
        track(r, &p, true, 2, 0, TCP_ACK, 1, NULL, 0, 0, 1000);
        assert_int_equal(p.track.stream, 0);
        assert_int_equal(p.track.rel_seq, 1);
        assert_true(used_slots(&r->an.t) <= 4);
    }
    assert_int_equal(r->an.t.evicted_open, 0); /* closed ones made the room */
    /* Evicted connections come back as new streams. */
    track(r, &p, true, 12, 0, TCP_ACK, 1, NULL, 0, 0, 2000);
    assert_int_equal(p.track.stream, 1001);
}

static void test_ipv6_and_non_tcp(void **state)
{
    struct run *r = *state;
    struct packet p;
    memset(&p, 0, sizeof p);
    p.net = NET_IPV6;
    p.l4 = L4_TCP;
    p.tcp.status = LAYER_OK;
    p.tcp.hdr_len = 20;
    p.tcp.seg_len = 20;
    p.tcp.flags = TCP_SYN;
    p.tcp.seq = 42;
    p.ip6.src[15] = 1;
    p.ip6.dst[15] = 2;
    assert_true(analysis_packet(&r->an, &p, &r->r));
    assert_int_equal(r->r.client.family, 6);
    assert_true(r->r.from_client);
    assert_int_equal(p.track.rel_seq, 0);
    const struct conn *c = analysis_conn(&r->an, 0);
    assert_non_null(c);
    assert_int_equal(c->ep[0].family, 6);
    assert_int_equal(r->r.rec.bits & (FREC_TRACKED | FREC_ANALYSED), FREC_TRACKED | FREC_ANALYSED);
    p.l4 = L4_UDP;
    assert_false(analysis_packet(&r->an, &p, &r->r));
    assert_false(p.track.valid);
    assert_int_equal(r->r.rec.bits, 0);
}

static uint32_t cap2 = 2, cap4 = 4;
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
#define T_CAP(t, cap) cmocka_unit_test_prestate_setup_teardown(t, setup, teardown, &(cap))

UNIT_MAIN(T(test_handshake_relative_numbers), T(test_scaling_needs_both_syns), T(test_mid_stream),
          T(test_streams_and_port_reuse), T_CAP(test_bounded_table, cap4),
          T_CAP(test_ipv6_and_non_tcp, cap2))
