/*
 * test_tcp_state.c: each end's TCP state (sniff/track/tcp_state.c, RFC 9293 3.3.2) as the
 * model infers it from the segments seen, one test per transition: the three-way
 * handshake, a refused connection, each side closing first, FIN and ACK together, a
 * simultaneous open and a simultaneous close (in either capture order), RST in any state,
 * captures that start mid-connection (UNKNOWN until a FIN or RST says more) or after the
 * SYN, segments the capture missed, retransmissions that change nothing; then the names,
 * the frame record's before/after states and the summary's final ones.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "analysis.h"
#include "analysis_fixture.h"

static const uint8_t A[4] = {10, 0, 0, 1}, B[4] = {10, 0, 0, 2};

enum { C = 0, S = 1 }; /* the fixture's sides: client, server */
#define U TCP_STATE_UNKNOWN
#define CLOSED TCP_STATE_CLOSED
#define SYN_SENT TCP_STATE_SYN_SENT
#define SYN_RCVD TCP_STATE_SYN_RECEIVED
#define ESTAB TCP_STATE_ESTABLISHED
#define FIN_WAIT_1 TCP_STATE_FIN_WAIT_1
#define FIN_WAIT_2 TCP_STATE_FIN_WAIT_2
#define CLOSE_WAIT TCP_STATE_CLOSE_WAIT
#define CLOSING TCP_STATE_CLOSING
#define LAST_ACK TCP_STATE_LAST_ACK
#define TIME_WAIT TCP_STATE_TIME_WAIT

struct fx {
    struct fx_an a; /* first: fx_an_new and fx_an_teardown */
    int64_t t;
    struct an_conn_summary last;
};

static void on_close(void *ctx, const struct an_conn_summary *s)
{
    ((struct fx *)ctx)->last = *s;
}

static int setup(void **state)
{
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .key = {3, 4}};
    struct fx *fx = fx_an_new(sizeof *fx, &o);
    if (fx == NULL)
        return -1;
    analysis_set_close_cb(&fx->a.an, on_close, fx);
    fx_init(&fx->a.c, A, 50000, B, 15213);
    *state = fx;
    return 0;
}

/* The next segment from side dir; seq_adj and ack_adj move its numbers off what the
 * fixture would send (a SYN-ACK repeating its ISN, a FIN that does not yet acknowledge
 * the peer's FIN). */
static void seg_adj(struct fx *fx, int dir, uint16_t flags, uint32_t len, int32_t seq_adj,
                    int32_t ack_adj)
{
    static const char data[64] = "abcdefghijklmnopqrstuvwxyz";
    fx->t += 1000;
    fx_seg(&fx->a.p, &fx->a.c, dir, fx->t, flags, data, len, 1000);
    fx->a.p.tcp.seq += (uint32_t)seq_adj;
    fx->a.p.tcp.ack += (uint32_t)ack_adj;
    assert_true(analysis_packet(&fx->a.an, &fx->a.p, &fx->a.r));
}

static void seg(struct fx *fx, int dir, uint16_t flags)
{
    seg_adj(fx, dir, flags, 0, 0, 0);
}

/* The states after the last segment: [0] client, [1] server. */
static void expect(const struct fx *fx, enum tcp_state client, enum tcp_state server)
{
    if (fx->a.r.state[0] != client || fx->a.r.state[1] != server)
        fail_msg("frame %llu: client %s, server %s; wanted %s, %s",
                 (unsigned long long)fx->a.p.frame.number, tcp_state_name(fx->a.r.state[0]),
                 tcp_state_name(fx->a.r.state[1]), tcp_state_name(client), tcp_state_name(server));
}

/* seg, then expect. */
static void seg_expect(struct fx *fx, int dir, uint16_t flags, enum tcp_state client,
                       enum tcp_state server)
{
    seg(fx, dir, flags);
    expect(fx, client, server);
}

/* The test's connection after the three-way handshake. */
static struct fx *established(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    seg(fx, S, TCP_SYN | TCP_ACK);
    seg(fx, C, TCP_ACK);
    return fx;
}

/* connect(): the client is SYN-SENT; the server's LISTEN cannot be seen. */
static void test_syn_sent(void **state)
{
    struct fx *fx = *state;
    seg_expect(fx, C, TCP_SYN, SYN_SENT, U);
}

/* The SYN-ACK: the server SYN-RECEIVED, the client (its SYN acknowledged) ESTABLISHED. */
static void test_syn_received(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    seg_expect(fx, S, TCP_SYN | TCP_ACK, ESTAB, SYN_RCVD);
}

/* The handshake's ACK acknowledges the server's SYN. */
static void test_established(void **state)
{
    struct fx *fx = established(state);
    expect(fx, ESTAB, ESTAB);
    seg_adj(fx, C, TCP_PSH | TCP_ACK, 5, 0, 0);
    seg_adj(fx, S, TCP_PSH | TCP_ACK, 5, 0, 0);
    expect(fx, ESTAB, ESTAB);
}

/* Nothing listens: the RST answering the SYN closes both. */
static void test_refused(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    seg(fx, S, TCP_RST | TCP_ACK);
    assert_int_equal(fx->a.r.event, AN_EV_REFUSED);
    expect(fx, CLOSED, CLOSED);
}

/* An active close by side first: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; its peer CLOSE-WAIT,
 * LAST-ACK, CLOSED. */
static void close_from(struct fx *fx, int first)
{
    static const struct {
        bool by_first; /* the segment's sender: the side closing first, or its peer */
        uint16_t flags;
        enum tcp_state first, peer;
    } steps[] = {
        {true, TCP_FIN | TCP_ACK, FIN_WAIT_1, CLOSE_WAIT},
        {false, TCP_ACK, FIN_WAIT_2, CLOSE_WAIT},
        {false, TCP_FIN | TCP_ACK, TIME_WAIT, LAST_ACK},
        {true, TCP_ACK, TIME_WAIT, CLOSED},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        enum tcp_state want[2];
        want[first] = steps[i].first;
        want[1 - first] = steps[i].peer;
        seg_expect(fx, steps[i].by_first ? first : 1 - first, steps[i].flags, want[C], want[S]);
    }
}

static void test_client_closes_first(void **state)
{
    close_from(established(state), C);
    assert_true(((struct fx *)*state)->a.r.last_ack);
}

/* The server's FIN also acknowledges the client's: FIN-WAIT-1 straight to TIME-WAIT. */
static void test_fin_wait_1_to_time_wait(void **state)
{
    struct fx *fx = established(state);
    seg(fx, C, TCP_FIN | TCP_ACK);
    seg_expect(fx, S, TCP_FIN | TCP_ACK, TIME_WAIT, LAST_ACK);
}

/* The server closes first: the same states the other way round. */
static void test_server_closes_first(void **state)
{
    close_from(established(state), S);
}

/* A simultaneous close: the server's FIN does not acknowledge the client's (it was sent
 * before that FIN arrived), so both pass through CLOSING to TIME-WAIT. */
static void test_simultaneous_close(void **state)
{
    struct fx *fx = established(state);
    seg_expect(fx, C, TCP_FIN | TCP_ACK, FIN_WAIT_1, CLOSE_WAIT);
    seg_adj(fx, S, TCP_FIN | TCP_ACK, 0, 0, -1); /* acknowledges up to the FIN, not it */
    expect(fx, CLOSING, CLOSING);
    seg_expect(fx, C, TCP_ACK, CLOSING, TIME_WAIT);   /* acknowledges the server's FIN */
    seg_expect(fx, S, TCP_ACK, TIME_WAIT, TIME_WAIT); /* acknowledges the client's FIN */
}

/* The same close captured where the crossing FINs' ACKs show it: each FIN acknowledges
 * nothing of the other's. */
static void test_simultaneous_close_acks_later(void **state)
{
    struct fx *fx = established(state);
    seg(fx, S, TCP_FIN | TCP_ACK);
    seg_adj(fx, C, TCP_FIN | TCP_ACK, 0, 0, -1);
    expect(fx, CLOSING, CLOSING);
    seg(fx, S, TCP_ACK);
    seg_expect(fx, C, TCP_ACK, TIME_WAIT, TIME_WAIT);
}

/* A simultaneous open: two SYNs cross, each side SYN-RECEIVED; each SYN-ACK (repeating
 * its sender's ISN) acknowledges the other's SYN. */
static void test_simultaneous_open(void **state)
{
    struct fx *fx = *state;
    seg_expect(fx, C, TCP_SYN, SYN_SENT, U);
    seg_expect(fx, S, TCP_SYN, SYN_RCVD, SYN_RCVD);
    seg_adj(fx, C, TCP_SYN | TCP_ACK, 0, -1, 0);
    expect(fx, SYN_RCVD, ESTAB);
    seg_adj(fx, S, TCP_SYN | TCP_ACK, 0, -1, 0);
    expect(fx, ESTAB, ESTAB);
}

/* RST in ESTABLISHED, from either side: both CLOSED. */
static void test_reset(void **state)
{
    struct fx *fx = established(state);
    seg(fx, S, TCP_RST | TCP_ACK);
    assert_int_equal(fx->a.r.event, AN_EV_RST);
    expect(fx, CLOSED, CLOSED);
}

/* RST during the close (here from CLOSE-WAIT, an application that exits unread). */
static void test_reset_while_closing(void **state)
{
    struct fx *fx = established(state);
    seg(fx, C, TCP_FIN | TCP_ACK);
    seg_expect(fx, S, TCP_RST, CLOSED, CLOSED);
}

/* A capture that starts mid-connection: data flows in ESTABLISHED and in CLOSE-WAIT
 * alike, so both are UNKNOWN until the first FIN. */
static void test_mid_stream_unknown_until_fin(void **state)
{
    struct fx *fx = *state;
    fx->a.c.next[0] = fx->a.c.next[1] = 1000;
    seg_adj(fx, C, TCP_PSH | TCP_ACK, 5, 0, 0);
    expect(fx, U, U);
    seg_adj(fx, S, TCP_PSH | TCP_ACK, 5, 0, 0);
    expect(fx, U, U);
    seg_expect(fx, S, TCP_FIN | TCP_ACK, CLOSE_WAIT, FIN_WAIT_1);
    seg_expect(fx, C, TCP_FIN | TCP_ACK, LAST_ACK, TIME_WAIT);
}

/* Mid-connection, a RST is enough evidence. */
static void test_mid_stream_reset(void **state)
{
    struct fx *fx = *state;
    fx->a.c.next[0] = fx->a.c.next[1] = 1000;
    seg_expect(fx, C, TCP_ACK, U, U);
    seg_expect(fx, C, TCP_RST | TCP_ACK, CLOSED, CLOSED);
}

/* The capture missed the SYN-ACK: the server's first segment acknowledges the SYN, so it
 * answered (SYN-RECEIVED) and the client, whose SYN it acknowledges, is ESTABLISHED; the
 * client's ACK then establishes the server. */
static void test_missed_synack(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    fx->a.c.next[1] = 1; /* the SYN-ACK's sequence number, not captured */
    seg_adj(fx, S, TCP_PSH | TCP_ACK, 5, 0, 0);
    expect(fx, ESTAB, SYN_RCVD);
    seg_expect(fx, C, TCP_ACK, ESTAB, ESTAB);
}

/* The capture starts at the SYN-ACK: it acknowledges a SYN, so the client sent one. */
static void test_capture_starts_at_synack(void **state)
{
    struct fx *fx = *state;
    fx->a.c.next[0] = 1;
    seg_expect(fx, S, TCP_SYN | TCP_ACK, ESTAB, SYN_RCVD);
    seg_expect(fx, C, TCP_ACK, ESTAB, ESTAB);
}

/* The server closes before the handshake completes: SYN-RECEIVED to FIN-WAIT-1. */
static void test_fin_from_syn_received(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    seg(fx, S, TCP_SYN | TCP_ACK);
    fx->a.c.next[0] = 1;
    seg_adj(fx, S, TCP_FIN | TCP_ACK, 0, 0, 0);
    expect(fx, CLOSE_WAIT, FIN_WAIT_1);
}

/* Retransmissions say nothing new: a SYN again stays SYN-SENT, a FIN again FIN-WAIT-1,
 * an ACK again after the close TIME-WAIT. */
static void test_retransmissions_keep_states(void **state)
{
    struct fx *fx = *state;
    seg(fx, C, TCP_SYN);
    fx->a.c.next[0] = 0;
    seg(fx, C, TCP_SYN);
    assert_true(fx->a.r.flags & AN_RETRANSMISSION);
    expect(fx, SYN_SENT, U);
    seg(fx, S, TCP_SYN | TCP_ACK);
    seg(fx, C, TCP_ACK);
    seg(fx, C, TCP_FIN | TCP_ACK);
    fx->a.c.next[0]--;
    seg_expect(fx, C, TCP_FIN | TCP_ACK, FIN_WAIT_1, CLOSE_WAIT);
    seg(fx, S, TCP_FIN | TCP_ACK);
    seg(fx, C, TCP_ACK);
    seg_expect(fx, C, TCP_ACK, TIME_WAIT, CLOSED);
}

static void test_names(void **state)
{
    (void)state;
    static const char *const want[] = {"UNKNOWN",     "CLOSED",     "SYN-SENT",   "SYN-RECEIVED",
                                       "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
                                       "CLOSING",     "LAST-ACK",   "TIME-WAIT"};
    for (int s = 0; s < TCP_STATE_COUNT; s++)
        assert_string_equal(tcp_state_name((enum tcp_state)s), want[s]);
    assert_string_equal(tcp_state_name(TCP_STATE_COUNT), "UNKNOWN");
}

/* The frame record holds both ends' states before and after each frame; the summary,
 * the states the connection ended in; conn_states reads the model directly. */
static void test_record_and_summary(void **state)
{
    struct fx *fx = established(state);
    seg(fx, C, TCP_FIN | TCP_ACK);
    const struct frame_rec *rec = &fx->a.r.rec;
    assert_int_equal(rec->state_before[0], ESTAB);
    assert_int_equal(rec->state_before[1], ESTAB);
    assert_int_equal(rec->state[0], FIN_WAIT_1);
    assert_int_equal(rec->state[1], CLOSE_WAIT);
    enum tcp_state now[2];
    conn_states(analysis_conn(&fx->a.an, 0), now);
    assert_int_equal(now[0], FIN_WAIT_1);
    assert_int_equal(now[1], CLOSE_WAIT);
    seg(fx, S, TCP_FIN | TCP_ACK);
    seg(fx, C, TCP_ACK);
    analysis_finish(&fx->a.an);
    assert_int_equal(fx->last.state[0], TIME_WAIT);
    assert_int_equal(fx->last.state[1], CLOSED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fx_an_teardown)

UNIT_MAIN(T(test_syn_sent), T(test_syn_received), T(test_established), T(test_refused),
          T(test_client_closes_first), T(test_fin_wait_1_to_time_wait), T(test_server_closes_first),
          T(test_simultaneous_close), T(test_simultaneous_close_acks_later),
          T(test_simultaneous_open), T(test_reset), T(test_reset_while_closing),
          T(test_mid_stream_unknown_until_fin), T(test_mid_stream_reset), T(test_missed_synack),
          T(test_capture_starts_at_synack), T(test_fin_from_syn_received),
          T(test_retransmissions_keep_states), T(test_names), T(test_record_and_summary))
