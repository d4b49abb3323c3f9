/*
 * test_analysis.c: sniff/track/analysis.c's connection table and events: numbering in order
 * first seen, client/server roles (from the SYN, or from the echo port mid-stream),
 * IPv6, eviction of closed connections first and then the least recently used one,
 * flat memory over many connections, sequence numbers wrapping, the Info column text.
 * The analysis flags themselves are checked against tshark by test_analysis_flags.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "analysis.h"
#include "analysis_fixture.h"
#include "annotate.h"
#include "fmt_addr.h"
#include "fmt_conn.h"
#include "fmt_json.h"

static const uint8_t A[4] = {10, 0, 0, 1}, B[4] = {10, 0, 0, 2};

struct closed_log {
    int n;
    uint32_t no[64];
    enum an_end end[64];
    bool evicted_open[64];
    uint32_t verified[64];
};

static void on_close(void *ctx, const struct an_conn_summary *s)
{
    struct closed_log *l = ctx;
    if (l->n < 64) {
        l->no[l->n] = s->stream;
        l->end[l->n] = s->end;
        l->evicted_open[l->n] = s->evicted_open;
        l->verified[l->n] = s->echo.verified;
        l->n++;
    }
}

struct fx {
    struct fx_an a; /* first: fx_an_new and fx_an_free */
    struct closed_log log;
};

/* The analysis with room for max_conns connections; its fixture connection a.c is
 * 10.0.0.1:50000 to 10.0.0.2:15213, and a test adds others of its own. */
static struct fx *fx_new(uint32_t max_conns)
{
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_conns = max_conns};
    struct fx *fx = fx_an_new(sizeof *fx, &o);
    assert_non_null(fx);
    if (fx != NULL) { /* assert_non_null returns to here only when fx is set: for gcc */
        analysis_set_close_cb(&fx->a.an, on_close, &fx->log);
        fx_init(&fx->a.c, A, 50000, B, 15213);
    }
    return fx;
}

static void send_seg(struct fx *fx, struct fx_conn *c, int dir, int64_t t, uint16_t fl,
                     const char *d)
{
    fx_seg(&fx->a.p, c, dir, t, fl, d, d ? (uint32_t)strlen(d) : 0, 1000);
    assert_true(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
}

/* A whole echo connection: handshake, one request and its echo, FIN both ways. */
static void full_conn(struct fx *fx, struct fx_conn *c, int64_t t)
{
    send_seg(fx, c, 0, t, TCP_SYN, NULL);
    send_seg(fx, c, 1, t + 1, TCP_SYN | TCP_ACK, NULL);
    send_seg(fx, c, 0, t + 2, TCP_ACK, NULL);
    send_seg(fx, c, 0, t + 3, TCP_PSH | TCP_ACK, "ping\n");
    send_seg(fx, c, 1, t + 4, TCP_PSH | TCP_ACK, "ping\n");
    send_seg(fx, c, 0, t + 5, TCP_FIN | TCP_ACK, NULL);
    send_seg(fx, c, 1, t + 6, TCP_FIN | TCP_ACK, NULL);
    send_seg(fx, c, 0, t + 7, TCP_ACK, NULL);
}

static void test_numbering_and_roles(void **state)
{
    (void)state;
    struct fx *fx = fx_new(16);
    struct fx_conn c1, c2;
    fx_init(&c1, A, 50000, B, 15213);
    fx_init(&c2, A, 50001, B, 15213);
    send_seg(fx, &c1, 0, 0, TCP_SYN, NULL);
    assert_int_equal(fx->a.r.stream, 0);
    assert_true(fx->a.r.from_client);
    assert_int_equal(fx->a.r.event, AN_EV_SYN);
    send_seg(fx, &c2, 0, 1, TCP_SYN, NULL);
    assert_int_equal(fx->a.r.stream, 1);
    send_seg(fx, &c1, 1, 2, TCP_SYN | TCP_ACK, NULL);
    assert_int_equal(fx->a.r.stream, 0);
    assert_false(fx->a.r.from_client);
    assert_int_equal(fx->a.r.event, AN_EV_SYNACK);
    send_seg(fx, &c1, 0, 3, TCP_ACK, NULL);
    assert_int_equal(fx->a.r.event, AN_EV_HANDSHAKE_ACK);
    assert_true(fx->a.r.verified);

    /* Mid-stream: no SYN; the side on the echo port is the server, whoever speaks. */
    struct fx_conn c3;
    fx_init(&c3, A, 50002, B, 15213);
    c3.next[0] = c3.next[1] = 1;
    send_seg(fx, &c3, 1, 4, TCP_PSH | TCP_ACK, "x");
    assert_int_equal(fx->a.r.stream, 2);
    assert_false(fx->a.r.from_client);
    assert_false(fx->a.r.roles_from_syn);
    assert_int_equal(fx->a.r.client.port, 50002);
    assert_int_equal(fx->a.r.server.port, 15213);
    fx_an_free(fx);
}

static void test_ipv6_key(void **state)
{
    (void)state;
    struct fx *fx = fx_new(16);
    struct fx_conn c;
    fx_init(&c, A, 50000, B, 80);
    fx_seg(&fx->a.p, &c, 0, 0, TCP_SYN, NULL, 0, 1000);
    fx->a.p.net = NET_IPV6;
    memset(fx->a.p.ip6.src, 0, 16);
    memset(fx->a.p.ip6.dst, 0, 16);
    fx->a.p.ip6.src[15] = 1;
    fx->a.p.ip6.dst[15] = 2;
    assert_true(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
    assert_int_equal(fx->a.r.client.family, 6);
    assert_false(fx->a.r.verified); /* port 80: not the echo port */
    /* The same addresses' low bytes in IPv4 are another connection. */
    send_seg(fx, &c, 1, 1, TCP_SYN | TCP_ACK, NULL);
    assert_int_equal(fx->a.r.stream, 1);
    char s[64];
    (void)fmt_endpoint(s, fx->a.r.client.family, fx->a.r.client.addr, fx->a.r.client.port);
    assert_string_equal(s, "10.0.0.1:50000"); /* a lone SYN-ACK: its receiver is the client */
    fx_an_free(fx);
}

static void test_close_and_summary(void **state)
{
    (void)state;
    struct fx *fx = fx_new(16);
    struct fx_conn *c = &fx->a.c;
    full_conn(fx, c, 0);
    assert_int_equal(fx->log.n, 0); /* closed, but kept for late retransmissions */
    analysis_finish(&fx->a.an);
    assert_int_equal(fx->log.n, 1);
    assert_int_equal(fx->log.no[0], 0);
    assert_int_equal(fx->log.end[0], AN_END_FIN);
    assert_false(fx->log.evicted_open[0]);
    assert_int_equal(fx->log.verified[0], 1);
    fx_an_free(fx);
}

static void test_eviction_order(void **state)
{
    (void)state;
    struct fx *fx = fx_new(4);
    struct fx_conn c[6];
    /* Three open connections, then one that closes. */
    for (int i = 0; i < 3; i++) {
        fx_init(&c[i], A, (uint16_t)(50000 + i), B, 15213);
        send_seg(fx, &c[i], 0, i, TCP_SYN, NULL);
    }
    fx_init(&c[3], A, 50003, B, 15213);
    full_conn(fx, &c[3], 10);
    /* Stream 0 is used again: stream 1 is now the least recently used open one. */
    send_seg(fx, &c[0], 1, 20, TCP_SYN | TCP_ACK, NULL);
    /* A fifth connection evicts the closed one (stream 3) first... */
    fx_init(&c[4], A, 50004, B, 15213);
    send_seg(fx, &c[4], 0, 30, TCP_SYN, NULL);
    assert_int_equal(fx->log.n, 1);
    assert_int_equal(fx->log.no[0], 3);
    assert_int_equal(fx->log.end[0], AN_END_FIN);
    /* ...and a sixth the least recently used open one (stream 1). */
    fx_init(&c[5], A, 50005, B, 15213);
    send_seg(fx, &c[5], 0, 40, TCP_SYN, NULL);
    assert_int_equal(fx->log.n, 2);
    assert_int_equal(fx->log.no[1], 1);
    assert_true(fx->log.evicted_open[1]);
    assert_int_equal(fx->a.an.t.evicted_open, 1);
    /* Stream 0 is still there with its number. */
    send_seg(fx, &c[0], 0, 50, TCP_ACK, NULL);
    assert_int_equal(fx->a.r.stream, 0);
    fx_an_free(fx);
}

static void test_many_connections_flat(void **state)
{
    (void)state;
    struct fx *fx = fx_new(32);
    for (int i = 0; i < 20000; i++) {
        struct fx_conn c;
        uint8_t a[4] = {10, 1, (uint8_t)(i >> 8), (uint8_t)i};
        fx_init(&c, a, (uint16_t)(40000 + i % 20000), B, 15213);
        full_conn(fx, &c, (int64_t)i * 100);
        assert_int_equal(fx->a.r.stream, (uint32_t)i);
    }
    /* Every slot is reused; the table never grew (it cannot: it is one array). */
    assert_int_equal(fx->a.an.t.evicted_open, 0);
    assert_true(fx->a.an.t.nclosed <= AN_CLOSED_KEEP);
    analysis_finish(&fx->a.an);
    assert_int_equal(fx->a.an.t.open_head, -1);
    assert_int_equal(fx->a.an.t.closed_head, -1);
    fx_an_free(fx);
}

static void test_acked_bytes_and_wrap(void **state)
{
    (void)state;
    struct fx *fx = fx_new(16);
    struct fx_conn *c = &fx->a.c; /* server ISN 0xfffffff0: wraps after 15 bytes */
    send_seg(fx, c, 0, 0, TCP_SYN, NULL);
    send_seg(fx, c, 1, 1, TCP_SYN | TCP_ACK, NULL);
    send_seg(fx, c, 0, 2, TCP_ACK, NULL);
    send_seg(fx, c, 0, 3, TCP_PSH | TCP_ACK, "0123456789abcdefghij\n");
    send_seg(fx, c, 1, 4, TCP_ACK, NULL);
    assert_int_equal(fx->a.r.event, AN_EV_ACK);
    assert_int_equal(fx->a.r.acked, 21);
    send_seg(fx, c, 1, 5, TCP_PSH | TCP_ACK, "0123456789abcdefghij\n");
    assert_int_equal(fx->a.r.stream_off, 0);
    assert_int_equal(fx->a.r.echo.verdict, ECHO_OK);
    assert_int_equal(fx->a.r.flags, 0);
    send_seg(fx, c, 0, 6, TCP_PSH | TCP_ACK, "more\n");
    send_seg(fx, c, 1, 7, TCP_PSH | TCP_ACK, "more\n");
    assert_int_equal(fx->a.r.stream_off, 21); /* past the 2^32 wrap */
    assert_int_equal(fx->a.r.echo.verdict, ECHO_OK);
    assert_int_equal(fx->a.r.echo.req_last, 2);
    fx_an_free(fx);
}

static void test_reused_after_eviction(void **state)
{
    (void)state;
    struct fx *fx = fx_new(2);
    struct fx_conn a, b, c;
    fx_init(&a, A, 50000, B, 15213);
    full_conn(fx, &a, 0);
    fx_init(&b, A, 50001, B, 15213);
    send_seg(fx, &b, 0, 100, TCP_SYN, NULL);
    fx_init(&c, A, 50002, B, 15213);
    send_seg(fx, &c, 0, 200, TCP_SYN, NULL); /* the table is full: stream 0 (closed) leaves */
    assert_int_equal(fx->log.n, 1);
    assert_int_equal(fx->log.no[0], 0);
    /* The same socket pair as stream 0 with another ISN: remembered after eviction. */
    fx_init(&a, A, 50000, B, 15213);
    a.isn[0] += 1000000;
    send_seg(fx, &a, 0, 300, TCP_SYN, NULL);
    assert_int_equal(fx->a.r.stream, 3);
    assert_int_equal(fx->a.r.flags, AN_PORTS_REUSED);
    /* The same ISN again is that SYN's retransmission, not a reuse. */
    a.next[0] = 0;
    send_seg(fx, &a, 0, 1300000, TCP_SYN, NULL);
    assert_int_equal(fx->a.r.stream, 3);
    assert_int_equal(fx->a.r.flags, AN_RETRANSMISSION);
    fx_an_free(fx);
}

static void test_fragment_skipped(void **state)
{
    (void)state;
    struct fx *fx = fx_new(4);
    struct fx_conn *c = &fx->a.c;
    fx_seg(&fx->a.p, c, 0, 0, TCP_SYN, NULL, 0, 1000);
    fx->a.p.ip4.is_fragment = true;
    assert_false(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
    fx_an_free(fx);
}

/* The frame record says what the full result says: a view that keeps only records
 * shows the same numbers, flags (the Dup ACK's original frame included) and states. */
static void check_record(const struct packet *p, const struct pkt_analysis *r)
{
    const struct frame_rec *rec = &r->rec;
    assert_int_equal(rec->bits & (FREC_TRACKED | FREC_ANALYSED), FREC_TRACKED | FREC_ANALYSED);
    assert_int_equal(rec->stream, r->stream);
    assert_int_equal(rec->rel_seq, r->rel_seq);
    assert_int_equal(rec->rel_seq, p->track.rel_seq);
    if (rec->bits & FREC_ACK_VALID)
        assert_int_equal(rec->rel_ack, p->track.rel_ack);
    assert_int_equal(rec->flags, r->flags);
    if (r->flags & AN_DUP_ACK) {
        assert_true(p->frame.number - rec->dupack_back == r->dupack_of);
        assert_int_equal(rec->dupack_num, r->dupack_num);
    }
    assert_int_equal(!!(rec->bits & FREC_FROM_CLIENT), r->from_client);
    assert_int_equal(rec->event, r->event);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(rec->state[i], r->state[i]);
        assert_int_equal(rec->state_before[i], r->state_before[i]);
    }
    assert_int_equal(rec->echo_verdict, r->echo.verdict);
    assert_int_equal(rec->ws_shift, p->track.ws_shift);
}

/* Random segments (seeded) around a few connections' sequence numbers, through the
 * analysis, the annotations and the JSON formatter: nothing may crash or grow (run under
 * ASan and UBSan in CI), and the results stay consistent. */
static void test_random_segments(void **state)
{
    (void)state;
    struct fx *fx = fx_new(8);
    struct annotate ann;
    annotate_init(&ann, false, 15213);
    ann.no_services = true;
    struct out *o = malloc(sizeof *o);
    out_init(o, -1);
    static uint8_t payload[2000];
    uint64_t st = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 13);
    struct fx_conn c[5];
    for (int k = 0; k < 5; k++)
        fx_init(&c[k], A, (uint16_t)(50000 + k), B, (uint16_t)(k == 4 ? 80 : 15213));
    for (int i = 0; i < 200000; i++) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        struct fx_conn *cc = &c[st % 5];
        int dir = (int)(st >> 8) & 1;
        uint16_t flags = (uint16_t)((st >> 9) & 0x1ff);
        if ((st >> 20) % 4)
            flags = (uint16_t)(flags & ~(TCP_SYN | TCP_RST | TCP_FIN)) | TCP_ACK;
        uint32_t len = (st >> 24) % 8 == 0 ? (uint32_t)((st >> 30) % 1500) : 0;
        /* Sequence numbers near what was sent, sometimes far off. */
        int32_t jitter = (int32_t)((st >> 40) % 3000) - 1500;
        if ((st >> 52) % 16 == 0)
            jitter = (int32_t)(st >> 32);
        cc->next[dir] += (uint32_t)jitter;
        fx_seg(&fx->a.p, cc, dir, i * 100, flags, (const char *)payload, len,
               (uint16_t)((st >> 56) % 4 == 0 ? 0 : 1000));
        fx->a.p.tcp.payload_caplen = (st >> 60) % 4 == 0 ? len / 2 : len;
        if (flags & TCP_SYN) {
            fx->a.p.tcp.has_ws = (st >> 61) & 1;
            fx->a.p.tcp.ws_shift = (uint8_t)((st >> 33) % 20);
        }
        assert_true(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
        assert_true(fx->a.r.stream < fx->a.an.t.next_stream);
        check_record(&fx->a.p, &fx->a.r);
        struct ann_lines L;
        annotate_lines(&ann, &fx->a.p, &fx->a.r, &L);
        assert_true(L.n >= 0 && L.n <= ANN_MAX_LINES);
        o->len = 0;
        fmt_json_packet(o, &fx->a.p, &fx->a.r, &L);
        assert_true(o->len > 0 && o->buf[o->len - 1] == '\n');
    }
    analysis_finish(&fx->a.an);
    assert_int_equal(fx->a.an.t.open_head, -1);
    free(o);
    fx_an_free(fx);
}

static void test_flags_text(void **state)
{
    (void)state;
    char b[128];
    assert_int_equal(fmt_an_flags(0, 0, 0, b, sizeof b), 0);
    assert_string_equal(b, "");
    fmt_an_flags(AN_DUP_ACK, 12, 1, b, sizeof b);
    assert_string_equal(b, "[TCP Dup ACK 12#1] ");
    fmt_an_flags(AN_ZERO_WINDOW | AN_ZERO_WINDOW_PROBE_ACK, 0, 0, b, sizeof b);
    assert_string_equal(b, "[TCP ZeroWindowProbeAck] [TCP ZeroWindow] ");
    fmt_an_flags(AN_RETRANSMISSION | AN_WINDOW_FULL, 0, 0, b, sizeof b);
    assert_string_equal(b, "[TCP Window Full] [TCP Retransmission] ");
    /* Truncation keeps a terminated string. */
    assert_int_equal(fmt_an_flags(AN_RETRANSMISSION, 0, 0, b, 6), 5);
    assert_string_equal(b, "[TCP ");
    assert_string_equal(an_flag_field(AN_ACKED_UNSEEN), "ack_lost_segment");
}

static void test_not_tcp(void **state)
{
    (void)state;
    struct fx *fx = fx_new(16);
    memset(&fx->a.p, 0, sizeof fx->a.p);
    fx->a.p.l4 = L4_UDP;
    assert_false(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
    assert_false(fx->a.r.valid);
    struct fx_conn c;
    fx_init(&c, A, 1, B, 2);
    fx_seg(&fx->a.p, &c, 0, 0, TCP_ACK, NULL, 0, 1);
    fx->a.p.tcp.status = LAYER_TRUNCATED;
    assert_false(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
    fx_an_free(fx);
}

UNIT_MAIN(cmocka_unit_test(test_numbering_and_roles), cmocka_unit_test(test_ipv6_key),
          cmocka_unit_test(test_close_and_summary), cmocka_unit_test(test_eviction_order),
          cmocka_unit_test(test_many_connections_flat), cmocka_unit_test(test_acked_bytes_and_wrap),
          cmocka_unit_test(test_flags_text), cmocka_unit_test(test_not_tcp),
          cmocka_unit_test(test_reused_after_eviction), cmocka_unit_test(test_fragment_skipped),
          cmocka_unit_test(test_random_segments))
