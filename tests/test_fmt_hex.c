/*
 * test_fmt_hex.c: the -x bytes pane against `tshark -x` output for the lecture's
 * frame 1799 (72 bytes, from the slide; shared with the decoder tests), and edge cases of
 * the line layout.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "unit.h"

#include "fmt.h"
#include "test_dec_common.h" /* frame1799, the lecture's frame */

/* tshark 4.0.17 -x on a pcap holding frame 1799, byte for byte. */
static const char expect1799[] =
    "0000  08 00 7f 20 00 64 00 16 ea e3 54 e6 08 00 45 00   ... .d....T...E.\n"
    "0010  00 3a 2c 7a 40 00 80 06 f4 a5 80 ed fc a3 80 02   .:,z@...........\n"
    "0020  dc 0a d8 0a 3b 6d f4 a4 99 6c 75 de 71 6a 50 18   ....;m...lu.qjP.\n"
    "0030  3f ff 96 8b 00 00 68 65 72 65 20 69 73 20 61 20   ?.....here is a \n"
    "0040  6d 65 73 73 61 67 65 0a                           message.\n"
    "\n";

static struct out *new_out(void)
{
    struct out *o = malloc(sizeof *o);
    assert_non_null(o);
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    out_init(o, fd); /* closed at exit */
    return o;
}

static void assert_out(const struct out *o, const char *want)
{
    size_t n = strlen(want);
    if (o->len != n || memcmp(o->buf, want, n) != 0)
        fail_msg("got:\n%.*s\nwant:\n%s", (int)o->len, o->buf, want);
}

static void test_frame1799(void **state)
{
    (void)state;
    struct out *o = new_out();
    fmt_hex(o, frame1799, sizeof frame1799);
    assert_out(o, expect1799);
    free(o);
}

static void test_exact_lines(void **state)
{
    (void)state;
    struct out *o = new_out();
    uint8_t b[32];
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)(0x7c + i); /* 0x7c..0x9b: printable, then DEL and high bytes */
    fmt_hex(o, b, 17);
    assert_out(o, "0000  7c 7d 7e 7f 80 81 82 83 84 85 86 87 88 89 8a 8b   |}~.............\n"
                  "0010  8c                                                .\n"
                  "\n");
    o->len = 0;
    fmt_hex(o, b, 16);
    assert_out(o, "0000  7c 7d 7e 7f 80 81 82 83 84 85 86 87 88 89 8a 8b   |}~.............\n"
                  "\n");
    o->len = 0;
    fmt_hex(o, (const uint8_t *)" ", 1);
    assert_out(o, "0000  20                                                 \n\n");
    o->len = 0;
    fmt_hex(o, b, 0);
    assert_out(o, "\n");
    free(o);
}

/* --redact: frame 1799's payload (from byte 54) masked, "xx" and "*"; an empty range
 * prints as fmt_hex; a range past the end is clipped to it. */
static void test_masked(void **state)
{
    (void)state;
    struct out *o = new_out();
    fmt_hex_masked(o, frame1799, sizeof frame1799, 54, 18);
    assert_out(o, "0000  08 00 7f 20 00 64 00 16 ea e3 54 e6 08 00 45 00   ... .d....T...E.\n"
                  "0010  00 3a 2c 7a 40 00 80 06 f4 a5 80 ed fc a3 80 02   .:,z@...........\n"
                  "0020  dc 0a d8 0a 3b 6d f4 a4 99 6c 75 de 71 6a 50 18   ....;m...lu.qjP.\n"
                  "0030  3f ff 96 8b 00 00 xx xx xx xx xx xx xx xx xx xx   ?.....**********\n"
                  "0040  xx xx xx xx xx xx xx xx                           ********\n"
                  "\n");
    o->len = 0;
    fmt_hex_masked(o, frame1799, sizeof frame1799, 0, 0);
    assert_out(o, expect1799);
    o->len = 0;
    fmt_hex_masked(o, frame1799, 3, 1, SIZE_MAX);
    assert_out(o, "0000  08 xx xx                                          .**\n\n");
    free(o);
}

/* Beyond 64 KiB the offset grows to as many digits as the last offset needs. */
static void test_wide_offsets(void **state)
{
    (void)state;
    size_t n = 0x10001;
    uint8_t *b = calloc(n, 1);
    assert_non_null(b);
    struct out *o = new_out();
    /* 4097 lines of 74 bytes overflow the buffer once: only the tail is kept. */
    fmt_hex(o, b, n);
    const char *last = "0fff0  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   ................\n"
                       "10000  00                                                .\n\n";
    size_t ll = strlen(last);
    assert_true(o->len > ll);
    assert_true(memcmp(o->buf + o->len - ll, last, ll) == 0);
    free(b);
    free(o);
}

UNIT_MAIN(cmocka_unit_test(test_frame1799), cmocka_unit_test(test_exact_lines),
          cmocka_unit_test(test_masked), cmocka_unit_test(test_wide_offsets))
