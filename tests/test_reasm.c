/*
 * test_reasm.c: sniff/track/reasm.c, per-direction stream reassembly in a shared pool: in
 * order, retransmitted, overlapping, out of order, cut by the snapshot length, holes
 * declared not captured, release across chunks, a hole of 2^40 bytes with bytes held on
 * both sides, the per-stream cap and the shared budget giving up the oldest bytes, and a
 * randomised comparison with a byte-per-byte model of what each byte must read as.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "reasm.h"

#define BIG ((size_t)1 << 30)

static const uint8_t *text(void)
{
    return (const uint8_t *)"abcdefghijklmnopqrstuvwxyz0123456789";
}

static void expect_bytes(const struct reasm *r, uint64_t off, const char *want)
{
    uint8_t got[64];
    size_t n = strlen(want);
    reasm_copy(r, off, got, n);
    assert_memory_equal(got, want, n);
}

struct fx {
    struct reasm_pool pool;
    struct reasm r;
};

static int setup(void **state)
{
    static struct fx fx;
    pool_init(&fx.pool, BIG);
    reasm_init(&fx.r, &fx.pool, 0);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    reasm_free(&fx->r);
    assert_null(fx->pool.oldest);
    pool_free(&fx->pool);
    assert_int_equal(fx->pool.used, 0);
    return 0;
}

static void test_in_order(void **state)
{
    struct reasm *r = &((struct fx *)*state)->r;
    assert_int_equal(reasm_add(r, 0, text(), 5, 5), REASM_NEW);
    assert_int_equal(reasm_add(r, 5, text() + 5, 5, 5), REASM_NEW);
    assert_int_equal(r->contig, 10);
    expect_bytes(r, 0, "abcdefghij");
    enum reasm_kind k;
    assert_int_equal(reasm_run(r, 0, 10, &k), 10);
    assert_int_equal(k, REASM_KNOWN);
}

static void test_retransmission(void **state)
{
    struct reasm *r = &((struct fx *)*state)->r;
    reasm_add(r, 0, text(), 10, 10);
    assert_int_equal(reasm_add(r, 0, text(), 10, 10), REASM_DUP);
    /* Overlap: 5..9 known, 10..14 new. */
    assert_int_equal(reasm_add(r, 5, text() + 5, 10, 10), REASM_NEW | REASM_DUP);
    assert_int_equal(r->contig, 15);
    assert_int_equal(r->dup_bytes, 15);
    expect_bytes(r, 0, "abcdefghijklmno");
}

static void test_out_of_order(void **state)
{
    struct reasm *r = &((struct fx *)*state)->r;
    assert_int_equal(reasm_add(r, 10, text() + 10, 5, 5), REASM_NEW | REASM_AHEAD);
    assert_int_equal(r->contig, 0);
    assert_int_equal(r->high, 15);
    assert_int_equal(reasm_next_resolved(r, 0, 15), 10);
    assert_int_equal(reasm_add(r, 0, text(), 10, 10), REASM_NEW);
    assert_int_equal(r->contig, 15);
    expect_bytes(r, 0, "abcdefghijklmno");
}

static void test_gap_and_snaplen(void **state)
{
    struct reasm *r = &((struct fx *)*state)->r;
    reasm_add(r, 0, text(), 5, 5);
    reasm_add(r, 10, text() + 10, 5, 5); /* 5..9 missing */
    reasm_gap(r, 10);
    assert_int_equal(r->contig, 15);
    enum reasm_kind k;
    assert_int_equal(reasm_run(r, 0, 15, &k), 5);
    assert_int_equal(k, REASM_KNOWN);
    assert_int_equal(reasm_run(r, 5, 15, &k), 5);
    assert_int_equal(k, REASM_GAP);
    assert_int_equal(reasm_run(r, 10, 15, &k), 5);
    assert_int_equal(k, REASM_KNOWN);
    /* 8 bytes on the wire, 3 captured. */
    reasm_add(r, 15, text() + 15, 3, 8);
    assert_int_equal(r->contig, 23);
    assert_int_equal(reasm_run(r, 15, 23, &k), 3);
    assert_int_equal(k, REASM_KNOWN);
    assert_int_equal(reasm_run(r, 18, 23, &k), 5);
    assert_int_equal(k, REASM_GAP);
    /* A late copy of the missing bytes changes nothing: they were declared. */
    assert_int_equal(reasm_add(r, 5, text() + 5, 5, 5), REASM_DUP);
}

/* Bytes released as the stream goes: chunks return to the pool, the stream holds at
 * most the chunks its unreleased bytes span. */
static void test_release(void **state)
{
    struct fx *fx = *state;
    struct reasm *r = &fx->r;
    uint64_t off = 0;
    for (int i = 0; i < 3000; i++) {
        uint32_t n = 7 + (uint32_t)(i % 23);
        uint8_t seg[64];
        for (uint32_t k = 0; k < n; k++)
            seg[k] = (uint8_t)((off + k) * 31);
        assert_int_equal(reasm_add(r, off, seg, n, n), REASM_NEW);
        uint8_t back[64];
        reasm_copy(r, off, back, n);
        assert_memory_equal(back, seg, n);
        off += n;
        reasm_release(r, off - 3); /* keep a few bytes held across chunk boundaries */
        assert_true(r->nch <= 2);
    }
    assert_true(fx->pool.used < 4 * (POOL_BLOCK + 16) + 64);
}

/* Bytes on both sides of a hole of 2^40: nothing in between is allocated or walked. */
static void test_huge_hole(void **state)
{
    struct fx *fx = *state;
    struct reasm *r = &fx->r;
    const uint64_t far = (uint64_t)1 << 40;
    reasm_add(r, 0, text(), 10, 10);
    assert_int_equal(reasm_add(r, far, text(), 10, 10), REASM_NEW | REASM_AHEAD);
    assert_int_equal(r->nch, 2);
    assert_int_equal(reasm_next_resolved(r, 10, far + 10), far);
    reasm_gap(r, far);
    assert_int_equal(r->contig, far + 10);
    enum reasm_kind k;
    assert_int_equal(reasm_run(r, 10, far + 10, &k), far - 10);
    assert_int_equal(k, REASM_GAP);
    reasm_release(r, far + 5);
    assert_int_equal(r->nch, 1);
    expect_bytes(r, far + 5, "fghij");
}

/* One stream may hold at most max_bytes: past that its own oldest bytes are given up,
 * and read as such. */
static void test_stream_cap(void **state)
{
    (void)state;
    struct reasm_pool pool;
    pool_init(&pool, BIG);
    struct reasm r;
    reasm_init(&r, &pool, 4 * REASM_CHUNK);
    uint8_t b[REASM_CHUNK];
    memset(b, 'q', sizeof b);
    for (uint64_t i = 0; i < 10; i++)
        reasm_add(&r, i * REASM_CHUNK, b, REASM_CHUNK, REASM_CHUNK);
    assert_int_equal(r.nch, 4);
    assert_int_equal(r.given_up_to, 6 * REASM_CHUNK);
    assert_int_equal(r.given_up, 6 * REASM_CHUNK);
    assert_int_equal(r.contig, 10 * REASM_CHUNK);
    enum reasm_kind k;
    assert_int_equal(reasm_run(&r, 0, r.contig, &k), 6 * REASM_CHUNK);
    assert_int_equal(k, REASM_GIVEN_UP);
    assert_int_equal(reasm_run(&r, 6 * REASM_CHUNK, r.contig, &k), 4 * REASM_CHUNK);
    assert_int_equal(k, REASM_KNOWN);
    /* Out of order beyond the cap: the given-up range covers the hole too. */
    reasm_add(&r, 20 * REASM_CHUNK, b, 1, 1);
    assert_int_equal(r.nch, 4);
    assert_int_equal(r.given_up_to, 7 * REASM_CHUNK);
    reasm_free(&r);
    pool_free(&pool);
}

/* The pool's budget, shared: the oldest chunk of the whole pool goes first, whichever
 * stream holds it; used never passes the budget. */
static void test_pool_budget(void **state)
{
    (void)state;
    struct reasm_pool pool;
    pool_init(&pool, 16 * 1400);
    struct reasm s[3];
    for (int i = 0; i < 3; i++)
        reasm_init(&s[i], &pool, 0);
    uint8_t b[REASM_CHUNK];
    memset(b, 'w', sizeof b);
    for (uint64_t n = 0; n < 30; n++) {
        reasm_add(&s[n % 3], n / 3 * REASM_CHUNK, b, REASM_CHUNK, REASM_CHUNK);
        assert_true(pool.used <= pool.budget);
    }
    assert_true(pool.given_up_chunks > 0);
    /* Each stream lost its oldest bytes, in the order they came. */
    for (int i = 0; i < 3; i++) {
        assert_true(s[i].given_up_to > 0);
        assert_int_equal(s[i].contig, 10 * REASM_CHUNK);
        assert_int_equal(s[i].nch, (s[i].contig - s[i].given_up_to) / REASM_CHUNK);
    }
    assert_true(pool.peak <= pool.budget);
    for (int i = 0; i < 3; i++)
        reasm_free(&s[i]);
    pool_free(&pool);
    assert_int_equal(pool.used, 0);
}

/* Streams that each hold many chunks for a moment, one after another (the `pending`
 * capture of gen_bounds): the indexes count against the budget too, and an index whose
 * chunks were given up shrinks, so the pool never passes its budget (16,000 such flows
 * kept 34 MiB of indexes past a 32 MiB budget). */
static void test_index_budget(void **state)
{
    (void)state;
    enum { STREAMS = 64, CHUNKS = 40 };
    struct reasm_pool pool;
    pool_init(&pool, 16 * (POOL_BLOCK + 16) + 512);
    struct reasm s[STREAMS];
    uint8_t b = 'x';
    for (int i = 0; i < STREAMS; i++) {
        reasm_init(&s[i], &pool, 0);
        for (uint64_t k = 0; k < CHUNKS; k++) {
            /* One byte per chunk, each beyond a hole: a chunk each. */
            reasm_add(&s[i], k * REASM_CHUNK, &b, 1, 1);
            assert_true(pool.used <= pool.budget);
        }
    }
    assert_true(pool.peak <= pool.budget);
    for (int i = 0; i < STREAMS - 1; i++)
        assert_true(s[i].capch <= 4); /* its chunks all went to the later streams */
    for (int i = 0; i < STREAMS; i++)
        reasm_free(&s[i]);
    pool_free(&pool);
    assert_int_equal(pool.used, 0);
}

/* What a byte must read as, kept one byte per byte over a small window. */
enum { W = 6000 };
struct model {
    uint8_t state[W]; /* 0 unresolved, 1 captured, 2 not captured */
    uint8_t val[W];
};

static uint64_t rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Random segments (in and out of order, overlapping, cut short), gaps and releases, with
 * a cap that forces give-ups: every byte below contig reads as the model says, or as
 * given up. */
static void test_random_against_model(void **state)
{
    (void)state;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 40; round++) {
        struct reasm_pool pool;
        pool_init(&pool, BIG);
        struct reasm r;
        reasm_init(&r, &pool, round % 2 ? 3 * REASM_CHUNK : 0);
        static struct model m;
        memset(&m, 0, sizeof m);
        for (int step = 0; step < 300; step++) {
            uint64_t op = rnd(&x) % 10;
            if (op < 7) {
                uint64_t off = rnd(&x) % (W - 200);
                uint32_t len = 1 + (uint32_t)(rnd(&x) % 150);
                uint32_t cap = rnd(&x) % 4 ? len : (uint32_t)(rnd(&x) % len);
                uint8_t d[200];
                for (uint32_t i = 0; i < len; i++)
                    d[i] = (uint8_t)((off + i) * 7 + 1);
                uint64_t c0 = r.contig; /* bytes below it are resolved already */
                reasm_add(&r, off, d, cap, len);
                for (uint32_t i = 0; i < len; i++)
                    if (off + i >= c0 && off + i >= r.given_up_to && m.state[off + i] == 0) {
                        m.state[off + i] = i < cap ? 1 : 2;
                        m.val[off + i] = d[i];
                    }
            } else if (op < 8) {
                uint64_t upto = r.contig + rnd(&x) % 300;
                reasm_gap(&r, upto < W ? upto : W);
            } else {
                reasm_release(&r, r.base + rnd(&x) % 400);
            }
            assert_true(r.contig <= W);
            for (uint64_t o = r.base; o < r.contig;) {
                enum reasm_kind k;
                size_t n = reasm_run(&r, o, r.contig, &k);
                assert_true(n > 0);
                for (size_t i = 0; i < n; i++) {
                    uint64_t b = o + i;
                    if (k == REASM_GIVEN_UP) {
                        assert_true(b < r.given_up_to);
                    } else if (k == REASM_KNOWN) {
                        assert_int_equal(m.state[b], 1);
                        size_t got;
                        const uint8_t *p = reasm_ptr(&r, b, 1, &got);
                        assert_int_equal(*p, m.val[b]);
                    } else {
                        assert_int_not_equal(m.state[b], 1);
                    }
                }
                o += n;
            }
        }
        reasm_free(&r);
        pool_free(&pool);
    }
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

UNIT_MAIN(T(test_in_order), T(test_retransmission), T(test_out_of_order), T(test_gap_and_snaplen),
          T(test_release), T(test_huge_hole), cmocka_unit_test(test_stream_cap),
          cmocka_unit_test(test_pool_budget), cmocka_unit_test(test_index_budget),
          cmocka_unit_test(test_random_against_model))
