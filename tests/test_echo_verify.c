/*
 * test_echo_verify.c: sniff/track/echo_verify.c against the classic echo-server bugs: a
 * correct echo, an echo in two parts, a truncated echo, a NUL over the last byte, a
 * lost tail, bytes the capture missed, server bytes seen before the client's, and the
 * memory bounds: --max-pending and --max-memory give up the oldest bytes, which are then
 * "not checked", never a mismatch, and the check goes on after them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"

#include "echo_verify.h"

#define MS 1000000LL
static const char msg[] = "here is a message\n";       /* 18 bytes, the lecture's */
static const char msg_nul[19] = "here is a message\n"; /* and a NUL: strlen(buf) + 1 */

struct fx {
    struct reasm_pool pool;
    struct echo_conn e;
    struct echo_result r;
};

static int setup(void **state)
{
    static struct fx fx;
    pool_init(&fx.pool, ECHO_DEFAULT_MAX_MEMORY);
    echo_init(&fx.e, &fx.pool, true, 0);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    echo_free(&fx->e);
    assert_int_equal(fx->pool.oldest == NULL, true); /* every chunk returned */
    pool_free(&fx->pool);
    assert_int_equal(fx->pool.used, 0);
    return 0;
}

static struct echo_result *seg(struct fx *fx, int dir, uint64_t off, const char *data, uint32_t len,
                               int64_t t)
{
    echo_result_clear(&fx->r);
    echo_segment(&fx->e, dir, off, (const uint8_t *)data, len, len, t, 0, &fx->r);
    return &fx->r;
}

static void test_correct_echo(void **state)
{
    struct fx *fx = *state;
    struct echo_result *r = seg(fx, ECHO_C2S, 0, msg, 18, 0);
    assert_int_equal(r->verdict, ECHO_REQUEST);
    assert_int_equal(r->req_first, 1);
    assert_int_equal(r->req_len, 18);
    r = seg(fx, ECHO_S2C, 0, msg, 18, 2154000);
    assert_int_equal(r->verdict, ECHO_OK);
    assert_int_equal(r->req_last, 1);
    assert_int_equal(r->req_done, 18);
    assert_true(r->rtt_valid);
    assert_int_equal(r->rtt_ns, 2154000);
    assert_int_equal(fx->e.st.verified, 1);
    assert_int_equal(fx->e.st.mismatched, 0);
    /* The second request of the lecture's session: 24 bytes. */
    r = seg(fx, ECHO_C2S, 18, "another line of text...\n", 24, 7 * MS);
    assert_int_equal(r->req_first, 2);
    r = seg(fx, ECHO_S2C, 18, "another line of text...\n", 24, 9 * MS);
    assert_int_equal(r->verdict, ECHO_OK);
    assert_int_equal(r->req_last, 2);
    assert_int_equal(r->rtt_ns, 2 * MS);
    echo_result_clear(&fx->r);
    echo_close(&fx->e, &fx->r);
    assert_int_equal(fx->r.verdict, ECHO_NONE);
    assert_int_equal(fx->e.st.verified, 2);
    assert_int_equal(fx->e.st.rtt_min_ns, 2 * MS);
    assert_int_equal(fx->e.st.rtt_max_ns, 2154000);
}

static void test_echo_in_two_parts(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    struct echo_result *r = seg(fx, ECHO_S2C, 0, msg, 10, 1 * MS);
    assert_int_equal(r->verdict, ECHO_OK);
    assert_int_equal(r->req_done, 10);
    assert_int_equal(r->req_len, 18);
    assert_false(r->rtt_valid);
    r = seg(fx, ECHO_S2C, 10, msg + 10, 8, 3 * MS);
    assert_int_equal(r->req_done, 18);
    assert_true(r->rtt_valid);
    assert_int_equal(r->rtt_ns, 3 * MS);
}

static void test_nul_over_last_byte(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    char bad[18];
    memcpy(bad, msg, 18);
    bad[17] = '\0';
    struct echo_result *r = seg(fx, ECHO_S2C, 0, bad, 18, MS);
    assert_int_equal(r->verdict, ECHO_MISMATCH);
    assert_int_equal(r->mismatch_at, 17);
    assert_int_equal(r->expected, 0x0a);
    assert_int_equal(r->got, 0x00);
    assert_int_equal(fx->e.st.mismatched, 1);
    assert_int_equal(fx->e.st.verified, 0);
}

static void test_truncated_echo(void **state)
{
    struct fx *fx = *state;
    /* A server with an 8-byte buffer echoes only the first 8 bytes of each line. */
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    struct echo_result *r = seg(fx, ECHO_S2C, 0, msg, 8, MS);
    assert_int_equal(r->verdict, ECHO_OK);
    seg(fx, ECHO_C2S, 18, "second\n", 7, 5 * MS);
    r = seg(fx, ECHO_S2C, 8, "second\n", 7, 6 * MS);
    assert_int_equal(r->verdict, ECHO_MISMATCH);
    assert_int_equal(r->mismatch_at, 8);
    assert_int_equal(r->expected, 'a');
    assert_int_equal(r->got, 's');
    echo_result_clear(&fx->r);
    echo_close(&fx->e, &fx->r);
    assert_int_equal(fx->r.verdict, ECHO_SHORT);
    assert_int_equal(fx->r.sent, 25);
    assert_int_equal(fx->r.echoed, 15);
}

static void test_lost_tail(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    seg(fx, ECHO_S2C, 0, msg, 12, MS);
    echo_result_clear(&fx->r);
    echo_close(&fx->e, &fx->r);
    assert_int_equal(fx->r.verdict, ECHO_SHORT);
    assert_int_equal(fx->r.echoed, 12);
    assert_int_equal(fx->e.st.unechoed, 1);
}

static void test_not_captured(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    /* Client bytes 18..27 never captured; 28..35 are. */
    seg(fx, ECHO_C2S, 28, "12345678", 8, 1 * MS);
    /* The server acknowledges all 36 bytes: 18..27 were sent. */
    echo_result_clear(&fx->r);
    echo_acked(&fx->e, ECHO_C2S, 36, 2 * MS, true, &fx->r);
    assert_int_equal(fx->r.peer_gap_from, 18);
    assert_int_equal(fx->r.peer_gap_to, 28);
    char all[36];
    memcpy(all, msg, 18);
    memset(all + 18, '?', 10);
    memcpy(all + 28, "12345678", 8);
    struct echo_result *r = seg(fx, ECHO_S2C, 0, all, 36, 3 * MS);
    assert_int_equal(r->verdict, ECHO_UNCHECKED);
    assert_true(r->gap);
    assert_int_equal(r->gap_first, 18);
    assert_int_equal(r->gap_last, 27);
    assert_int_equal(fx->e.st.bytes_unchecked, 10);
    assert_int_equal(fx->e.st.bytes_mismatched, 0);
    /* Request 1 is verified; bytes 28..35 arrived ahead of the hole and became
     * contiguous when it was declared: request 2, verified, without an RTT. */
    assert_int_equal(fx->e.st.requests, 2);
    assert_int_equal(fx->e.st.verified, 2);
    assert_int_equal(fx->e.st.nrtt, 1);
    assert_int_equal(fx->e.st.bytes_matched, 26);
}

static void test_server_ahead(void **state)
{
    struct fx *fx = *state;
    struct echo_result *r = seg(fx, ECHO_S2C, 0, msg, 18, 0);
    assert_int_equal(r->verdict, ECHO_AHEAD);
    r = seg(fx, ECHO_C2S, 0, msg, 18, MS);
    assert_int_equal(r->verdict, ECHO_REQUEST);
    assert_int_equal(fx->e.st.bytes_matched, 18);
    assert_int_equal(fx->e.st.verified, 1);
    assert_int_equal(fx->e.st.nrtt, 0); /* no RTT: the echo came first */
}

/* mismatch.pcap's bug: write(fd, buf, strlen(buf) + 1). The NUL after the first echo
 * runs ahead of the client; the first difference (byte 18) is found when the client's
 * next line arrives, and said on that segment. */
static void test_extra_nul_ahead(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    struct echo_result *r = seg(fx, ECHO_S2C, 0, msg_nul, 19, MS);
    assert_int_equal(r->verdict, ECHO_OK);
    assert_int_equal(r->ahead, 1);
    r = seg(fx, ECHO_C2S, 18, "and\n", 4, 2 * MS);
    assert_int_equal(r->verdict, ECHO_REQUEST);
    assert_true(r->early_mismatch);
    assert_int_equal(r->mismatch_at, 18);
    assert_int_equal(r->expected, 'a');
    assert_int_equal(r->got, 0);
    assert_int_equal(fx->e.st.first_mismatch_at, 18);
    /* The first request's echo carried that extra byte: it is not counted as echoed. */
    assert_int_equal(fx->e.st.verified, 0);
    assert_int_equal(fx->e.st.mismatched, 1);
    assert_true(r->in_req);
    assert_int_equal(r->req_off, 0);
}

/* An extra byte after the last echo, seen only when the connection ends. */
static void test_extra_byte_at_close(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    seg(fx, ECHO_S2C, 0, msg_nul, 19, MS);
    assert_int_equal(fx->e.st.verified, 1); /* so far */
    echo_result_clear(&fx->r);
    echo_close(&fx->e, &fx->r);
    assert_int_equal(fx->r.verdict, ECHO_EXTRA);
    assert_int_equal(fx->e.st.verified, 0);
    assert_int_equal(fx->e.st.mismatched, 1);
}

/* A wrong first byte of a later request, in a segment of its own, is that request's
 * fault alone: the request before it stays echoed. */
static void test_bad_start_of_next(void **state)
{
    struct fx *fx = *state;
    seg(fx, ECHO_C2S, 0, msg, 18, 0);
    seg(fx, ECHO_S2C, 0, msg, 18, MS);
    seg(fx, ECHO_C2S, 18, "and\n", 4, 2 * MS);
    struct echo_result *r = seg(fx, ECHO_S2C, 18, "xnd\n", 4, 3 * MS);
    assert_int_equal(r->verdict, ECHO_MISMATCH);
    assert_int_equal(fx->e.st.verified, 1);
    assert_int_equal(fx->e.st.mismatched, 1);
}

/* 20 requests of 1000 bytes waiting for their echo, 8192 bytes allowed per direction:
 * the oldest are given up as the newer arrive. The echo then finds the given-up range
 * "not checked" (a server byte that differs there is no mismatch: its client byte is
 * gone) and checks what was kept, mismatches included. */
static void test_max_pending(void **state)
{
    (void)state;
    struct reasm_pool pool;
    pool_init(&pool, ECHO_DEFAULT_MAX_MEMORY);
    struct echo_conn e;
    echo_init(&e, &pool, true, 8192);
    uint8_t data[20000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)('a' + i % 26);
    struct echo_result r;
    for (int i = 0; i < 20; i++) {
        echo_result_clear(&r);
        echo_segment(&e, ECHO_C2S, (uint64_t)i * 1000, data + i * 1000, 1000, 1000, i, 0, &r);
        assert_int_equal(r.verdict, ECHO_REQUEST);
    }
    assert_true(e.s[0].given_up_to > 0);
    assert_true(e.s[0].nch <= 8);
    uint64_t kept = e.s[0].given_up_to;
    assert_true(kept >= 20000 - 8192 && kept < 20000);
    uint8_t echo[20000];
    memcpy(echo, data, sizeof echo);
    echo[5] ^= 1;          /* given up: not a mismatch */
    echo[kept + 100] ^= 1; /* kept: a mismatch */
    echo_result_clear(&r);
    echo_segment(&e, ECHO_S2C, 0, echo, 1000, 1000, 30, 0, &r);
    assert_int_equal(r.verdict, ECHO_UNCHECKED);
    assert_true(r.given_up);
    assert_false(r.gap);
    assert_int_equal(r.given_up_first, 0);
    assert_int_equal(r.given_up_last, 999);
    echo_result_clear(&r);
    echo_segment(&e, ECHO_S2C, 1000, echo + 1000, 19000, 19000, 31, 0, &r);
    assert_int_equal(r.verdict, ECHO_MISMATCH);
    assert_int_equal(r.mismatch_at, kept + 100);
    assert_true(r.given_up);
    assert_int_equal(r.given_up_last, kept - 1);
    assert_int_equal(e.st.bytes_given_up, kept);
    assert_int_equal(e.st.bytes_mismatched + e.st.bytes_matched + e.st.bytes_unchecked, 20000);
    assert_int_equal(e.st.mismatched, 1);
    echo_free(&e);
    pool_free(&pool);
}

/* The shared budget: two connections, room for a few chunks. The older connection's
 * bytes go first; each stream reads what it lost as given up. */
static void test_shared_budget(void **state)
{
    (void)state;
    struct reasm_pool pool;
    pool_init(&pool, 7 * 1400); /* room for 7 chunks, 8 wanted */
    struct echo_conn a, b;
    echo_init(&a, &pool, true, 0);
    echo_init(&b, &pool, true, 0);
    uint8_t data[4096];
    memset(data, 'x', sizeof data);
    struct echo_result r;
    echo_result_clear(&r);
    echo_segment(&a, ECHO_C2S, 0, data, 4096, 4096, 1, 0, &r);
    assert_int_equal(a.s[0].given_up_to, 0);
    echo_result_clear(&r);
    echo_segment(&b, ECHO_C2S, 0, data, 4096, 4096, 2, 0, &r);
    assert_true(pool.used <= pool.budget);
    assert_true(a.s[0].given_up_to > 0); /* a's were the oldest */
    assert_int_equal(b.s[0].given_up_to, 0);
    assert_true(pool.given_up_bytes > 0);
    /* b's echo, a chunk at a time: each costs a's oldest bytes or b's own compared ones. */
    for (int i = 0; i < 4; i++) {
        echo_result_clear(&r);
        echo_segment(&b, ECHO_S2C, (uint64_t)i * 1024, data, 1024, 1024, 3, 0, &r);
        assert_int_equal(r.verdict, ECHO_OK);
    }
    assert_int_equal(b.st.verified, 1);
    echo_result_clear(&r);
    echo_segment(&a, ECHO_S2C, 0, data, 4096, 4096, 4, 0, &r);
    assert_int_equal(r.verdict, ECHO_UNCHECKED);
    assert_true(r.given_up);
    assert_int_equal(a.st.bytes_mismatched, 0);
    echo_free(&a);
    echo_free(&b);
    assert_true(pool.oldest == NULL);
    pool_free(&pool);
    assert_int_equal(pool.used, 0);
}

/* A connection's state counts too: with no room, echo_new says so rather than overrun.
 * A state given back is a spare block: the next state (or chunk) reuses it, and the
 * pool's use does not move until pool_free. */
static void test_state_budget(void **state)
{
    (void)state;
    struct reasm_pool pool;
    pool_init(&pool, 3 * (POOL_BLOCK + 16));
    struct echo_conn *e[4];
    for (int i = 0; i < 4; i++)
        e[i] = echo_new(&pool, true, 0);
    assert_non_null(e[0]);
    assert_non_null(e[1]);
    assert_non_null(e[2]);
    assert_null(e[3]);
    size_t used = pool.used;
    assert_true(used <= pool.budget);
    echo_delete(e[1]);
    e[1] = echo_new(&pool, true, 0);
    assert_non_null(e[1]);
    assert_int_equal(pool.used, used);
    for (int i = 0; i < 4; i++)
        echo_delete(e[i]);
    assert_int_equal(pool.used, used);
    pool_free(&pool);
    assert_int_equal(pool.used, 0);
}

/* Holes of 2 GiB, one after another: declared, compared and released in no time. */
static void test_huge_gaps(void **state)
{
    struct fx *fx = *state;
    uint64_t off = 0;
    for (int i = 0; i < 1000; i++) {
        seg(fx, ECHO_C2S, off, msg, 18, i);
        echo_result_clear(&fx->r);
        echo_acked(&fx->e, ECHO_C2S, off + ((uint64_t)1 << 31), i, true, &fx->r);
        struct echo_result *r = seg(fx, ECHO_S2C, off, msg, 18, i);
        assert_int_equal(r->verdict, ECHO_OK);
        echo_result_clear(&fx->r);
        echo_acked(&fx->e, ECHO_S2C, off + ((uint64_t)1 << 31), i, false, &fx->r);
        off += (uint64_t)1 << 31;
    }
    assert_int_equal(fx->e.st.verified, 1000);
    assert_true(fx->e.s[0].nch <= 1 && fx->e.s[1].nch <= 1);
}

static void test_rtt_median(void **state)
{
    struct fx *fx = *state;
    for (int i = 0; i < 1001; i++) {
        seg(fx, ECHO_C2S, (uint64_t)i, "q", 1, (int64_t)i * 1000 * MS);
        seg(fx, ECHO_S2C, (uint64_t)i, "q", 1, (int64_t)i * 1000 * MS + (i + 1) * 1000);
    }
    assert_int_equal(fx->e.st.nrtt, 1001);
    assert_int_equal(fx->e.st.rtt_min_ns, 1000);
    assert_int_equal(fx->e.st.rtt_max_ns, 1001000);
    uint64_t med = echo_rtt_median(&fx->e.st);
    assert_true(med > 400000 && med < 600000); /* decimated, but near 501000 */
    assert_true(fx->e.st.nsamples <= ECHO_RTT_SAMPLES);
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

UNIT_MAIN(T(test_correct_echo), T(test_echo_in_two_parts), T(test_nul_over_last_byte),
          T(test_extra_nul_ahead), T(test_extra_byte_at_close), T(test_bad_start_of_next),
          T(test_truncated_echo), T(test_lost_tail), T(test_not_captured), T(test_server_ahead),
          cmocka_unit_test(test_max_pending), cmocka_unit_test(test_shared_budget),
          cmocka_unit_test(test_state_budget), T(test_huge_gaps), T(test_rtt_median))
