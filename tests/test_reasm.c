/*
 * test_reasm.c: sniff/track/reasm.c, per-direction stream reassembly: in order, retransmitted,
 * overlapping, out of order, cut by the snapshot length, holes declared not captured,
 * the ring wrapping as bytes are released, and the size cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "reasm.h"

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

static void test_in_order(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, 1 << 16);
    assert_int_equal(reasm_add(&r, 0, text(), 5, 5), REASM_NEW);
    assert_int_equal(reasm_add(&r, 5, text() + 5, 5, 5), REASM_NEW);
    assert_int_equal(r.contig, 10);
    expect_bytes(&r, 0, "abcdefghij");
    bool known;
    assert_int_equal(reasm_run(&r, 0, 10, &known), 10);
    assert_true(known);
    reasm_free(&r);
}

static void test_retransmission_and_overlap(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, 1 << 16);
    reasm_add(&r, 0, text(), 10, 10);
    assert_int_equal(reasm_add(&r, 0, text(), 10, 10), REASM_DUP);
    /* Overlap: 5..14, of which 10..14 are new. */
    assert_int_equal(reasm_add(&r, 5, text() + 5, 10, 10), REASM_NEW | REASM_DUP);
    assert_int_equal(r.contig, 15);
    assert_int_equal(r.dup_bytes, 15);
    expect_bytes(&r, 0, "abcdefghijklmno");
    reasm_free(&r);
}

static void test_out_of_order(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, 1 << 16);
    assert_int_equal(reasm_add(&r, 10, text() + 10, 5, 5), REASM_NEW | REASM_AHEAD);
    assert_int_equal(r.contig, 0);
    assert_int_equal(r.high, 15);
    assert_int_equal(reasm_add(&r, 0, text(), 10, 10), REASM_NEW);
    assert_int_equal(r.contig, 15);
    expect_bytes(&r, 0, "abcdefghijklmno");
    reasm_free(&r);
}

static void test_gap_and_snaplen(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, 1 << 16);
    reasm_add(&r, 0, text(), 5, 5);
    reasm_add(&r, 10, text() + 10, 5, 5); /* 5..9 missing */
    assert_true(reasm_gap(&r, 10));
    assert_int_equal(r.contig, 15);
    assert_int_equal(r.gap_bytes, 5);
    bool known;
    assert_int_equal(reasm_run(&r, 0, 15, &known), 5);
    assert_true(known);
    assert_int_equal(reasm_run(&r, 5, 15, &known), 5);
    assert_false(known);
    assert_int_equal(reasm_run(&r, 10, 15, &known), 5);
    assert_true(known);
    /* A segment of 8 bytes of which 3 were captured. */
    reasm_add(&r, 15, text() + 15, 3, 8);
    assert_int_equal(r.contig, 23);
    assert_int_equal(reasm_run(&r, 15, 23, &known), 3);
    assert_true(known);
    assert_int_equal(reasm_run(&r, 18, 23, &known), 5);
    assert_false(known);
    /* Bytes of the hole arriving late change nothing. */
    assert_int_equal(reasm_add(&r, 5, text() + 5, 5, 5), REASM_DUP);
    reasm_free(&r);
}

static void test_release_wraps(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, REASM_MIN_CAP);
    uint64_t off = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t n = 7 + (uint32_t)(i % 23);
        uint8_t seg[64];
        for (uint32_t k = 0; k < n; k++)
            seg[k] = (uint8_t)((off + k) * 31);
        assert_int_equal(reasm_add(&r, off, seg, n, n), REASM_NEW);
        uint8_t back[64];
        reasm_copy(&r, off, back, n);
        assert_memory_equal(back, seg, n);
        off += n;
        reasm_release(&r, off - 3); /* keep a few bytes held across the wrap */
    }
    assert_int_equal(r.cap, REASM_MIN_CAP);
    assert_false(r.overflow);
    reasm_free(&r);
}

static void test_cap(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, REASM_MIN_CAP);
    uint8_t big[REASM_MIN_CAP];
    memset(big, 'x', sizeof big);
    assert_int_equal(reasm_add(&r, 0, big, REASM_MIN_CAP, REASM_MIN_CAP), REASM_NEW);
    assert_true(reasm_add(&r, REASM_MIN_CAP, big, 1, 1) & REASM_OVERFLOW);
    assert_true(r.overflow);
    /* Released bytes make room again. */
    reasm_release(&r, 100);
    r.overflow = false;
    assert_int_equal(reasm_add(&r, REASM_MIN_CAP, big, 1, 1), REASM_NEW);
    reasm_free(&r);
}

static void test_grows_then_jumps(void **state)
{
    (void)state;
    struct reasm r;
    reasm_init(&r, 1 << 16);
    uint8_t big[20000];
    memset(big, 'y', sizeof big);
    assert_int_equal(reasm_add(&r, 0, big, sizeof big, sizeof big), REASM_NEW);
    assert_int_equal(r.cap, 32768);
    reasm_release(&r, sizeof big);
    /* Nothing held: a hole of any size is a jump. */
    assert_true(reasm_gap(&r, 10000000));
    assert_int_equal(r.contig, 10000000);
    assert_int_equal(reasm_add(&r, 10000000, big, 10, 10), REASM_NEW);
    reasm_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),         cmocka_unit_test(test_retransmission_and_overlap),
        cmocka_unit_test(test_out_of_order),     cmocka_unit_test(test_gap_and_snaplen),
        cmocka_unit_test(test_release_wraps),    cmocka_unit_test(test_cap),
        cmocka_unit_test(test_grows_then_jumps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
