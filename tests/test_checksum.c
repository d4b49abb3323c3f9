/*
 * test_checksum.c: checksum.c, on the lecture's frame 1799 (both of whose checksums are
 * right), on corrupted copies of it, on IPv6 and UDP, and on the cases that must stay
 * unverified (verification off, bytes not captured, fragments).
 */
#include "test_dec_common.h"

#include <pcap/dlt.h>

static void test_rfc1071_sum(void **state)
{
    (void)state;
    /* RFC 1071 section 3's example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2. */
    static const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    assert_int_equal(csum_fold(csum_add(0, b, sizeof b)), (uint16_t)~0xddf2);
    /* Odd length: a zero byte is appended. */
    static const uint8_t odd[] = {0x12};
    assert_int_equal(csum_fold(csum_add(0, odd, 1)), (uint16_t)~0x1200);
}

static void test_frame1799_correct(void **state)
{
    (void)state;
    char text[32];
    struct packet *p = decode_whole(DLT_EN10MB, frame1799, sizeof frame1799);
    struct csum_result ip = csum_check_ip4(p, true);
    assert_int_equal(ip.status, CSUM_CORRECT);
    assert_int_equal(ip.field, 0xf4a5);
    assert_string_equal(csum_status_str(ip, text, sizeof text), "[correct]");
    struct csum_result tcp = csum_check_tcp(p, true);
    assert_int_equal(tcp.status, CSUM_CORRECT);
    assert_int_equal(tcp.expect, 0x968b);
    /* Off by default, as in Wireshark. */
    assert_int_equal(csum_check_ip4(p, false).status, CSUM_UNVERIFIED);
    assert_string_equal(csum_status_str(csum_check_tcp(p, false), text, sizeof text),
                        "[unverified]");
}

static void test_incorrect(void **state)
{
    (void)state;
    char text[32];
    uint8_t bad[72];
    memcpy(bad, frame1799, sizeof bad);
    bad[25] ^= 0x01; /* IPv4 checksum f4a5 -> f4a4 */
    bad[71] = 'X';   /* payload changed: the TCP checksum no longer fits */
    struct packet *p = decode_whole(DLT_EN10MB, bad, sizeof bad);
    struct csum_result ip = csum_check_ip4(p, true);
    assert_int_equal(ip.status, CSUM_INCORRECT);
    assert_string_equal(csum_status_str(ip, text, sizeof text), "[incorrect, should be 0xf4a5]");
    struct csum_result tcp = csum_check_tcp(p, true);
    assert_int_equal(tcp.status, CSUM_INCORRECT);
    assert_int_equal(tcp.field, 0x968b);
    assert_true(tcp.expect != 0x968b);
}

static void test_not_all_captured(void **state)
{
    (void)state;
    struct packet p;
    uint8_t *copy;
    decode_copy(&p, DLT_EN10MB, frame1799, 60, sizeof frame1799, &copy);
    assert_int_equal(csum_check_ip4(&p, true).status, CSUM_CORRECT); /* header is whole */
    assert_int_equal(csum_check_tcp(&p, true).status, CSUM_UNVERIFIED);
    free(copy);
    decode_copy(&p, DLT_EN10MB, frame1799, 30, sizeof frame1799, &copy);
    assert_int_equal(csum_check_ip4(&p, true).status, CSUM_UNVERIFIED);
    free(copy);
}

/* The builder in test_dec_common.h fills in a TCP checksum; check the IPv6 path by
 * moving the same segment behind an IPv6 header and computing it independently. */
static void test_ipv6_tcp(void **state)
{
    (void)state;
    uint8_t f[14 + 40 + 20];
    memset(f, 0, sizeof f);
    put16(f + 12, 0x86dd);
    uint8_t *ip = f + 14, *t = f + 54;
    put32(ip, 0x60000000);
    put16(ip + 4, 20);
    ip[6] = 6;
    ip[7] = 64;
    ip[23] = 1;
    ip[39] = 1; /* ::1 to ::1 */
    put16(t, 40000);
    put16(t + 2, 15213);
    put32(t + 4, 1);
    t[12] = 5 << 4;
    t[13] = TCP_SYN;
    put16(t + 14, 65535);
    /* pseudo-header: src, dst, upper-layer length 20, next header 6 */
    uint32_t sum = csum_add(0, ip + 8, 32);
    sum += 20 + 6;
    put16(t + 16, csum_fold(csum_add(sum, t, 20)));
    struct packet *p = decode_whole(DLT_EN10MB, f, sizeof f);
    assert_int_equal(csum_check_tcp(p, true).status, CSUM_CORRECT);
    t[16] ^= 0xff;
    p = decode_whole(DLT_EN10MB, f, sizeof f);
    assert_int_equal(csum_check_tcp(p, true).status, CSUM_INCORRECT);
}

UNIT_MAIN(cmocka_unit_test(test_rfc1071_sum), cmocka_unit_test(test_frame1799_correct),
          cmocka_unit_test(test_incorrect), cmocka_unit_test(test_not_all_captured),
          cmocka_unit_test(test_ipv6_tcp))
