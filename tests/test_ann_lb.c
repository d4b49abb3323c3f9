/*
 * test_ann_lb.c: the annotation's line writer (sniff/format/ann_lb.c) writes what
 * vsnprintf wrote in its place: every conversion the sentences use, with flags, widths
 * and length modifiers, the ones it leaves to vsnprintf, and each of them cut at every
 * length a line can end at; the quoted payload and the single bytes for all 256 byte
 * values against the per-byte printf calls they replaced, and the durations.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "ann_int.h"

#define CAP 96

/* The writer as it was: vsnprintf into the rest of the line. */
static void __attribute__((format(printf, 2, 3))) ref_printf(struct lb *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
}

/* The same append through both writers, on a line already holding "ab", for every line
 * length from 1 byte to CAP: the same bytes, length and terminator. */
#define SAME(...)                                                                                  \
    do {                                                                                           \
        for (size_t cap = 1; cap <= CAP; cap++) {                                                  \
            char want[CAP], got[CAP];                                                              \
            memset(want, 'z', sizeof want);                                                        \
            memset(got, 'z', sizeof got);                                                          \
            struct lb w = {want, 0, cap}, g = {got, 0, cap};                                       \
            ref_printf(&w, "ab");                                                                  \
            ref_printf(&g, "ab");                                                                  \
            ref_printf(&w, __VA_ARGS__);                                                           \
            lb_printf(&g, __VA_ARGS__);                                                            \
            assert_int_equal(w.len, g.len);                                                        \
            assert_memory_equal(want, got, cap);                                                   \
        }                                                                                          \
    } while (0)

static void test_conversions(void **state)
{
    (void)state;
    SAME("plain text, no conversion");
    SAME("%s", "");
    SAME("100%% sure");
    SAME("%s and %s", "client", "server");
    SAME("[%5s|%-5s|%2s]", "ab", "cd", "long word");
    SAME("%*s|%-*s|%*s", 6, "x", 6, "y", -6, "z");
    SAME("%c%c%c", 'a', '"', '\\');
    SAME("[%3c|%-3c]", 'q', 'r');
    SAME("%d %d %d %i", 0, -1, 2147483647, (int)-2147483647 - 1);
    SAME("%u %u %u", 0u, 15213u, 4294967295u);
    SAME("%lu %ld %ld", 18446744073709551615ul, -9223372036854775807l - 1, 42l);
    SAME("%llu %lld %lld", 18446744073709551615ull, -9223372036854775807ll - 1, 7ll);
    SAME("%zu bytes", (size_t)68703909);
    SAME("%02x %02x %04x %x %lx", 0u, 255u, 0x86ddu, 0xdeadbeefu, 0x1234567890ul);
    SAME("%03lld.%03lld ms", 1ll, 64ll);
    SAME("[%5d|%-5d|%05d|%05d]", 42, 42, 42, -42);
    SAME("[%5u|%05llu|%1u]", 7u, 123ull, 12345u);
    SAME("Seq=%u Ack=%u Win=%u Len=%u (%s)", 1u, 4294967295u, 65535u, 0u, "relative");
}

/* What the writer leaves to vsnprintf gives vsnprintf's bytes all the same. */
static void test_left_to_vsnprintf(void **state)
{
    (void)state;
    SAME("%.3s|%.*s", "abcdef", 2, "xyz");
    SAME("%+d % d %#x %X", 5, 5, 255u, 255u);
    SAME("%hhu %hu", (unsigned char)200, (unsigned short)60000);
    SAME("%jd %ju %td", (intmax_t)-5, (uintmax_t)5, (ptrdiff_t)-3);
    SAME("%.2f %g %e", 1.5, 0.25, 1e10);
    SAME("%p", (void *)0);
    SAME("%s then %.1f", "text", 2.25);
    const char *volatile nul = NULL; /* glibc's "(null)"; hidden from -Wformat */
    SAME("%s", nul);
}

static void ref_quote(struct lb *b, const uint8_t *p, uint32_t caplen, uint32_t len)
{
    ref_printf(b, "\"");
    uint32_t n = caplen < ANN_PREVIEW ? caplen : ANN_PREVIEW;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\n' || c == '\r' || c == '\t')
            ref_printf(b, "%s", c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
        else if (c == '"' || c == '\\')
            ref_printf(b, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            ref_printf(b, "%c", c);
        else
            ref_printf(b, "\\x%02x", c);
    }
    ref_printf(b, "\"%s", n < len ? "..." : "");
}

/* The single byte, from a table of the escapes rather than lb_byte's tests. */
static void ref_byte(struct lb *b, uint8_t c)
{
    static const char *const esc[256] = {
        ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t", ['\''] = "\\'", ['\\'] = "\\\\"};
    char one[2] = {(char)c, '\0'};
    if (c == 0)
        ref_printf(b, "NUL (00)");
    else if (esc[c] == NULL && (c < 0x20 || c >= 0x7f))
        ref_printf(b, "(%02x)", c);
    else
        ref_printf(b, "'%s' (%02x)", esc[c] != NULL ? esc[c] : one, c);
}

/* Every byte value quoted, 48 at a time (past a preview's 40), cut at many lengths. */
static void test_quote(void **state)
{
    (void)state;
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    for (int at = 0; at < 256; at += 8) {
        uint32_t n = (uint32_t)(256 - at < 48 ? 256 - at : 48);
        for (size_t cap = 1; cap <= 3 * CAP; cap += 7) {
            char want[3 * CAP], got[3 * CAP];
            memset(want, 'z', sizeof want);
            memset(got, 'z', sizeof got);
            struct lb w = {want, 0, cap}, g = {got, 0, cap};
            ref_quote(&w, all + at, n, n + (at & 8));
            lb_quote(&g, all + at, n, n + (at & 8));
            assert_int_equal(w.len, g.len);
            assert_memory_equal(want, got, cap);
        }
    }
}

static void test_byte(void **state)
{
    (void)state;
    for (int c = 0; c < 256; c++) {
        char want[CAP], got[CAP];
        struct lb w = {want, 0, CAP}, g = {got, 0, CAP};
        ref_byte(&w, (uint8_t)c);
        lb_byte(&g, (uint8_t)c);
        assert_int_equal(w.len, g.len);
        assert_memory_equal(want, got, w.len + 1);
    }
}

/* Durations against the format they were written with, cut at every length. */
static void test_dur(void **state)
{
    (void)state;
    static const int64_t ns[] = {-5,         0,          999,           1000,
                                 64123,      999999,     1000000,       999999999,
                                 1000000000, 1505000000, 3600123456789, INT64_MAX};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        int64_t v = ns[i] < 0 ? 0 : ns[i];
        for (size_t cap = 1; cap <= 40; cap++) {
            char want[40], got[40];
            memset(want, 'z', sizeof want);
            memset(got, 'z', sizeof got);
            struct lb w = {want, 0, cap}, g = {got, 0, cap};
            if (v < 1000000000)
                ref_printf(&w, "%lld.%03lld ms", (long long)(v / 1000000),
                           (long long)(v / 1000 % 1000));
            else
                ref_printf(&w, "%lld.%03lld s", (long long)(v / 1000000000),
                           (long long)(v / 1000000 % 1000));
            lb_dur(&g, ns[i]);
            assert_int_equal(w.len, g.len);
            assert_memory_equal(want, got, cap);
        }
    }
}

UNIT_MAIN(cmocka_unit_test(test_conversions), cmocka_unit_test(test_left_to_vsnprintf),
          cmocka_unit_test(test_quote), cmocka_unit_test(test_byte), cmocka_unit_test(test_dur))
